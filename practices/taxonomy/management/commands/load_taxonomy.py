from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.taxonomy.loading import load_taxonomy


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Laadt de taxonomie en de enquêtecijfers van 2013 uit het rapport, en de standaard "
        "synoniemgroepen van het zoeken. Voegt alleen toe wat ontbreekt; wijzigingen van "
        "redacteuren blijven staan."
    )

    def handle(self, **options):
        report = load_taxonomy()
        self.stdout.write(
            self.style.SUCCESS(_("Taxonomie geladen: %(report)s.") % {"report": report})
        )
