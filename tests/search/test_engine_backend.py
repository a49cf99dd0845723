"""The contract on the search engine: a real OpenSearch node (see platform/elasticsearch/run)."""

import pytest

from search.documents import published_documents

from .contract import SearchContract


class TestEngineBackend(SearchContract):
    @pytest.fixture
    def backend(self, db, engine):
        # rebuild() refreshes the new index before the alias points at it: all visible.
        engine.rebuild(published_documents())
        return engine
