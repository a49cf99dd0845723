"""Nothing is lost while the search engine is down (slow: a search node of its own).

A second node is started with platform/elasticsearch/run under its own state name, indexed,
then stopped with its data kept. While it is down, search answers from the database and
publishing works; after it is started again, reconcile_search_index brings the change made in
the meantime into the engine.
"""

import io
import logging
import os
import socket
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from practices.library.models import PracticePage
from search import service
from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend
from search.documents import published_documents
from search.query import SearchQuery
from search.service import search_on
from search.tasks import process_index_queue

from .conftest import use_engine
from .contract import ASSEN, OUDEWATER

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

RUN = Path(__file__).resolve().parents[2] / "platform" / "elasticsearch" / "run"
# The script's state name for this node: never the main one, and one per test process (the
# SQLite and PostgreSQL passes of platform/test run at the same time).
STATE = f"pytest-engine-down-{os.getpid()}"
NEW_WORD = "kringloopkoffie"  # in no demo page


class SecondNode:
    def __init__(self, port):
        self.port, self.url = port, f"http://127.0.0.1:{port}"
        self.env = {**os.environ, "ES_STATE": STATE}

    def _run(self, *args, env=None):
        return subprocess.run(
            [str(RUN), *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self):
        done = self._run("start", str(self.port))
        if done.returncode != 0:
            pytest.fail(f"second search node did not start:\n{done.stderr[-3000:]}")
        assert done.stdout.strip() == f"ELASTICSEARCH_URL={self.url}"

    def stop(self, keep_data=False):
        self._run("stop", env={"ES_KEEP_DATA": "1"} if keep_data else {})


def free_port(taken):
    # The node runner accepts HTTP ports up to 9299 only.
    # From a place of its own per process, so two passes rarely probe the same port at once.
    ports = list(range(9270, 9300))
    start = os.getpid() % len(ports)
    for port in ports[start:] + ports[:start]:
        if port in taken:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 9270..9299 for a second search node")


@pytest.fixture(scope="module")
def second_node(engine_url):
    node = SecondNode(free_port({int(engine_url.rsplit(":", 1)[1])}))
    node.stop()  # what a crashed earlier run may have left under this state name
    node.start()
    yield node
    node.stop()


def search(text):
    return service.search(SearchQuery.build(text=text, per_page=50))


def titles(result):
    return {hit.title for hit in result.hits}


def test_nothing_is_lost_while_the_engine_is_down(second_node, settings, caplog):
    use_engine(settings, second_node.url)
    engine = EngineBackend()
    engine.rebuild(published_documents())
    up = search("zwembaden")
    assert (up.engine, up.degraded) == ("engine", False)
    assert OUDEWATER in titles(up)

    second_node.stop(keep_data=True)

    # Search answers from the database, and says so.
    down = search("zwembaden")
    assert (down.engine, down.degraded) == ("database", True)
    assert titles(down) == titles(up)
    assert OUDEWATER in service.suggest("zwem")

    # Publishing works; the database index (the fallback) has the change at once.
    page = PracticePage.objects.get(title=ASSEN)
    page.summary += f" Elke zaterdag schenken vrijwilligers {NEW_WORD}."
    with caplog.at_level(logging.WARNING, logger="search.index_queue"):
        page.save_revision().publish()
        process_index_queue.call()  # what the queued task does, here at once
    assert f"page {page.pk} not updated in the engine" in caplog.text
    in_database = search_on(DatabaseBackend(), SearchQuery.build(text=NEW_WORD))
    assert titles(in_database) == {ASSEN}
    assert titles(search(NEW_WORD)) == {ASSEN}  # degraded, from the database

    second_node.start()  # on the data it had: the engine holds the old Leencafé

    stale = search(NEW_WORD)
    assert (stale.engine, stale.degraded, titles(stale)) == ("engine", False, set())
    assert OUDEWATER in titles(search("zwembaden"))
    out = io.StringIO()
    call_command("reconcile_search_index", stdout=out)
    report = out.getvalue().split("engine:", 1)[-1]  # the database's own repairs come first
    assert report.startswith(" 0 ontbrekend toegevoegd, 1 verouderd bijgewerkt, 0 overbodig"), (
        out.getvalue()
    )
    assert f"bijgewerkt: page:{page.pk} ({ASSEN})" in report

    after = search(NEW_WORD)
    assert (after.engine, after.degraded, titles(after)) == ("engine", False, {ASSEN})
    assert engine.indexed_fingerprints() == {
        document.key: document.fingerprint for document in published_documents()
    }
