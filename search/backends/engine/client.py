"""The one place that talks to the engine's client library.

The engine here is OpenSearch 2.19 (what the tests can run; see platform/elasticsearch/run),
reached with opensearch-py. Every request body in this package is plain query DSL that
Elasticsearch 8 accepts as well: moving to Elasticsearch 8 means building an
``elasticsearch.Elasticsearch(url, request_timeout=..., max_retries=0)`` here and mapping its
``ConnectionError``/``ConnectionTimeout`` below; nothing else changes.
"""

import functools
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from opensearchpy import OpenSearch
from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

from ..base import EngineUnavailable

# A search must answer quickly or fall back to the database; bulk work may take longer.
TIMEOUT = 2
BULK_TIMEOUT = 60
# Answers that mean "the engine cannot serve now", not "the request was wrong".
UNAVAILABLE_STATUSES = {429, 502, 503, 504}


def get_client():
    return _client(settings.ELASTICSEARCH_URL)


@functools.lru_cache(maxsize=8)
def _client(url):
    if not url:
        raise EngineUnavailable("ELASTICSEARCH_URL is niet ingesteld")
    # No retries: with one node a retry only doubles the wait before the fallback.
    return OpenSearch(hosts=[url], timeout=TIMEOUT, max_retries=0, retry_on_timeout=False)


@contextmanager
def engine_errors():
    """Turns 'the engine is down, slow or overloaded' into EngineUnavailable."""
    try:
        yield
    except EngineConnectionError as error:  # refused, reset, DNS, and ConnectionTimeout
        raise EngineUnavailable(f"{type(error).__name__}: {error.error}") from error
    except TransportError as error:
        if error.status_code in UNAVAILABLE_STATUSES:
            raise EngineUnavailable(f"HTTP {error.status_code}: {error.error}") from error
        raise


def search_each(client, index, requests):
    """Several searches in one round trip (msearch): their responses, in order.

    ``requests`` are (header, body) pairs. A search that failed raises the error that it
    would have raised on its own, so engine_errors() and the callers see no difference.
    """
    lines = [line for header, body in requests for line in (header, body)]
    responses = client.msearch(index=index, body=lines)["responses"]
    for response in responses:
        if "error" in response:
            status, error = response["status"], response["error"]
            kind = error.get("type", "error") if isinstance(error, dict) else str(error)
            raise HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, response)
    return responses


def display_url(url):
    """The URL without user name or password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
