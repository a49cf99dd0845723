"""Index work, run through django-tasks: by a worker in production, in the request elsewhere.

``process_index_queue`` works off the outbox (search.index_queue). While rows remain it queues
itself again for when the next one is due, if the task backend can run a task later
(django-tasks-db can; the immediate backend cannot, and there the next change or
``manage.py reconcile_search_index`` picks the rows up): after an engine outage the queue
drains without anyone running a command.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from . import index_queue

logger = logging.getLogger(__name__)


@task()
def process_index_queue():
    """Works off one batch of due index work, then sees to the next run."""
    outcome = index_queue.process_due()
    if outcome.done or outcome.failed:
        logger.info(
            "Index queue: %s done, %s failed, %s postponed",
            outcome.done,
            outcome.failed,
            outcome.postponed,
        )
    schedule_next_run()
    return {"done": outcome.done, "failed": outcome.failed, "postponed": outcome.postponed}


def wake_worker():
    """Makes sure the queue is worked off after the current change.

    On the database task backend the task is written in the change's own transaction, like
    the outbox row, so both commit or neither does. Any other backend (the immediate one runs
    the task at once) is called after the commit, when the change is there to be indexed.
    """
    if _task_backend_is_our_database():
        process_index_queue.enqueue()
    else:
        transaction.on_commit(process_index_queue.enqueue)


def schedule_next_run():
    """Queues the task for when the next row is due, unless a run is queued by then anyway."""
    if not process_index_queue.get_backend().supports_defer:
        return
    when = index_queue.next_run_at()
    if when is None or _run_queued_by(when):
        return
    if when <= timezone.now():
        process_index_queue.enqueue()
    else:
        process_index_queue.using(run_after=when).enqueue()


def _task_backend_is_our_database():
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(process_index_queue.get_backend(), DatabaseBackend)


def _run_queued_by(when):
    """Whether a run of the task waits in the database queue to start no later than ``when``
    (every change queues one; without this check each of them would queue a successor)."""
    if not _task_backend_is_our_database():
        return False
    from django_tasks_db.models import DBTaskResult, get_date_max

    # django-tasks-db stores "as soon as possible" as the largest date.
    return (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=process_index_queue.module_path,
            backend_name=process_index_queue.backend,
        )
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=when))
        .exists()
    )
