"""The contract on the embedded default: the database backend (SQLite or PostgreSQL)."""

import pytest

from search.backends.database import DatabaseBackend
from search.documents import published_documents
from search.models import IndexEntry

from .contract import SearchContract


class TestDatabaseBackend(SearchContract):
    @pytest.fixture
    def backend(self, db):
        IndexEntry.objects.all().delete()
        backend = DatabaseBackend()
        backend.index(published_documents())
        return backend
