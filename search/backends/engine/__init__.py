"""The search engine backend: OpenSearch now, Elasticsearch 8 with another client.

One concern per module: ``client`` (connection, timeouts, errors), ``index`` (analysis and
mapping), ``queries`` (request bodies), ``management`` (indices behind an alias, rebuilds),
``backend`` (the SearchBackend).
"""

from .backend import EngineBackend

__all__ = ["EngineBackend"]
