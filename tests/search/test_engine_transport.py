"""The transport: which client library the URL gets, and how their errors come out.

Tested against OpenSearch 2.19 (the test node). No Elasticsearch server can run on these
machines, so the Elasticsearch transport is tested two ways only: pointed straight at the
node it gives a clear EngineUnavailable (the official client refuses a server that is not
Elasticsearch); and through ``PretendElasticsearch``, a small proxy in front of the node that
adds the header the official client looks for and rewrites its media types, the whole
backend runs on it. That checks our side of the official client (parameter names, options,
response types), not how a real Elasticsearch 8 answers.
"""

import io
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import elastic_transport
import elasticsearch
import elasticsearch.helpers
import opensearchpy
import opensearchpy.helpers
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.analysis import terms
from search.backends.base import EngineUnavailable
from search.backends.engine import EngineBackend, management
from search.backends.engine.client import (
    ElasticsearchTransport,
    EngineError,
    IndexMissing,
    OpenSearchTransport,
    engine_errors,
    get_client,
    serves,
)
from search.documents import published_documents
from search.interpretation import Alternative, Concept, Interpretation
from search.query import SearchQuery

from .conftest import use_engine
from .contract import ASSEN, OUDEWATER

UNREACHABLE = "http://127.0.0.1:1"  # nothing listens on port 1


# Choosing the client ----------------------------------------------------------------------
def test_the_node_is_recognised_as_opensearch(settings, engine_url):
    use_engine(settings, engine_url)
    settings.SEARCH_ENGINE_TRANSPORT = None
    client = get_client()
    assert type(client) is OpenSearchTransport
    assert client.info()["version"]["distribution"] == "opensearch"
    assert get_client() is client  # asked once per URL


def test_an_answer_without_a_distribution_is_elasticsearch():
    assert serves({"version": {"number": "8.15.0", "build_flavor": "default"}}) == "elasticsearch"
    assert serves({"version": {"number": "2.19.1", "distribution": "opensearch"}}) == "opensearch"


def test_the_setting_chooses_the_client_without_asking(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE  # nobody to ask: no request is made
    settings.SEARCH_ENGINE_TRANSPORT = "elasticsearch"
    assert type(get_client()) is ElasticsearchTransport
    settings.SEARCH_ENGINE_TRANSPORT = "opensearch"
    assert type(get_client()) is OpenSearchTransport


def test_a_wrong_setting_is_unavailable_with_the_reason(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.SEARCH_ENGINE_TRANSPORT = "solr"
    with pytest.raises(EngineUnavailable, match="SEARCH_ENGINE_TRANSPORT"):
        get_client()


def test_an_unreachable_url_is_unavailable_and_asked_again_next_time(settings):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.SEARCH_ENGINE_TRANSPORT = None
    for _ in range(2):  # a failed probe is not remembered
        with pytest.raises(EngineUnavailable, match="ConnectionError"):
            get_client()


def test_no_url_is_unavailable(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(EngineUnavailable, match="is not set"):
        get_client()


@pytest.mark.django_db
def test_the_elasticsearch_client_on_opensearch_is_unavailable_saying_why(settings, engine_url):
    """Forced to the official client, OpenSearch is refused on the first answer: searches fall
    back to the database like when the engine is down, and the health command says why."""
    use_engine(settings, engine_url)
    settings.SEARCH_ENGINE_TRANSPORT = "elasticsearch"
    backend = EngineBackend()
    assert type(backend.client) is ElasticsearchTransport
    with pytest.raises(EngineUnavailable, match="not Elasticsearch"):
        backend.client.info()
    with pytest.raises(EngineUnavailable, match="not Elasticsearch"):
        backend.corrections(["zwembd"])
    with pytest.raises(CommandError, match=r"ONBEREIKBAAR.*not Elasticsearch"):
        call_command("search_engine_health", stdout=io.StringIO())


# Errors -----------------------------------------------------------------------------------
def _elasticsearch_error(status):
    meta = elastic_transport.ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=elastic_transport.HttpHeaders(),
        duration=0.0,
        node=elastic_transport.NodeConfig("http", "localhost", 9200),
    )
    return elasticsearch.ApiError(message="some_exception", meta=meta, body={})


@pytest.mark.parametrize(
    "error, expected",
    [
        (opensearchpy.ConnectionError("N/A", "refused", None), EngineUnavailable),
        (opensearchpy.ConnectionTimeout("TIMEOUT", "read timed out", None), EngineUnavailable),
        (
            opensearchpy.TransportError(429, "es_rejected_execution_exception", {}),
            EngineUnavailable,
        ),
        (opensearchpy.TransportError(503, "unavailable", {}), EngineUnavailable),
        (opensearchpy.NotFoundError(404, "index_not_found_exception", {}), IndexMissing),
        (opensearchpy.RequestError(400, "parsing_exception", {}), EngineError),
        (elastic_transport.ConnectionError("refused"), EngineUnavailable),
        (elastic_transport.ConnectionTimeout("read timed out"), EngineUnavailable),
        (_elasticsearch_error(429), EngineUnavailable),
        (_elasticsearch_error(502), EngineUnavailable),
        (_elasticsearch_error(504), EngineUnavailable),
        (_elasticsearch_error(404), IndexMissing),
        (_elasticsearch_error(400), EngineError),
        (_elasticsearch_error(406), EngineUnavailable),  # not Elasticsearch 8
    ],
)
def test_both_libraries_errors_come_out_the_same(error, expected):
    with pytest.raises(expected) as raised, engine_errors():
        raise error
    assert type(raised.value) is expected
    assert raised.value.__cause__ is error


@pytest.mark.parametrize(
    "library", [opensearchpy.helpers.BulkIndexError, elasticsearch.helpers.BulkIndexError]
)
def test_documents_refused_in_a_bulk_request_are_an_outage_only_when_overloaded(library):
    overloaded = [{"index": {"status": 429}}, {"delete": {"status": 503}}]
    with pytest.raises(EngineUnavailable), engine_errors():
        raise library("2 document(s) failed to index.", overloaded)
    refused = [{"index": {"status": 429}}, {"index": {"status": 400, "error": "strict"}}]
    with pytest.raises(EngineError), engine_errors():
        raise library("2 document(s) failed to index.", refused)


def test_a_refusal_is_not_mistaken_for_an_outage():
    assert not issubclass(EngineError, EngineUnavailable)  # a bug must not fall back quietly
    assert issubclass(IndexMissing, EngineUnavailable)  # a missing index falls back


def test_a_failed_search_in_an_msearch_raises_its_own_error(settings, engine_url):
    use_engine(settings, engine_url)
    client = get_client()
    index = f"{management.alias_name()}-broken"
    client.create_index(index, {"mappings": {"properties": {"year": {"type": "integer"}}}})
    try:
        bad = {"query": {"range": {"year": {"gte": "not a number"}}}}
        with pytest.raises(EngineError) as raised:
            client.msearch(index, [({}, {"query": {"match_all": {}}}), ({}, bad)])
        assert raised.value.status == 400
        with pytest.raises(IndexMissing):
            client.msearch(f"{index}-missing", [({}, {"query": {"match_all": {}}})])
    finally:
        client.delete_index(index)


# The Elasticsearch transport, through a proxy --------------------------------------------
class PretendElasticsearch(ThreadingHTTPServer):
    """Forwards to the OpenSearch node as if it were Elasticsearch 8: the product header the
    official client checks, its media types as plain JSON, no distribution in ``GET /``."""

    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream.rstrip("/")
        super().__init__(("127.0.0.1", 0), _Forward)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Forward(BaseHTTPRequestHandler):
    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            name: _plain_media_type(value)
            for name, value in self.headers.items()
            if name.lower() in {"content-type", "accept", "authorization"}
        }
        request = urllib.request.Request(
            self.server.upstream + self.path, data=body, headers=headers, method=self.command
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer, kind = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, answer, kind = error.code, error.read(), error.headers
        if self.command == "GET" and self.path == "/" and status == 200:
            info = json.loads(answer)
            info["version"].pop("distribution", None)
            info["version"]["number"] = "8.99.0-pretend"
            answer = json.dumps(info).encode()
        self.send_response(status)
        self.send_header("Content-Type", kind.get("Content-Type", "application/json"))
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args):
        pass


def _plain_media_type(value):
    """application/vnd.elasticsearch+json; compatible-with=8 → application/json."""
    if "vnd.elasticsearch+" not in value:
        return value
    return "application/" + value.split("vnd.elasticsearch+", 1)[1].split(";")[0]


@pytest.fixture(scope="module")
def pretend(engine_url):
    server = PretendElasticsearch(engine_url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def through_elasticsearch(settings, pretend):
    use_engine(settings, pretend.url)
    settings.SEARCH_ENGINE_TRANSPORT = None  # asked: the proxy says it is not OpenSearch
    backend = EngineBackend()
    assert type(backend.client) is ElasticsearchTransport
    yield backend
    management.drop(backend.client)


@pytest.mark.django_db
def test_the_whole_backend_runs_on_the_elasticsearch_client(through_elasticsearch):
    backend = through_elasticsearch
    documents = list(published_documents())
    assert backend.rebuild(documents) == len(documents)  # create, streaming bulk, aliases
    pool = Interpretation((Concept("zwembad", (Alternative(tuple(terms("zwembaden"))),)),), 1)
    result = backend.search(SearchQuery.build(per_page=50), pool)  # msearch
    assert result.hits[0].title == OUDEWATER
    assert result.total == len(result.hits)
    assert backend.corrections(["zwembd", "zwembad"]) == {"zwembd": ["zwembad"]}
    assert OUDEWATER in backend.suggest("zwem")
    oudewater = next(d for d in documents if d.title == OUDEWATER)
    assert backend.similar(oudewater.key, 3)  # exists, then a search
    assen = next(d for d in documents if d.title == ASSEN)
    backend.delete([assen.key, "page:999999"])  # bulk, an unknown key ignored
    assert assen.key not in backend.indexed_fingerprints()  # scan
    assert backend.index([assen]) == 1
    assert backend.indexed_fingerprints() == {d.key: d.fingerprint for d in documents}
    health = backend.health()  # info, cluster health, aliases, count
    assert health["distribution"] == "elasticsearch"
    assert health["documents"] == len(documents)
    with pytest.raises(IndexMissing):
        backend.client.count("no-such-index")
