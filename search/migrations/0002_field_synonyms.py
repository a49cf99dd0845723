"""The field's jargon that means the same thing; editors add more in the admin."""

from django.db import migrations

GROUPS = [
    "burgerinitiatief, bewonersinitiatief, maatschappelijk initiatief",
    "uitdaagrecht, right to challenge",
    "wijkbudget, buurtbudget",
    "wijk, buurt",
    "vrijwilliger, vrijwilligerswerk",
]


def forwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms in GROUPS:
        SynonymGroup.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
