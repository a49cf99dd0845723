"""Production's task backend for real: django-tasks-db writes the task beside the outbox row,
in the change's transaction, and its worker (``manage.py db_worker``) works both off.

The other tests run tasks immediately (config/settings/test.py); these switch to the database
backend. The engine is "down" by its address pointing at a closed port.
"""

import io
import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from practices.library.demo import load_demo_content
from practices.library.models import PracticePage
from practices.taxonomy.loading import load_taxonomy
from search.backends.database import DatabaseBackend
from search.models import QueuedIndexUpdate
from search.query import SearchQuery
from search.service import search_on
from search.tasks import process_index_queue

from .conftest import use_engine
from .contract import ASSEN, OUDEWATER

pytestmark = pytest.mark.django_db

NEW_WORD = "kringloopkoffie"


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.PRAKTIJKBANK_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"


@pytest.fixture
def engine_away(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        use_engine(settings, f"http://127.0.0.1:{probe.getsockname()[1]}")


@pytest.fixture
def committed_demo(transactional_db):
    """The demo site in committed rows: the worker closes its connections between tasks, which
    inside a test's transaction would end it (PostgreSQL); so these tests commit, and the
    database is flushed after them."""
    load_taxonomy()
    load_demo_content()
    # Loading published pages queued their own index work; each test counts only its own.
    DBTaskResult.objects.all().delete()
    QueuedIndexUpdate.objects.all().delete()


def queue_tasks(status=TaskResultStatus.READY):
    return DBTaskResult.objects.filter(task_path=process_index_queue.module_path, status=status)


def work_off():
    """The production worker, until nothing is ready (--batch)."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def add_new_word(title):
    practice = PracticePage.objects.get(title=title)
    practice.summary += f" Elke zaterdag schenken vrijwilligers {NEW_WORD}."
    practice.save_revision().publish()


def in_database_index(text):
    return {hit.title for hit in search_on(DatabaseBackend(), SearchQuery.build(text=text)).hits}


def test_the_task_and_the_outbox_row_roll_back_together(database_only):
    with pytest.raises(RuntimeError), transaction.atomic():
        add_new_word(ASSEN)
        assert queue_tasks().count() == 1 and QueuedIndexUpdate.objects.count() == 1
        raise RuntimeError("the request failed after the publish")
    assert not queue_tasks().exists()
    assert not QueuedIndexUpdate.objects.exists()


def test_the_worker_works_off_the_committed_change(committed_demo, database_only):
    with transaction.atomic():
        add_new_word(ASSEN)
    assert queue_tasks().count() == 1 and QueuedIndexUpdate.objects.count() == 1
    assert in_database_index(NEW_WORD) == set(), "nothing runs in the request"

    work_off()

    assert not QueuedIndexUpdate.objects.exists()
    assert queue_tasks(TaskResultStatus.SUCCESSFUL).count() == 1
    assert in_database_index(NEW_WORD) == {ASSEN}


def test_while_the_engine_is_down_the_task_queues_one_retry_for_when_work_is_due(
    committed_demo, engine_away, settings
):
    add_new_word(ASSEN)
    add_new_word(OUDEWATER)
    assert queue_tasks().count() == 2

    work_off()  # both runs: the first tries both pages, the second finds nothing due

    rows = QueuedIndexUpdate.objects.all()
    assert [row.attempts for row in rows] == [1, 1]
    assert in_database_index(NEW_WORD) == {ASSEN, OUDEWATER}, "the fallback has them"
    [retry] = queue_tasks()
    assert retry.run_after == min(row.next_attempt_at for row in rows)

    # The engine is back (here: no engine configured), and the retry's time has come.
    settings.ELASTICSEARCH_URL = ""
    settings.PRAKTIJKBANK_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    past = timezone.now() - timedelta(seconds=1)
    QueuedIndexUpdate.objects.update(next_attempt_at=past)
    queue_tasks().update(run_after=past)
    work_off()

    assert not QueuedIndexUpdate.objects.exists()
    assert not queue_tasks().exists(), "nothing left, so no further run is queued"
