"""After an engine outage the queued work brings the engine's index back to the published set,
with nobody running a command (a real node; the outage is its address on a closed port).

Pages published, changed, unpublished and deleted while the engine is away reach the database
index at once and wait in the queue; once the engine answers and their rows are due, working
the queue off leaves it empty and the engine holding exactly the published pages.
"""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from practices.library.models import PracticePage
from search.documents import document_key, published_documents
from search.models import QueuedIndexUpdate
from search.tasks import process_index_queue

from .contract import ASSEN, OUDEWATER, ZWOLLE

pytestmark = pytest.mark.django_db

NEW_WORD = "kringloopkoffie"


def closed_port_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def published_fingerprints():
    return {document.key: document.fingerprint for document in published_documents()}


def drain():
    """What the worker does once every retry time has passed, until nothing is left."""
    for _ in range(10):
        if not QueuedIndexUpdate.objects.exists():
            return
        QueuedIndexUpdate.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        process_index_queue.call()


def test_after_an_outage_the_queue_drains_and_the_engine_equals_the_published_set(
    engine, settings, committed
):
    engine.rebuild(published_documents())
    node_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = closed_port_url()  # the node is away; same index names

    assen = PracticePage.objects.get(title=ASSEN)
    assen.summary += f" Elke zaterdag schenken vrijwilligers {NEW_WORD}."
    committed(lambda: assen.save_revision().publish())
    zwolle = PracticePage.objects.get(title=ZWOLLE)
    committed(zwolle.unpublish)
    oudewater = PracticePage.objects.get(title=OUDEWATER)
    deleted_key = document_key(oudewater)
    committed(oudewater.delete)

    assert QueuedIndexUpdate.objects.filter(attempts__gt=0).count() == 3
    assert deleted_key in engine.indexed_fingerprints(), "the engine did not see the delete"

    settings.ELASTICSEARCH_URL = node_url
    drain()

    assert not QueuedIndexUpdate.objects.exists()
    indexed = engine.indexed_fingerprints()
    assert indexed == published_fingerprints()
    assert deleted_key not in indexed
    assert document_key(zwolle) not in indexed
    assert indexed[document_key(assen)] == published_fingerprints()[document_key(assen)]


def test_with_the_engine_up_a_change_reaches_it_and_leaves_no_queued_work(engine, committed):
    engine.rebuild(published_documents())
    assen = PracticePage.objects.get(title=ASSEN)
    assen.summary += f" Elke zaterdag schenken vrijwilligers {NEW_WORD}."
    committed(lambda: assen.save_revision().publish())
    assert not QueuedIndexUpdate.objects.exists()
    assert engine.indexed_fingerprints() == published_fingerprints()
