"""Taxonomy terms and municipalities no longer keep a Wagtail search index (the admin searches
them with a database lookup): drop the entries they left behind."""

from django.db import migrations

APPS = ("taxonomy", "municipalities")


def drop_entries(apps, schema_editor):
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    IndexEntry.objects.filter(content_type__app_label__in=APPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0001_initial"),
        ("municipalities", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(drop_entries, migrations.RunPython.noop)]
