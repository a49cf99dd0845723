"""The search entry point for views, the API and "what works".

Understands the query text once (search.understanding), then runs it on the configured
backend. A query with a word that matches somewhere never ends on an empty page: the results
that match as many of its concepts as the rule asks come first, the others after them; when
there are none of the first kind, the result says so (``interpretation.relaxed``).

When the search engine is down or too slow, the same query runs on the database index for
that request and the result says so (``degraded``); nobody gets an error page because the
engine is away.
"""

import dataclasses
import logging

from .backends import get_backend, snapshot
from .backends.base import EngineUnavailable
from .backends.database import DatabaseBackend
from .similar import SIMILAR_LIMIT
from .understanding import interpret

logger = logging.getLogger(__name__)


def search(query):
    backend = get_backend()
    try:
        return search_on(backend, query)
    except EngineUnavailable as error:
        logger.warning("Search engine unreachable, answered from the database: %s", error)
        result = search_on(DatabaseBackend(), query)
        return dataclasses.replace(result, degraded=True)


def search_on(backend, query):
    """The search on one backend, as every caller gets it (the contract tests use it too)."""
    interpretation = interpret(query.text, backend, literal=query.literal)
    result = backend.search(query, interpretation)
    if result.total and not result.strict_total and interpretation.minimum_match > 1:
        relaxed = dataclasses.replace(interpretation, relaxed=True)
        result = dataclasses.replace(result, interpretation=relaxed)
    return result


def count(query):
    """How many results the query gives, at a fraction of a search's cost."""
    backend = get_backend()
    try:
        return _count_on(backend, query)
    except EngineUnavailable:
        return _count_on(DatabaseBackend(), query)


def understand(query):
    """What the search makes of the query's words (its corrections, offers), searching nothing."""
    backend = get_backend()
    try:
        return interpret(query.text, backend, literal=query.literal)
    except EngineUnavailable:
        return interpret(query.text, DatabaseBackend(), literal=query.literal)


def _count_on(backend, query):
    return backend.count(query, interpret(query.text, backend, literal=query.literal))


def one_index_state():
    """A block in which every search reads the database index in one state, read once: for
    a page that asks many questions (the engine answers each from its own refreshed view)."""
    return snapshot.pinned()


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
