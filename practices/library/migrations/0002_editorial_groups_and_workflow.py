"""Editorial groups and the "Redactie" moderation workflow.

Wagtail's first migrations create the English groups "Editors" and "Moderators" and a
"Moderators approval" workflow on the root page. We rename them to the Dutch names editors see,
give both groups the snippet and document permissions the platform needs, and make "Redactie"
the one workflow for all pages: redacteuren submit, moderatoren approve.
"""

from django.db import migrations

WORKFLOW_NAME = "Redactie"
TASK_NAME = "Beoordeling door moderator"

EDITOR_MODEL_PERMISSIONS = {
    "taxonomy": {"factor": ("add", "change", "view")},
    "municipalities": {"municipality": ("add", "change", "view")},
    "wagtaildocs": {"document": ("add", "change", "choose")},
    "wagtailimages": {"image": ("add", "change", "choose")},
}
MODERATOR_MODEL_PERMISSIONS = {
    "taxonomy": {
        model: ("add", "change", "delete", "view")
        for model in ("form", "rung", "strategy", "challenge", "sector", "sizeclass", "factor")
    },
    "municipalities": {"municipality": ("add", "change", "delete", "view")},
    "wagtaildocs": {"document": ("add", "change", "delete", "choose")},
    "wagtailimages": {"image": ("add", "change", "delete", "choose")},
}


def _ensure_permissions_exist(apps):
    # Model permissions are normally created after all migrations ran; we need them now.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _renamed_group(Group, english, dutch):
    group = Group.objects.filter(name=dutch).first()
    if group:
        return group
    group = Group.objects.filter(name=english).first() or Group(name=dutch)
    group.name = dutch
    group.save()
    return group


def _grant(Permission, group, spec):
    for app_label, models in spec.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


def forwards(apps, schema_editor):
    _ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors = _renamed_group(Group, "Editors", "Redacteuren")
    moderators = _renamed_group(Group, "Moderators", "Moderatoren")
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editors.permissions.add(*admin_access)
    moderators.permissions.add(*admin_access)
    _grant(Permission, editors, EDITOR_MODEL_PERMISSIONS)
    _grant(Permission, moderators, MODERATOR_MODEL_PERMISSIONS)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # The English default workflow is replaced by "Redactie"; keep it, inactive, for history.
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("taxonomy", "0001_initial"),
        ("municipalities", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
