"""Send the weekly e-mails of saved searches, and delete alerts nobody confirmed in time.

Run it once a day (a systemd timer or cron): each alert gets at most one e-mail per
ALERT_DIGEST_INTERVAL_DAYS, so a daily run sends each digest on its day and keeps the promise
of the privacy statement that unconfirmed addresses go after ALERT_CONFIRMATION_DAYS.
"""

import dataclasses

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.alerts.digest import send_due

PROGRESS_EVERY = 100


class Command(BaseCommand):
    # Read when the command is loaded, in the site language (argparse takes no lazy text).
    help = _(
        "Stuur de wekelijkse e-mails bij nieuwe praktijken, en verwijder aanmeldingen die niet "
        "op tijd zijn bevestigd. Draai dit elke dag."
    )

    def handle(self, *args, **options):
        run = send_due(progress=self._progress)
        self.stdout.write(
            _(
                "E-mail bij nieuwe praktijken: %(sent)d verstuurd, %(nothing_new)d zonder "
                "nieuws, %(failed)d mislukt, %(unreadable)d met een zoekopdracht die niet meer "
                "werkt; %(purged)d onbevestigde aanmeldingen verwijderd."
            )
            % dataclasses.asdict(run)
        )

    def _progress(self, done, total):
        if done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(
                _("%(done)d van %(total)d zoekopdrachten bekeken") % {"done": done, "total": total}
            )
