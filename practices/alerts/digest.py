"""The daily run behind ``manage.py send_search_alerts``: weekly digests and the clean-up.

Each confirmed alert gets a digest when its last one (or its confirmation) is at least
ALERT_DIGEST_INTERVAL_DAYS old and its search has practices published or updated since; with
nothing new no e-mail goes out, and the next run looks again. Unconfirmed alerts older than
ALERT_CONFIRMATION_DAYS are deleted, and with them addresses that follow nothing.
"""

import dataclasses

from django.db import transaction
from django.utils import timezone, translation

from . import mail
from .models import AlertRecipient, SearchAlert
from .searches import news, read_saved

SENT, NOTHING_NEW, FAILED, UNREADABLE = "sent", "nothing_new", "failed", "unreadable"


@dataclasses.dataclass
class Run:
    purged: int = 0
    sent: int = 0
    nothing_new: int = 0
    failed: int = 0
    unreadable: int = 0

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def purge_unconfirmed(now=None):
    """Delete the alerts nobody confirmed in time, and addresses left without alerts."""
    with transaction.atomic():
        purged = (
            SearchAlert.objects.unconfirmed_expired(now).delete()[1].get(SearchAlert._meta.label, 0)
        )
        AlertRecipient.delete_unused()
    return purged


def send_due(now=None, progress=None):
    """Send every digest that is due; ``progress(done, total)`` after each alert."""
    now = now or timezone.now()
    run = Run(purged=purge_unconfirmed(now))
    due = list(SearchAlert.objects.due(now))
    for done, alert in enumerate(due, start=1):
        run.count(send_one(alert, now))
        if progress:
            progress(done, len(due))
    return run


def send_one(alert, now):
    """Send one alert its digest. ``now`` is when the run began: what is published while it
    runs is news for the next digest, not lost between two."""
    with translation.override(alert.language):  # the search in words, in the e-mail's language
        found = read_saved(alert.search)
    if found is None:
        return UNREADABLE
    query, description = found
    pages = news(query, alert.news_since)
    if not pages:
        return NOTHING_NEW
    if not mail.send_digest(alert, query, description, pages):
        return FAILED
    SearchAlert.objects.filter(pk=alert.pk).update(last_sent_at=now)
    return SENT
