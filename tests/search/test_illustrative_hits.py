"""A fictitious example (PracticePage.illustrative) says so in every hit, on both backends."""

import pytest

from practices.library.models import PracticePage
from search.backends.database import DatabaseBackend
from search.documents import document_key, published_documents
from search.models import IndexEntry

from .contract import ASSEN, OUDEWATER, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def fictitious():
    """One demo practice marked as a fictitious example."""
    page = PracticePage.objects.get(title=OUDEWATER)
    PracticePage.objects.filter(pk=page.pk).update(illustrative=True)
    return page


@pytest.fixture(params=["database", "engine"])
def backend(request, fictitious):
    if request.param == "engine":
        engine = request.getfixturevalue("engine")
        engine.rebuild(published_documents())
        return engine
    IndexEntry.objects.all().delete()
    database = DatabaseBackend()
    database.index(published_documents())
    return database


def test_the_document_of_a_fictitious_example_carries_the_mark(fictitious):
    marks = {document.title: document.illustrative for document in published_documents()}
    assert marks[OUDEWATER] is True
    assert not any(mark for title, mark in marks.items() if title != OUDEWATER)


def test_search_hits_say_whether_they_are_fictitious(backend):
    marks = {hit.title: hit.illustrative for hit in run(backend, "zwembad leencafe").hits}
    assert marks[OUDEWATER] is True
    assert marks[ASSEN] is False


def test_similar_practices_say_whether_they_are_fictitious(backend):
    assen = PracticePage.objects.get(title=ASSEN)
    marks = {hit.title: hit.illustrative for hit in backend.similar(document_key(assen), 4)}
    assert marks[OUDEWATER] is True
    assert not any(mark for title, mark in marks.items() if title != OUDEWATER)


def test_the_api_marks_fictitious_results_and_documents_the_field(client, fictitious):
    results = client.get("/api/v1/practices/", {"q": "zwembad leencafe"}).json()["results"]
    marks = {hit["title"]: hit["illustrative"] for hit in results}
    assert (marks[OUDEWATER], marks[ASSEN]) == (True, False)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["HitOut"]
    assert "illustrative" in schema["required"]
    assert schema["properties"]["illustrative"]["type"] == "boolean"
    assert "fictief voorbeeld" in schema["properties"]["illustrative"]["description"]


def test_the_example_facet_separates_fictitious_from_real_practices(backend):
    practices = {"type": {"praktijk"}}
    fictitious = run(backend, filters={**practices, "example": {"fictief"}})
    real = run(backend, filters={**practices, "example": {"echt"}})
    assert [hit.title for hit in fictitious.hits] == [OUDEWATER]
    assert real.hits and not any(hit.illustrative for hit in real.hits)
    assert fictitious.total + real.total == run(backend, filters=practices).total


def test_the_finder_offers_to_leave_out_the_fictitious_examples(client, fictitious):
    IndexEntry.objects.all().delete()
    DatabaseBackend().index(published_documents())
    html = client.get("/zoeken/").text
    assert 'name="example" value="echt"' in html
    assert 'name="example" value="fictief"' in html


def test_a_site_without_fictitious_examples_offers_no_filter_that_changes_nothing(client):
    assert not PracticePage.objects.filter(illustrative=True).exists()
    assert 'name="example"' not in client.get("/zoeken/").text
