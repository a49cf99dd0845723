"""Editors see and comment on submissions; moderators may also delete them.

Both groups reach the admin's "Inzendingen" listing and the submitter's details (personal data,
shown to editors only); the public never does.
"""

from django.db import migrations

PERMISSIONS = {
    "Redacteuren": {"submission": ("view", "change")},
    "Moderatoren": {"submission": ("view", "change", "delete")},
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("submissions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, models in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="submissions",
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("library", "0002_editorial_groups_and_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
