"""The thin transport: the few calls the engine adapter makes, on the client the URL needs.

The request bodies are the same for both engines (built with elasticsearch-dsl, see
queries.py and index.py); only the client library differs:

- ``OpenSearchTransport``: opensearch-py, for OpenSearch 2.x;
- ``ElasticsearchTransport``: the official ``elasticsearch`` 8 client, for Elasticsearch 8
  (it refuses any server that does not say it is Elasticsearch).

``ELASTICSEARCH_URL`` may name several nodes of one cluster, separated by commas. Both
libraries then spread the requests over them and skip a node that does not answer: a refused
or reset connection, a timeout or a 502/503/504 is tried again on another node (at most once
per other node), and a failed node rests a few seconds before it is tried again. With one URL
there is no retry: it would only double the wait before the database fallback.

Which one is chosen by asking the URL once what it serves (``GET /``: ``version.distribution``
is "opensearch" on OpenSearch and absent on Elasticsearch), unless the setting
``SEARCH_ENGINE_TRANSPORT`` names one ("opensearch" or "elasticsearch"; None: ask).

Tested here against OpenSearch 2.19 (platform/elasticsearch/run). The Elasticsearch transport
is not tested against a server because none can run on these machines (Elasticsearch 8's
server modules are not on Maven Central). tests/search/test_engine_transport.py runs the
whole backend on it through a proxy that makes the OpenSearch node look like Elasticsearch 8
to the official client (product header, media types): that checks our calls into that client
(parameter names, options, response types), not how a real Elasticsearch answers.

Errors: both transports raise only this package's exceptions (``engine_errors``):
EngineUnavailable when the engine is down, too slow or overloaded (connection errors,
timeouts, 429/502/503/504), or when the official client finds that the server is not
Elasticsearch 8 (SEARCH_ENGINE_TRANSPORT = "elasticsearch" on OpenSearch: a wrong setting,
but like an outage it must not break searching or publishing; the message says what to set);
IndexMissing (an EngineUnavailable: searches fall back) for a 404; EngineError for any other
refusal, which is a fault in the request, not an outage, and is not hidden by a fallback.
"""

import functools
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import elastic_transport
import elasticsearch
import opensearchpy
from django.conf import settings
from elasticsearch import helpers as elasticsearch_helpers
from opensearchpy import helpers as opensearch_helpers

from ..base import EngineUnavailable

# A search must answer quickly or fall back to the database; bulk work may take longer.
TIMEOUT = 2
BULK_TIMEOUT = 60
# How long a node that failed rests before it is tried again (opensearch-py doubles it on each
# failure in a row, up to 2**DEAD_BACKOFF_STEPS times): a restarted node soon gets its share.
DEAD_TIMEOUT = 5
DEAD_BACKOFF_STEPS = 3
# Open connections kept per node: gunicorn's threads share one client (opensearch-py keeps 1).
CONNECTIONS_PER_NODE = 10
# Answers that mean "the engine cannot serve now", not "the request was wrong".
UNAVAILABLE_STATUSES = {429, 502, 503, 504}
OPENSEARCH, ELASTICSEARCH = "opensearch", "elasticsearch"
# What the official client's refusal of another server (OpenSearch, say) is reported as.
NOT_ELASTICSEARCH = (
    "the server is not Elasticsearch 8, but SEARCH_ENGINE_TRANSPORT = 'elasticsearch'; "
    "leave the setting empty (None) or set it to 'opensearch'"
)


class IndexMissing(EngineUnavailable):
    """The index or alias asked for does not exist (yet): the caller falls back."""


class EngineError(Exception):
    """The engine refused a request for another reason than being unavailable: a bug."""

    def __init__(self, status, kind, info=None):
        super().__init__(f"HTTP {status}: {kind}")
        self.status, self.kind, self.info = status, kind, info


@contextmanager
def engine_errors():
    """Turns either client library's errors into EngineUnavailable, IndexMissing, EngineError."""
    try:
        yield
    except (EngineUnavailable, EngineError):
        raise
    except elasticsearch.UnsupportedProductError as error:  # before ApiError: it is one
        raise EngineUnavailable(NOT_ELASTICSEARCH) from error
    except (opensearch_helpers.BulkIndexError, elasticsearch_helpers.BulkIndexError) as error:
        raise _bulk_failed(error.errors) from error
    except (opensearchpy.ConnectionError, elastic_transport.ConnectionError) as error:
        # Refused, reset, DNS; opensearch-py's ConnectionTimeout is one of these too.
        raise EngineUnavailable(f"{type(error).__name__}: {_reason(error)}") from error
    except elastic_transport.ConnectionTimeout as error:
        raise EngineUnavailable(f"ConnectionTimeout: {error}") from error
    except opensearchpy.TransportError as error:
        raise _failed(error.status_code, error.error, error.info) from error
    except elasticsearch.ApiError as error:
        if error.meta.status == 406:  # refuses Elasticsearch 8's media type: another server
            raise EngineUnavailable(f"{NOT_ELASTICSEARCH} ({error.message})") from error
        raise _failed(error.meta.status, error.message, error.body) from error


def _reason(error):
    return getattr(error, "error", None) or str(error)


def _failed(status, kind, info):
    if not isinstance(status, int):  # opensearch-py's "N/A" when there was no answer
        return EngineUnavailable(str(kind))
    if status in UNAVAILABLE_STATUSES:
        return EngineUnavailable(f"HTTP {status}: {kind}")
    if status == 404:
        return IndexMissing(f"search index missing: {kind}")
    return EngineError(status, kind, info)


def _bulk_failed(items):
    """Documents the engine would not write: overloaded (all 429s and the like), or a fault."""
    statuses = {result.get("status") for item in items for result in item.values()}
    if statuses and statuses <= UNAVAILABLE_STATUSES:
        return EngineUnavailable(f"HTTP {sorted(statuses)}: {len(items)} documents not written")
    return EngineError(sorted(statuses, key=str), "bulk", items)


class Transport:
    """What the adapter asks of the engine, the same on both client libraries.

    Searching calls wait TIMEOUT seconds, index work BULK_TIMEOUT. Answers are plain dicts.
    ``native`` is the library's own client (for tests and one-off diagnostics). ``url`` is
    ELASTICSEARCH_URL: one node's URL, or several of one cluster separated by commas.
    """

    distribution = None
    helpers = None

    def __init__(self, url):
        self.url = url
        self.native = self._connect(hosts(url))

    def __repr__(self):
        return f"<{type(self).__name__} {display_url(self.url)}>"

    # What differs between the libraries ------------------------------------------------
    def _connect(self, urls):
        raise NotImplementedError

    @property
    def _slow(self):
        """(client, keyword arguments) for a call that may take BULK_TIMEOUT."""
        raise NotImplementedError

    def _msearch(self, index, lines):
        raise NotImplementedError

    @staticmethod
    def _plain(response):
        return response

    # Searching -------------------------------------------------------------------------
    def search(self, index, body):
        with engine_errors():
            return self._plain(self.native.search(index=index, body=body))

    def msearch(self, index, searches):
        """Several searches in one round trip: their responses, in order.

        ``searches`` are (header, body) pairs. A search that failed raises the error it
        would have raised on its own.
        """
        lines = [line for header, body in searches for line in (header, body)]
        with engine_errors():
            responses = self._plain(self._msearch(index, lines))["responses"]
        for response in responses:
            if "error" in response:
                error = response["error"]
                kind = error.get("type", "error") if isinstance(error, dict) else str(error)
                raise _failed(response.get("status"), kind, response)
        return responses

    def count(self, index):
        with engine_errors():
            return self._plain(self.native.count(index=index))["count"]

    def exists(self, index, key):
        """Whether the document with id ``key`` is in ``index``."""
        with engine_errors():
            return bool(self.native.exists(index=index, id=key))

    # Writing ---------------------------------------------------------------------------
    def bulk(self, actions, refresh=False, ignore_status=(), chunk_size=500):
        """Writes ``actions`` (bulk helper dicts); returns how many succeeded."""
        client, options = self._slow
        with engine_errors():
            written, _errors = self.helpers.bulk(
                client,
                actions,
                chunk_size=chunk_size,
                refresh=refresh,
                ignore_status=ignore_status,
                **options,
            )
        return written

    def streaming_bulk(self, actions, chunk_size=500):
        """Writes ``actions``, yielding True for each one written."""
        client, options = self._slow
        with engine_errors():
            for ok, _item in self.helpers.streaming_bulk(
                client, actions, chunk_size=chunk_size, **options
            ):
                yield ok

    def scan(self, index, query):
        """Every hit of ``query`` (a request body), in no particular order."""
        client, _options = self._slow
        with engine_errors():
            yield from self.helpers.scan(
                client, index=index, query=query, request_timeout=BULK_TIMEOUT
            )

    # Indices and aliases ---------------------------------------------------------------
    def create_index(self, name, body):
        client, options = self._slow
        with engine_errors():
            client.indices.create(index=name, body=body, **options)

    def index_exists(self, name):
        with engine_errors():
            return bool(self.native.indices.exists(index=name))

    def delete_index(self, name, missing_ok=False):
        client, options = self._slow
        with engine_errors():
            client.indices.delete(index=name, ignore_unavailable=missing_ok, **options)

    def indices(self, pattern):
        """The names of the indices matching ``pattern``, sorted."""
        with engine_errors():
            found = self.native.indices.get(index=pattern, allow_no_indices=True)
        return sorted(self._plain(found))

    def put_settings(self, index, body):
        client, options = self._slow
        with engine_errors():
            client.indices.put_settings(index=index, body=body, **options)

    def refresh(self, index):
        client, options = self._slow
        with engine_errors():
            client.indices.refresh(index=index, **options)

    def update_aliases(self, actions):
        client, options = self._slow
        with engine_errors():
            client.indices.update_aliases(body={"actions": actions}, **options)

    def exists_alias(self, name):
        with engine_errors():
            return bool(self.native.indices.exists_alias(name=name))

    def mapping(self, index):
        """{index name: {"mappings": {...}}} for ``index`` (a name, a pattern or an alias)."""
        with engine_errors():
            return self._plain(self.native.indices.get_mapping(index=index))

    def get_alias(self, name):
        """{index: {"aliases": {name: {...}}}} for the indices behind the alias ``name``."""
        with engine_errors():
            return self._plain(self.native.indices.get_alias(name=name))

    # The cluster -----------------------------------------------------------------------
    def info(self):
        with engine_errors():
            return self._plain(self.native.info())

    def cluster_health(self):
        with engine_errors():
            return self._plain(self.native.cluster.health())


class OpenSearchTransport(Transport):
    distribution = OPENSEARCH
    helpers = opensearch_helpers

    def _connect(self, urls):
        return opensearchpy.OpenSearch(
            hosts=urls,
            timeout=TIMEOUT,
            **_retries(urls),
            dead_timeout=DEAD_TIMEOUT,
            timeout_cutoff=DEAD_BACKOFF_STEPS,
            pool_maxsize=CONNECTIONS_PER_NODE,
        )

    @property
    def _slow(self):
        return self.native, {"request_timeout": BULK_TIMEOUT}

    def _msearch(self, index, lines):
        return self.native.msearch(index=index, body=lines)


class ElasticsearchTransport(Transport):
    distribution = ELASTICSEARCH
    helpers = elasticsearch_helpers

    def _connect(self, urls):
        return elasticsearch.Elasticsearch(
            urls,
            request_timeout=TIMEOUT,
            **_retries(urls),
            dead_node_backoff_factor=DEAD_TIMEOUT,
            max_dead_node_backoff=DEAD_TIMEOUT * 2**DEAD_BACKOFF_STEPS,
        )

    @property
    def _slow(self):
        return self.native.options(request_timeout=BULK_TIMEOUT), {}

    def _msearch(self, index, lines):
        return self.native.msearch(index=index, searches=lines)

    @staticmethod
    def _plain(response):
        return getattr(response, "body", response)  # ObjectApiResponse → its dict


def _retries(urls):
    """Another node for each failed one; none with a single node (see the module docstring)."""
    return {"max_retries": len(urls) - 1, "retry_on_timeout": len(urls) > 1}


TRANSPORTS = {OPENSEARCH: OpenSearchTransport, ELASTICSEARCH: ElasticsearchTransport}


def get_client():
    """The transport for ELASTICSEARCH_URL (one per URL list and choice, made on first use)."""
    return _transport(
        settings.ELASTICSEARCH_URL, getattr(settings, "SEARCH_ENGINE_TRANSPORT", None)
    )


@functools.lru_cache(maxsize=8)
def _transport(url, choice):
    """Built once per (url, choice); a failed probe is not kept, the next call asks again."""
    if not hosts(url):
        raise EngineUnavailable("ELASTICSEARCH_URL is not set")
    if choice is not None:
        if choice not in TRANSPORTS:
            raise EngineUnavailable(
                f"SEARCH_ENGINE_TRANSPORT must be 'opensearch', 'elasticsearch' or None, "
                f"not {choice!r}"
            )
        return TRANSPORTS[choice](url)
    # opensearch-py talks to both servers: it asks, and is kept when the answer is OpenSearch.
    # It asks the nodes in turn until one answers: a dead first URL does not decide the choice.
    probe = OpenSearchTransport(url)
    if serves(probe.info()) == OPENSEARCH:
        return probe
    probe.native.close()
    return ElasticsearchTransport(url)


def serves(info):
    """ "opensearch" or "elasticsearch": what a ``GET /`` answer says the server is."""
    distribution = info.get("version", {}).get("distribution", ELASTICSEARCH)
    return OPENSEARCH if distribution == OPENSEARCH else ELASTICSEARCH


def hosts(url):
    """The node URLs in ELASTICSEARCH_URL: one, or several separated by commas."""
    return [part.strip() for part in url.split(",") if part.strip()]


def display_url(url):
    """The URL (or the comma-separated URLs) without user name or password, for messages."""
    return ",".join(_display_one(part) for part in hosts(url))


def _display_one(url):
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
