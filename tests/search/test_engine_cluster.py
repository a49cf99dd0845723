"""A cluster's URLs in ELASTICSEARCH_URL: a node that is down is skipped, replicas as set.

Fast, on every run: the dead node is a closed port next to the real test node. The proof with
three real node processes, one of them killed under load, is `platform/elasticsearch/cluster
selftest` (and platform/prove); it starts JVMs, so it is not part of the test suite.
"""

import logging
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import service
from search.backends.engine import EngineBackend, client, management
from search.backends.engine.index import index_body
from search.documents import published_documents
from search.query import SearchQuery

from .conftest import use_engine
from .contract import OUDEWATER

pytestmark = pytest.mark.django_db


def closed_port_url():
    """The URL of a port on which nothing listens: a node that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def dead_node_first(settings, engine_url):
    """ELASTICSEARCH_URL names a dead node, then the real one; indices deleted after."""
    use_engine(settings, f"{closed_port_url()},{engine_url}")
    yield settings.ELASTICSEARCH_URL
    management.drop(client.get_client())


@pytest.fixture
def single_node(settings, engine_url):
    use_engine(settings, engine_url)
    yield
    management.drop(client.get_client())


def created_index_settings():
    """The settings of the index that ensure_index creates behind the alias."""
    transport = client.get_client()
    alias = management.ensure_index(transport)
    [index] = management.aliased_indices(transport)
    assert alias in transport.get_alias(alias)[index]["aliases"]
    return transport.native.indices.get_settings(index=index)[index]["settings"]["index"]


def test_a_dead_node_in_the_list_is_skipped_when_indexing_and_searching(dead_node_first):
    written = EngineBackend().rebuild(published_documents())
    assert written == len(list(published_documents()))
    for _ in range(10):  # the client picks a node at random: both orders are met
        result = service.search(SearchQuery.build(text="zwembaden"))
        assert (result.engine, result.degraded) == ("engine", False)
        assert OUDEWATER in {hit.title for hit in result.hits}


def test_the_client_library_is_chosen_even_when_the_first_node_asked_is_dead(dead_node_first):
    tried_the_dead_node = False
    for _ in range(20):  # a fresh probe each time; the first node it asks is chosen at random
        transport = client._transport.__wrapped__(dead_node_first, None)
        assert transport.distribution == client.OPENSEARCH
        tried_the_dead_node |= bool(transport.native.transport.connection_pool.dead_count)
        transport.native.close()
    assert tried_the_dead_node, "in 20 probes the dead node should have been asked first once"


def test_a_number_of_replicas_reaches_the_created_index(settings, single_node):
    settings.SEARCH_INDEX_REPLICAS = 1
    index_settings = created_index_settings()
    assert index_settings["number_of_replicas"] == "1"
    assert index_settings["auto_expand_replicas"] == "false"


def test_without_a_number_of_replicas_an_index_takes_one_wherever_a_second_node_is(
    settings, single_node
):
    settings.SEARCH_INDEX_REPLICAS = None
    assert created_index_settings()["auto_expand_replicas"] == "0-1"


def test_the_replica_setting_is_part_of_every_index_body(settings):
    settings.SEARCH_INDEX_REPLICAS = 2
    body = index_body()["settings"]
    assert (body["number_of_replicas"], body["auto_expand_replicas"]) == (2, False)


def test_several_urls_give_the_client_every_node_and_a_retry_on_each_other_one():
    urls = "http://127.0.0.1:9281, http://127.0.0.1:9282,http://127.0.0.1:9283"
    transport = client.OpenSearchTransport(urls)
    hosts = sorted(c.host for c in transport.native.transport.connection_pool.connections)
    assert hosts == sorted(client.hosts(urls)) and len(hosts) == 3
    assert transport.native.transport.max_retries == 2
    assert transport.native.transport.retry_on_timeout


def test_a_single_url_gets_no_retry_so_the_database_fallback_is_not_delayed():
    transport = client.OpenSearchTransport("http://127.0.0.1:9281")
    assert transport.native.transport.max_retries == 0
    assert not transport.native.transport.retry_on_timeout


def test_threads_that_share_the_client_reuse_its_connections(single_node, caplog):
    # gunicorn's gthread workers search from several threads through one client.
    transport = client.get_client()
    alias = management.ensure_index(transport)
    with (
        caplog.at_level(logging.WARNING, logger="urllib3"),
        ThreadPoolExecutor(max_workers=4) as threads,
    ):
        list(threads.map(lambda _: transport.count(alias), range(40)))
    assert "Connection pool is full" not in caplog.text


def test_messages_show_every_node_without_passwords():
    shown = client.display_url("https://search:secret@a.example:9200,https://b.example")
    assert shown == "https://a.example:9200,https://b.example"
