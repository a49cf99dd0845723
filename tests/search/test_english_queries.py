"""English queries find the Dutch practices through the taxonomy's English names, on both
backends; Dutch queries read exactly as they did before there were English names."""

import tomllib
from pathlib import Path

import pytest
from django.utils import translation

from practices.taxonomy.models import Factor, Form
from search.backends.database import DatabaseBackend
from search.documents import published_documents
from search.models import IndexEntry
from search.taxonomy_words import TERM_MODELS, forget
from search.understanding import interpret

from .contract import extra_document, run, titles

pytestmark = pytest.mark.django_db

SELF_MANAGEMENT = "zelfbeheer-openbare-ruimte"
VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
QUERIES = Path(__file__).resolve().parents[1] / "relevance" / "queries.toml"


def tagged(facet, value):
    """The published practices and tools tagged with the term: read from the documents."""
    return {d.title for d in published_documents() if value in d.keywords.get(facet, ())}


class EnglishQueries:
    @pytest.mark.parametrize(
        "text, facet, value",
        [
            ("volunteers", "form", VOLUNTEERING),
            ("volunteering", "form", VOLUNTEERING),
            ("facilitating", "rung", "faciliteren"),
            ("social tendering", "strategy", "maatschappelijk-aanbesteden"),
        ],
    )
    def test_a_word_of_an_english_name_finds_the_practices_tagged_with_the_term(
        self, backend, text, facet, value
    ):
        expected = tagged(facet, value)
        assert expected, "the demo has practices with this term"
        assert expected <= titles(run(backend, text))

    def test_a_word_in_a_few_english_names_still_finds_their_practices(self, backend):
        factor = Factor.objects.first()
        Factor.objects.filter(pk=factor.pk).update(name_en="Volunteers take over the management")
        forget()  # a plain update sends no signal
        assert tagged("form", VOLUNTEERING) <= titles(run(backend, "volunteers"))
        forget()

    def test_a_word_that_many_factors_use_still_finds_the_form_it_names(self, backend):
        # The demo's illustrative factors: "Too few volunteers", "Volunteers run the facility"...
        for number in range(6):
            Factor.objects.create(
                slug=f"volunteers-{number}",
                name_nl=f"Vrijwilligersfactor {number}",
                name_en=f"Volunteers, factor {number}",
            )
        forget()
        expected = tagged("form", VOLUNTEERING)
        assert expected, "the demo has practices of this form"
        assert expected <= titles(run(backend, "volunteers"))
        forget()

    def test_self_management_finds_the_self_management_of_public_space(self, backend):
        backend.index(
            [
                extra_document("extra:green", "Groen in de straat", form=(SELF_MANAGEMENT,)),
                extra_document("extra:other", "Straatfeest in de straat"),
            ]
        )
        found = titles(run(backend, "self-management"))
        assert "Groen in de straat" in found
        assert "Straatfeest in de straat" not in found

    def test_an_english_name_is_offered_as_a_filter_in_the_readers_language(self, backend):
        form = Form.objects.get(slug=VOLUNTEERING)
        with translation.override("en"):
            offers = {(o.value, o.label) for o in interpret("volunteers", backend).offers}
        assert (form.slug, form.name_en) in offers
        with translation.override("nl"):
            offers = {(o.value, o.label) for o in interpret("volunteers", backend).offers}
        assert (form.slug, form.name_nl) in offers


class TestEnglishQueriesOnTheDatabase(EnglishQueries):
    @pytest.fixture
    def backend(self, db):
        IndexEntry.objects.all().delete()
        backend = DatabaseBackend()
        backend.index(published_documents())
        return backend


class TestEnglishQueriesOnTheEngine(EnglishQueries):
    @pytest.fixture
    def backend(self, db, engine):
        engine.rebuild(published_documents())
        return engine


def test_the_finder_and_the_api_find_dutch_practices_for_an_english_word(client):
    expected = tagged("form", VOLUNTEERING)
    page = client.get("/en/zoeken/", {"q": "volunteers"}).text
    assert all(title in page for title in expected)
    data = client.get("/api/v1/practices/", {"q": "volunteers"}).json()
    assert expected <= {hit["title"] for hit in data["results"]}


@pytest.fixture
def database_backend(db):
    yield DatabaseBackend()
    forget()  # the next test reads the taxonomy as the database has it again


def test_dutch_queries_read_as_they_did_without_the_english_names(database_backend):
    texts = [query["text"] for query in tomllib.loads(QUERIES.read_text())["queries"]]
    texts += [term.name_nl for model in TERM_MODELS.values() for term in model.objects.all()]
    forget()
    with_english = [interpret(text, database_backend) for text in texts]
    for model in TERM_MODELS.values():
        model.objects.update(name_en=None, description_en="")
    forget()
    without_english = [interpret(text, database_backend) for text in texts]
    assert with_english == without_english
