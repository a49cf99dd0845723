"""The database backend's in-memory snapshot is never used once the index has changed.

Every write to IndexEntry, through the backend or straight through the ORM, renews
IndexVersion in the same transaction; another process's write shows up as a new token.
"""

import pytest
from django.db import connection

from search.backends import snapshot
from search.backends.database import DatabaseBackend
from search.documents import published_documents
from search.models import IndexEntry, IndexVersion
from search.query import SearchQuery
from search.service import search_on

from .contract import ASSEN, OUDEWATER

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    IndexEntry.objects.all().delete()
    backend = DatabaseBackend()
    backend.index(published_documents())
    return backend


def titles(backend, text="", **fields):
    result = search_on(backend, SearchQuery.build(text=text, per_page=50, **fields))
    return {hit.title for hit in result.hits}


def renews(write):
    before = IndexVersion.current()
    write()
    return IndexVersion.current() != before


def entry(title):
    return IndexEntry.objects.get(title=title)


def test_every_kind_of_write_renews_the_version(backend):
    document = next(d for d in published_documents() if d.title == ASSEN)
    assert renews(lambda: backend.index([document]))
    assert renews(lambda: backend.delete([document.key]))
    assert renews(lambda: backend.index([document]))
    assert renews(lambda: IndexEntry.objects.filter(title=ASSEN).update(start_year=1999))
    assert renews(lambda: entry(ASSEN).save())
    assert renews(lambda: entry(ASSEN).delete())
    assert renews(lambda: IndexEntry.objects.all().delete())


def test_deleting_nothing_keeps_the_snapshot(backend):
    assert not renews(lambda: backend.delete(["page:999999"]))


def test_a_search_after_an_orm_write_sees_it(backend):
    assert OUDEWATER in titles(backend, "zwembad")
    IndexEntry.objects.filter(title=OUDEWATER).update(start_year=1999)
    assert titles(backend, year_from=1999, year_to=1999) == {OUDEWATER}
    IndexEntry.objects.filter(title=OUDEWATER).delete()
    assert titles(backend, year_from=1999, year_to=1999) == set()


def test_another_process_write_is_seen_through_the_token(backend):
    assert titles(backend, year_from=1999, year_to=1999) == set()  # cached now
    with connection.cursor() as cursor:  # as another worker would: no signal reaches us
        cursor.execute("UPDATE search_indexentry SET start_year = 1999 WHERE title = %s", [ASSEN])
    # Raw SQL renews nothing: the search still answers from the copy ...
    assert titles(backend, year_from=1999, year_to=1999) == set()
    # ... until the token changes, as it does with every ORM write in any process.
    IndexVersion.renew()
    assert titles(backend, year_from=1999, year_to=1999) == {ASSEN}


def test_a_snapshot_is_cached_while_the_index_is_unchanged(backend):
    assert snapshot.current() is snapshot.current()
