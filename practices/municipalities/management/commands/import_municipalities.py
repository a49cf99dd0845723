from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practices.municipalities.importing import ImportFailed, import_municipalities


class Command(BaseCommand):
    help = (
        "Importeert gemeenten uit een CSV-bestand van het CBS (kolommen: cbs_code/GemeentecodeGM, "
        "name/Gemeentenaam, province/Provincienaam, optioneel inhabitants/Inwoners). "
        "Alles of niets: bij een fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--encoding", default="utf-8-sig")

    def handle(self, csv_file, encoding, **options):
        try:
            text = csv_file.read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan {csv_file} niet lezen: {error}") from error
        done = 0

        def progress():
            nonlocal done
            done += 1
            if done % 50 == 0:
                self.stderr.write(f"  {done} gemeenten verwerkt ...")

        try:
            result = import_municipalities(text, progress=progress)
        except ImportFailed as failure:
            raise CommandError(
                "Niets geïmporteerd. Los deze fouten op:\n" + "\n".join(failure.errors)
            ) from failure
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} gemeenten toegevoegd, {result.updated} bijgewerkt."
            )
        )
