"""Index work is never lost: every change queues a row in its own transaction, and the row
stays, retried with a growing delay, until every index has taken the change.

The engine is "down" here by its address pointing at a closed port on 127.0.0.1 (a real
refused connection, fast, on every run); the recovery on a real node is in
test_index_queue_engine.py, the database task backend and its worker in
test_index_queue_worker.py.
"""

import io
import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from practices.library.models import PracticePage
from search import index_queue
from search.backends.base import EngineUnavailable
from search.backends.database import DatabaseBackend
from search.backends.engine.client import EngineError, IndexMissing
from search.models import QueuedIndexUpdate
from search.query import SearchQuery
from search.service import search_on
from search.tasks import process_index_queue

from .conftest import use_engine
from .contract import ASSEN, OUDEWATER

pytestmark = pytest.mark.django_db

NEW_WORD = "kringloopkoffie"  # in no demo page


def closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.PRAKTIJKBANK_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"


@pytest.fixture
def engine_away(settings):
    """The settings point at an engine on a port where nothing listens."""
    use_engine(settings, closed_port_url())


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change queues on commit, as the request's commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def page(title):
    return PracticePage.objects.get(title=title)


def add_new_word(practice):
    practice.summary += f" Elke zaterdag schenken vrijwilligers {NEW_WORD}."
    practice.save_revision().publish()


def queued(practice):
    return QueuedIndexUpdate.objects.filter(page_id=practice.pk).first()


def in_database_index(text):
    result = search_on(DatabaseBackend(), SearchQuery.build(text=text))
    return {hit.title for hit in result.hits}


def make_due():
    """What waiting until every retry time has passed does."""
    QueuedIndexUpdate.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


# The outbox row lives and dies with the change --------------------------------------------


def test_a_change_queues_its_page_in_its_own_transaction():
    assen = page(ASSEN)
    with transaction.atomic():
        add_new_word(assen)
        row = queued(assen)
        assert row is not None and row.attempts == 0
        assert row.next_attempt_at <= timezone.now()


def test_a_rolled_back_change_leaves_no_queued_work():
    assen = page(ASSEN)
    with pytest.raises(RuntimeError), transaction.atomic():
        add_new_word(assen)
        assert queued(assen) is not None
        raise RuntimeError("the request failed after the publish")
    assert queued(assen) is None
    assert not QueuedIndexUpdate.objects.exists()


def test_a_second_change_before_processing_re_arms_the_one_row():
    assen = page(ASSEN)
    add_new_word(assen)
    first = queued(assen)
    later = timezone.now() + timedelta(minutes=3)
    QueuedIndexUpdate.objects.filter(pk=first.pk).update(attempts=4, next_attempt_at=later)

    assen.summary += " En soep."
    assen.save_revision().publish()

    [row] = QueuedIndexUpdate.objects.filter(page_id=assen.pk)
    assert row.pk == first.pk
    assert row.queued_at > first.queued_at
    assert row.next_attempt_at <= timezone.now(), "the new change is due at once"
    assert row.attempts == 4, "the failures so far stay visible"


def test_a_term_rename_queues_every_page_using_it_once():
    assen = page(ASSEN)
    municipality = assen.municipality
    municipality.name = "Assen-Drenthe"
    municipality.save()
    municipality.save()
    pages = set(municipality.practices.values_list("pk", flat=True))
    assert set(QueuedIndexUpdate.objects.values_list("page_id", flat=True)) == pages


# Processing: done rows go, failed rows stay with a growing delay --------------------------


def test_processing_brings_the_index_in_line_and_empties_the_queue(database_only, committed):
    assen = page(ASSEN)
    committed(lambda: add_new_word(assen))
    assert in_database_index(NEW_WORD) == {ASSEN}
    assert not QueuedIndexUpdate.objects.exists()


def test_with_the_engine_down_publishing_works_and_the_work_stays_queued(engine_away, committed):
    assen = page(ASSEN)
    committed(lambda: add_new_word(assen))  # the immediate backend runs the task here

    assert in_database_index(NEW_WORD) == {ASSEN}, "the fallback has the change at once"
    row = queued(assen)
    assert row.attempts == 1
    assert "ConnectionError" in row.last_error
    delay = (row.next_attempt_at - row.last_attempt_at).total_seconds()
    assert index_queue.FIRST_DELAY / 2 <= delay <= index_queue.FIRST_DELAY


def test_a_row_that_is_not_due_yet_waits(engine_away, committed):
    assen = page(ASSEN)
    committed(lambda: add_new_word(assen))
    process_index_queue.call()
    assert queued(assen).attempts == 1


def test_each_failed_attempt_doubles_the_delay(engine_away):
    assen = page(ASSEN)
    add_new_word(assen)
    for attempt in range(1, 5):
        make_due()
        process_index_queue.call()
        row = queued(assen)
        delay = (row.next_attempt_at - row.last_attempt_at).total_seconds()
        expected = index_queue.FIRST_DELAY * 2 ** (attempt - 1)
        assert row.attempts == attempt
        assert expected / 2 <= delay <= expected


def test_the_delay_stops_growing_at_one_minute():
    delays = [index_queue.retry_delay(attempts) for attempts in range(1, 30)]
    assert max(delays) <= 60
    assert min(delays[-10:]) >= 60 / 2


def test_a_failed_row_is_done_once_every_index_takes_it(engine_away, settings, committed):
    """The same row, once the index it waited for takes it, is done."""
    assen = page(ASSEN)
    committed(lambda: add_new_word(assen))
    assert queued(assen).attempts == 1
    settings.ELASTICSEARCH_URL = ""
    settings.PRAKTIJKBANK_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    make_due()
    process_index_queue.call()
    assert not QueuedIndexUpdate.objects.exists()


def test_a_deleted_page_is_removed_from_the_database_index_even_while_the_engine_is_down(
    engine_away, committed
):
    oudewater = page(OUDEWATER)
    committed(oudewater.delete)
    assert OUDEWATER not in in_database_index("zwembaden")
    assert QueuedIndexUpdate.objects.filter(page_id=oudewater.pk, attempts=1).exists()


def test_after_three_refusals_in_a_row_the_rest_of_the_batch_waits_untried(engine_away):
    pages = list(PracticePage.objects.live()[:5])
    index_queue.queue_pages([practice.pk for practice in pages])
    outcome = index_queue.process_due()
    assert (outcome.failed, outcome.postponed) == (3, 2)
    rows = QueuedIndexUpdate.objects.all()
    assert sorted(row.attempts for row in rows) == [0, 0, 1, 1, 1]
    assert all(row.next_attempt_at > timezone.now() for row in rows)


def test_a_change_queued_during_an_attempt_keeps_its_row(database_only):
    assen = page(ASSEN)
    index_queue.queue_pages([assen.pk])
    [taken] = index_queue._claim_due(10)
    index_queue.queue_pages([assen.pk])  # the editor saves again while the worker writes
    index_queue._record_success(taken)
    row = queued(assen)
    assert row is not None and row.claimed_until is None
    assert row.next_attempt_at <= timezone.now()


def test_a_row_one_worker_took_is_not_taken_by_another(database_only):
    index_queue.queue_pages([page(ASSEN).pk, page(OUDEWATER).pk])
    first = index_queue._claim_due(1)
    second = index_queue._claim_due(10)
    assert len(first) == len(second) == 1
    assert first[0].page_id != second[0].page_id
    assert index_queue._claim_due(10) == []


@pytest.mark.parametrize(
    ("error", "engine_away"),
    [
        (EngineUnavailable("ConnectionError: refused"), True),
        (IndexMissing("search index missing"), True),
        (EngineError(500, "internal_server_error"), True),
        (EngineError([429, 500], "bulk"), True),
        (EngineError(400, "mapper_parsing_exception"), False),
        (EngineError([400, 503], "bulk"), False),
        (ValueError("a bug of ours"), False),
    ],
)
def test_what_counts_as_the_engine_being_away(error, engine_away):
    assert index_queue.is_transient(error) is engine_away


# The safety net and what editors and operators see ----------------------------------------


def test_reconcile_forgets_the_work_it_repaired(database_only):
    index_queue.queue_pages([page(ASSEN).pk])
    out = io.StringIO()
    call_command("reconcile_search_index", stdout=out)
    assert not QueuedIndexUpdate.objects.exists()
    assert "Wachtrij: 1 wijziging was hiermee verwerkt" in out.getvalue()


def test_reconcile_keeps_the_queue_when_an_index_was_unreachable(engine_away):
    index_queue.queue_pages([page(ASSEN).pk])
    with pytest.raises(Exception, match="Niet hersteld"):
        call_command("reconcile_search_index", stdout=io.StringIO())
    assert QueuedIndexUpdate.objects.exists()


def test_the_health_command_names_the_waiting_work(engine_away, committed):
    committed(lambda: add_new_word(page(ASSEN)))
    out = io.StringIO()
    with pytest.raises(Exception, match="ONBEREIKBAAR"):
        call_command("search_engine_health", stdout=out)
    assert "Wachtrij van de zoekindex: 1 wachtend, 1 mislukt" in out.getvalue()
    assert "Laatste fout: EngineUnavailable: ConnectionError" in out.getvalue()


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("indexredacteur", "r@example.org", "geheim")
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client = Client()
    client.force_login(user)
    return client


def test_editors_see_the_waiting_and_failing_work_on_the_queue_page(editor, engine_away, committed):
    committed(lambda: add_new_word(page(ASSEN)))
    index_queue.queue_pages([page(OUDEWATER).pk])
    html = editor.get("/admin/zoekindex/").content.decode()
    assert '<dd data-queue="pending">2</dd>' in html
    assert '<dd data-queue="failing">1</dd>' in html
    assert "ConnectionError" in html
    assert ASSEN in html, "the failing page by its title"


def test_the_queue_page_says_so_when_nothing_waits(editor):
    html = editor.get("/admin/zoekindex/").content.decode()
    assert 'data-queue="empty"' in html
    assert "Er wacht niets" in html


def test_the_dashboard_shows_the_queue_only_while_work_waits(editor):
    assert "search-index-queue" not in editor.get("/admin/").content.decode()
    index_queue.queue_pages([page(ASSEN).pk])
    html = editor.get("/admin/").content.decode()
    assert "search-index-queue" in html
    assert '<dd data-queue="pending">1</dd>' in html
    assert "/admin/zoekindex/" in html


def test_anonymous_visitors_get_the_admin_login_instead_of_the_queue(client):
    response = client.get("/admin/zoekindex/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
