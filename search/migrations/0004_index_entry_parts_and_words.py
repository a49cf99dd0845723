from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_index_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexentry",
            name="parts_terms",
            field=models.TextField(default="", help_text="Terms of the parts of compounds."),
        ),
        migrations.AddField(
            model_name="indexentry",
            name="words",
            field=models.TextField(
                default="", help_text="The distinct folded words as written, for fixing typos."
            ),
        ),
    ]
