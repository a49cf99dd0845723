"""The outbox of index work: pages queued with their change, worked off until every index has
taken them.

search.signals calls ``queue_pages`` inside the transaction of the change: the row commits or
rolls back with it, and a second change of the same page re-arms the one row. The task
search.tasks.process_index_queue calls ``process_due``: it takes the due rows (on PostgreSQL
with ``SKIP LOCKED``, so two workers never take the same row), brings each page's entries in
line in every backend, deletes the row when all succeeded, and otherwise keeps it with the
error and a retry time that doubles with every failed attempt (2 s up to 1 minute, jittered
so that the retries of many rows do not hit a recovering engine at the same moment).

Nothing is dropped: an engine that is down, overloaded or slow (EngineUnavailable, HTTP 5xx)
is retried; a refusal that is our bug (another 4xx) is logged as an error and retried with
the same capped delay, so it stays visible in the admin's queue view until it is fixed.
"""

import dataclasses
import logging
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from wagtail.models import Page

from .backends.base import EngineUnavailable
from .backends.engine.client import EngineError
from .documents import document_for
from .models import QueuedIndexUpdate
from .service import index_backends

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
FIRST_DELAY = 2  # seconds
# One minute at most: a flaky engine (some requests refused) gets each page again soon, and a
# page makes a few requests, so a long cap would leave a few pages waiting for many minutes.
MAX_DELAY = 60
# How long a worker may take for a batch before another one may take its rows (it died):
# longer than a few engine calls at their bulk timeout (search.backends.engine.client).
CLAIM = timedelta(minutes=10)
# After this many pages in a row that failed because the engine is away, the rest of the
# batch waits too: trying them now would only add timeouts.
FAILURES_BEFORE_PAUSE = 3
MAX_ERROR_LENGTH = 2000
# Refusals that may pass (besides every 5xx): a request timeout and "too many requests".
TRANSIENT_STATUSES = {408, 429}
SHOWN_FAILURES = 20  # in the admin's queue view


def queue_pages(page_ids):
    """Queues index work for these pages in the current transaction (an upsert: a queued
    page is made due again, keeping its count of failed attempts)."""
    now = timezone.now()
    QueuedIndexUpdate.objects.bulk_create(
        [
            QueuedIndexUpdate(page_id=page_id, queued_at=now, next_attempt_at=now)
            for page_id in sorted(set(page_ids))
        ],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["queued_at", "next_attempt_at"],
    )


def retry_delay(attempts):
    """Seconds before the next attempt after ``attempts`` failed ones: doubling, capped, and
    between half and all of that (jitter)."""
    delay = min(FIRST_DELAY * 2 ** (attempts - 1), MAX_DELAY)
    # A pseudo-random spread of retry times, nothing secret: bandit's B311 does not apply.
    return delay / 2 + random.uniform(0, delay / 2)  # nosec B311


@dataclasses.dataclass
class Outcome:
    done: int = 0
    failed: int = 0
    postponed: int = 0


def process_due(batch_size=BATCH_SIZE):
    """Works off one batch of due rows; returns an Outcome."""
    outcome = Outcome()
    batch = _claim_due(batch_size)
    unavailable_in_a_row = 0
    for position, row in enumerate(batch):
        try:
            bring_in_line(row.page_id)
        except Exception as error:  # any fault: kept and shown, never dropped
            retry_at = _record_failure(row, error)
            outcome.failed += 1
            unavailable_in_a_row = unavailable_in_a_row + 1 if is_transient(error) else 0
            if unavailable_in_a_row >= FAILURES_BEFORE_PAUSE:
                outcome.postponed = _postpone([r.pk for r in batch[position + 1 :]], retry_at)
                break
        else:
            _record_success(row)
            outcome.done += 1
            unavailable_in_a_row = 0
    return outcome


def bring_in_line(page_id):
    """Writes the page's entry to every index when it belongs there, else removes it.

    The database index (the fallback) comes first, so it is right even while the engine is
    away; every write replaces the whole entry, so a retry repeats it safely.
    """
    page = Page.objects.filter(pk=page_id).first()
    document = document_for(page) if page else None
    for backend in index_backends():
        if document is None:
            backend.delete([f"page:{page_id}"])
        else:
            backend.index([document])


def next_run_at():
    """When a queued row is next due (taken rows count from when their claim ends), or None
    when the queue is empty."""
    due = Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at"))
    return QueuedIndexUpdate.objects.aggregate(earliest=Min(due))["earliest"]


def summary():
    """What editors see: how many pages wait, how many of them failed, since when, and why."""
    counts = QueuedIndexUpdate.objects.aggregate(
        pending=Count("pk"),
        failing=Count("pk", filter=Q(attempts__gt=0)),
        oldest=Min("queued_at"),
    )
    last_failed = (
        QueuedIndexUpdate.objects.filter(attempts__gt=0).order_by("-last_attempt_at").first()
    )
    return {
        **counts,
        "last_error": last_failed.last_error if last_failed else "",
        "last_attempt_at": last_failed.last_attempt_at if last_failed else None,
        "failing_rows": _failing_rows(SHOWN_FAILURES),
    }


def _failing_rows(limit):
    rows = QueuedIndexUpdate.objects.filter(attempts__gt=0).order_by("-attempts", "page_id")
    rows = list(rows.values("page_id", "attempts", "next_attempt_at", "last_error")[:limit])
    titles = dict(
        Page.objects.filter(pk__in=[row["page_id"] for row in rows]).values_list("pk", "title")
    )
    return [{**row, "title": titles.get(row["page_id"], "")} for row in rows]


def forget_repaired(before):
    """Removes the rows queued before ``before`` that no worker holds: for
    reconcile_search_index, which has just brought every index in line with the site."""
    now = timezone.now()
    return (
        QueuedIndexUpdate.objects.filter(queued_at__lt=before)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .delete()[0]
    )


def _claim_due(batch_size):
    now = timezone.now()
    with transaction.atomic():
        batch = list(
            QueuedIndexUpdate.objects.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .order_by("next_attempt_at", "pk")[:batch_size]
        )
        QueuedIndexUpdate.objects.filter(pk__in=[row.pk for row in batch]).update(
            claimed_until=now + CLAIM
        )
    return batch


def _record_success(row):
    # Only the change this attempt saw: a change queued meanwhile keeps the row, due again.
    taken = QueuedIndexUpdate.objects.filter(pk=row.pk, queued_at=row.queued_at).delete()[0]
    if not taken:
        QueuedIndexUpdate.objects.filter(pk=row.pk).update(claimed_until=None)


def _record_failure(row, error):
    now = timezone.now()
    attempts = row.attempts + 1
    delay = retry_delay(attempts)
    retry_at = now + timedelta(seconds=delay)
    QueuedIndexUpdate.objects.filter(pk=row.pk).update(
        attempts=attempts,
        last_attempt_at=now,
        last_error=f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH],
        next_attempt_at=retry_at,
        claimed_until=None,
    )
    if is_transient(error):
        logger.warning(
            "Index: page %s not updated in the engine (%s); attempt %s, retry in %.0f s",
            row.page_id,
            error,
            attempts,
            delay,
        )
    else:
        logger.error(
            "Index: page %s not updated (%s: %s); attempt %s, retry in %.0f s",
            row.page_id,
            type(error).__name__,
            error,
            attempts,
            delay,
            exc_info=error,
        )
    return retry_at


def _postpone(pks, retry_at):
    """The untried rest of a batch waits until the engine's next try, without a failure."""
    return QueuedIndexUpdate.objects.filter(pk__in=pks).update(
        next_attempt_at=retry_at, claimed_until=None
    )


def is_transient(error):
    """Whether the engine could not serve now (down, slow, overloaded) rather than refused."""
    if isinstance(error, EngineUnavailable):
        return True
    if isinstance(error, EngineError):
        statuses = error.status if isinstance(error.status, list) else [error.status]
        return all(
            isinstance(status, int) and (status >= 500 or status in TRANSIENT_STATUSES)
            for status in statuses
        )
    return False
