"""Synonym groups: one-way rules in the help text, a switch to turn a group off, the key of
the seed group a row came from, the time of the last change (so every process notices an edit),
and the groups of search/data/thesaurus.toml that are not there yet."""

from django.db import migrations, models


def seed(apps, schema_editor):
    from search.thesaurus import seed_thesaurus

    # Only the fields terms and seed: the historical model of this migration has both.
    seed_thesaurus(apps.get_model("search", "SynonymGroup"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_index_entry_parts_and_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="synonymgroup",
            name="active",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Zet uit om deze groep niet meer bij het zoeken te gebruiken. Een groep uit "
                    "de standaardlijst komt na verwijderen terug; uitzetten blijft bewaard."
                ),
                verbose_name="in gebruik",
            ),
        ),
        migrations.AddField(
            model_name="synonymgroup",
            name="changed",
            field=models.DateTimeField(auto_now=True, verbose_name="gewijzigd"),
        ),
        migrations.AddField(
            model_name="synonymgroup",
            name="seed",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text=(
                    "The key of the group in search/data/thesaurus.toml, if it came from there."
                ),
                max_length=100,
                verbose_name="standaardgroep",
            ),
        ),
        migrations.AlterField(
            model_name="synonymgroup",
            name="terms",
            field=models.TextField(
                help_text=(
                    "Woorden of woordgroepen die bij het zoeken hetzelfde betekenen, gescheiden "
                    "door komma's; elk woord vindt dan ook de andere. Bijvoorbeeld: buurthuis, "
                    "wijkcentrum, dorpshuis. Moet een breder woord de smallere vinden, maar niet "
                    "andersom? Zet dan '=>' ertussen, het brede woord links. Bijvoorbeeld: "
                    "groen => groenbeheer, plantsoen, boomspiegel. Een treffer op een synoniem "
                    "telt even zwaar als op het woord zelf: zet alleen woorden bij elkaar die "
                    "echt hetzelfde betekenen."
                ),
                verbose_name="woorden",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
