from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.library.instruments import load_instruments


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Maakt van elk instrument in practices/library/instruments/sources een pagina onder "
        "Instrumenten, met het model als DOCX, ODT en PDF. Veilig om opnieuw te draaien: "
        "alleen wat in de bron veranderde, wordt opnieuw gemaakt."
    )

    def handle(self, **options):
        loads = load_instruments()
        counts = {
            "created": sum(load.page_created for load in loads),
            "updated": sum(load.page_updated for load in loads),
            "files": sum(len(load.files_written) for load in loads),
            "total": len(loads),
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Instrumenten: %(total)s in de bronnen, %(created)s pagina's nieuw, "
                    "%(updated)s bijgewerkt, %(files)s bestanden geschreven."
                )
                % counts
            )
        )
