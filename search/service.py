"""The search entry point for views, the API and "what works".

Runs the query on the configured backend. When the search engine is down or too slow, the
same query runs on the database index for that request and the result says so (``degraded``);
nobody gets an error page because the engine is away.
"""

import dataclasses
import logging

from .backends import get_backend
from .backends.base import EngineUnavailable
from .backends.database import DatabaseBackend
from .similar import SIMILAR_LIMIT
from .text_query import parse

logger = logging.getLogger(__name__)


def search(query):
    clauses = parse(query.text)
    backend = get_backend()
    try:
        return backend.search(query, clauses)
    except EngineUnavailable as error:
        logger.warning("Zoekmachine onbereikbaar, database gebruikt: %s", error)
        result = DatabaseBackend().search(query, clauses)
        return dataclasses.replace(result, degraded=True)


def suggest(prefix):
    try:
        return get_backend().suggest(prefix)
    except EngineUnavailable:
        return DatabaseBackend().suggest(prefix)


def similar(key, limit=SIMILAR_LIMIT, exclude=()):
    try:
        return get_backend().similar(key, limit, exclude)
    except EngineUnavailable:
        return DatabaseBackend().similar(key, limit, exclude)


def index_backends():
    """Where index updates go: always the database (the fallback), and the engine if set."""
    backend = get_backend()
    if isinstance(backend, DatabaseBackend):
        return [backend]
    return [DatabaseBackend(), backend]
