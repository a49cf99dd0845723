from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from practices.municipalities.importing import ImportFailed, import_municipalities


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Importeert gemeenten uit een CSV-bestand van het CBS (kolommen: cbs_code/GemeentecodeGM, "
        "name/Gemeentenaam, province/Provincienaam, optioneel inhabitants/Inwoners en "
        "inhabitants_date/Peildatum, zoals 2024-01-01). Alles of niets: bij een fout wordt "
        "niets opgeslagen. Een rij zonder inwoners laat het aantal staan dat er al is."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--encoding", default="utf-8-sig")

    def handle(self, csv_file, encoding, **options):
        try:
            text = csv_file.read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Kan %(file)s niet lezen: %(error)s") % {"file": csv_file, "error": error}
            ) from error
        done = 0

        def progress():
            nonlocal done
            done += 1
            if done % 50 == 0:
                self.stderr.write(_("  %(count)s gemeenten verwerkt ...") % {"count": done})

        try:
            result = import_municipalities(text, progress=progress)
        except ImportFailed as failure:
            raise CommandError(
                _("Niets geïmporteerd. Los deze fouten op:\n%(errors)s")
                % {"errors": "\n".join(failure.errors)}
            ) from failure
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)s gemeenten toegevoegd, %(updated)s bijgewerkt.")
                % {"created": result.created, "updated": result.updated}
            )
        )
