"""Adds the fictitious example practices to the local demo (platform/run), never to production."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.library.demo import load_illustrative_practices


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Laadt fictieve voorbeeldpraktijken voor de demo, zodat elke vorm en strategie "
        "praktijken heeft. Elke praktijk staat op de site als fictief voorbeeld. Niet voor "
        "productie. Veilig om opnieuw te draaien."
    )

    def handle(self, **options):
        report = load_illustrative_practices()
        self.stdout.write(_("Fictieve voorbeelden: %(report)s.") % {"report": report})
