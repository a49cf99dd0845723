"""``manage.py import_practices FILE``: practices from the export's CSV or JSON, or an XLSX or
ODS spreadsheet with its columns (practices.library.importing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.library.importing import ImportFailed, import_practices
from search.management.progress import ProgressBar


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Importeert praktijken uit een CSV- of JSON-bestand van de export, of uit een "
        "spreadsheet (XLSX of ODS) met dezelfde kolommen. Maakt praktijken aan of werkt ze "
        "bij, als concept of (met --publish) gepubliceerd. Alles of niets: bij één fout wordt "
        "niets opgeslagen en staan alle fouten met hun rij en kolom in de melding."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("Publiceer de praktijken meteen (anders worden het concepten)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Controleer alleen en laat zien wat er zou gebeuren; sla niets op."),
        )

    def handle(self, file, publish, dry_run, verbosity, **options):
        if not file.is_file():
            raise CommandError(_("Bestand %(file)s bestaat niet.") % {"file": file})
        self.stdout.write(_("Lezen: %(file)s") % {"file": file})
        bar = None

        def progress(done, total):
            nonlocal bar
            bar = bar or ProgressBar(self.stderr, _("Praktijken"), total)
            bar.update(done)

        try:
            report = import_practices(file, publish=publish, dry_run=dry_run, progress=progress)
        except ImportFailed as failure:
            if bar:
                bar.finish()
            raise CommandError(
                ngettext(
                    "Niets geïmporteerd: %(count)s probleem.",
                    "Niets geïmporteerd: %(count)s problemen.",
                    len(failure.problems),
                )
                % {"count": len(failure.problems)}
                + "\n"
                + "\n".join(failure.problems)
            ) from failure
        if bar:
            bar.finish()
        self._log(report, verbosity)

    def _log(self, report, verbosity):
        for note in report.skipped:
            self.stdout.write(note)
        if report.dry_run or verbosity >= 2:
            for number, title in report.created:
                self.stdout.write(
                    _("Rij %(row)s: nieuw: %(title)s") % {"row": number, "title": title}
                )
            for number, title in report.updated:
                self.stdout.write(
                    _("Rij %(row)s: bijgewerkt: %(title)s") % {"row": number, "title": title}
                )
        counts = {"created": len(report.created), "updated": len(report.updated)}
        if report.dry_run:
            summary = _(
                "Proefdraai, niets opgeslagen. Zou aanmaken: %(created)s, bijwerken: %(updated)s."
            )
        elif report.published:
            summary = _("Klaar. Aangemaakt: %(created)s, bijgewerkt: %(updated)s; gepubliceerd.")
        else:
            summary = _(
                "Klaar. Aangemaakt: %(created)s, bijgewerkt: %(updated)s; als concept "
                "(publiceer ze in de beheeromgeving, of importeer met --publish)."
            )
        self.stdout.write(summary % counts)
