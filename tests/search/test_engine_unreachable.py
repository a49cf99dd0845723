"""With the engine's address on a closed port, everything answers from the database (fast).

The slow proof with a real node that goes down and comes back is test_engine_down.py; this
one guards the fallback on every run, in well under a second.
"""

import logging
import socket
import time

import pytest

from practices.library.models import PracticePage
from search import service
from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from search.service import search_on
from search.similar import SIMILAR_LIMIT
from search.tasks import process_index_queue

from .conftest import use_engine
from .contract import ASSEN, OUDEWATER

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_away(settings):
    """The settings point at an engine on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_engine(settings, f"http://127.0.0.1:{port}")


def titles(result):
    return {hit.title for hit in result.hits}


def test_search_answers_from_the_database_and_says_so(engine_away):
    started = time.monotonic()
    result = service.search(SearchQuery.build(text="zwembaden"))
    assert (result.engine, result.degraded) == ("database", True)
    expected = search_on(DatabaseBackend(), SearchQuery.build(text="zwembaden"))
    assert titles(result) == titles(expected) and OUDEWATER in titles(result)
    assert time.monotonic() - started < 10, "a refused connection must not wait for timeouts"


def test_suggestions_and_similar_practices_come_from_the_database(engine_away):
    assert OUDEWATER in service.suggest("zwem")
    key = f"page:{PracticePage.objects.get(title=ASSEN).pk}"
    assert service.similar(key) == DatabaseBackend().similar(key, limit=SIMILAR_LIMIT)


def test_publishing_still_updates_the_database_index(engine_away, caplog):
    page = PracticePage.objects.get(title=ASSEN)
    page.summary += " Elke zaterdag schenken vrijwilligers kringloopkoffie."
    page.save_revision().publish()
    with caplog.at_level(logging.WARNING, logger="search.index_queue"):
        process_index_queue.call()
    assert "not updated in the engine" in caplog.text
    in_database = search_on(DatabaseBackend(), SearchQuery.build(text="kringloopkoffie"))
    assert titles(in_database) == {ASSEN}
