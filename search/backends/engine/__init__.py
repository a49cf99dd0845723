"""The search engine backend: OpenSearch 2.x or Elasticsearch 8, the same request bodies.

One concern per module: ``client`` (the thin transport: which client library, timeouts,
errors), ``analyzers`` and ``index`` (analysis, mapping and index settings as
elasticsearch-dsl objects), ``queries`` (request bodies built with elasticsearch-dsl),
``management`` (indices behind an alias, rebuilds), ``backend`` (the SearchBackend).
"""

from .backend import EngineBackend

__all__ = ["EngineBackend"]
