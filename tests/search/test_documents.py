"""What the index holds for a page: the text people read, and the facet values of the table."""

import pytest
from wagtail.rich_text import RichText

from practices.library.choices import FactorKind
from practices.library.models import PracticePage, ToolPage
from search import facets
from search.analysis import words
from search.backends.database import DatabaseBackend
from search.documents import document_for
from search.query import SearchQuery
from search.service import search_on

from .contract import ASSEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change queues on commit (the index update), as a request's commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def research_lab(committed):
    """The Leencafé, its story now telling of an R&D lab in rich text (stored as R&amp;D)."""
    assen = PracticePage.objects.get(title=ASSEN)
    assen.body = [("context", RichText("<p>Het <b>R&amp;D</b>-lab van de bibliotheek.</p>"))]
    committed(lambda: assen.save_revision().publish())
    return PracticePage.objects.get(pk=assen.pk)


def test_entities_in_rich_text_are_indexed_as_the_characters_they_stand_for(research_lab):
    document = document_for(research_lab)
    assert "R&D-lab" in document.body
    assert "amp" not in words(document.body)
    assert "&amp;" not in document.body


def test_an_entity_is_no_word_to_find_the_page_by(research_lab):
    backend = DatabaseBackend()
    found = search_on(backend, SearchQuery.build(text="amp", literal=True)).hits
    assert ASSEN not in {hit.title for hit in found}
    assert ASSEN in {hit.title for hit in search_on(backend, SearchQuery.build(text="lab")).hits}


def test_the_highlight_escapes_an_entity_once(research_lab):
    [hit] = [
        hit
        for hit in search_on(DatabaseBackend(), SearchQuery.build(text="lab")).hits
        if hit.title == ASSEN
    ]
    assert "R&amp;D" in hit.highlight
    assert "&amp;amp;" not in hit.highlight


def test_a_document_holds_every_facet_of_the_table():
    for page in [*PracticePage.objects.live(), *ToolPage.objects.live()]:
        assert set(document_for(page).keywords) == {facet.name for facet in facets.FACETS}


def test_a_practice_has_the_values_of_its_terms_and_municipality():
    page = PracticePage.objects.get(title=ASSEN)
    keywords = document_for(page).keywords
    assert keywords["type"] == (facets.PRACTICE,)
    assert keywords["form"] == tuple(sorted(page.forms.values_list("slug", flat=True)))
    assert keywords["province"] == (page.municipality.province,)
    assert keywords["size"] == (page.municipality.size_class.slug,)
    assert {strategy.rung.slug for strategy in page.strategies.all()} <= set(keywords["rung"])
    kinds = {FactorKind.SUCCESS: "success_factor", FactorKind.FAILURE: "failure_factor"}
    assert page.factors.exists()
    for use in page.factors.all():
        assert use.factor.slug in keywords[kinds[use.kind]]


def test_a_tool_has_no_values_for_the_facets_of_practices():
    tool = document_for(ToolPage.objects.live().first())
    practice_only = {"sector", "challenge", "size", "province", "outcome", "evidence", "tag"}
    assert all(tool.keywords[name] == () for name in practice_only)
    assert tool.keywords["type"] == (facets.TOOL,)


def test_paragraphs_and_list_items_part_words(committed):
    assen = PracticePage.objects.get(title=ASSEN)
    markup = "<p>wijkcentrum</p><ul><li>buurtkamer</li><li>speeltuin<br>moestuin</li></ul>"
    assen.body = [("context", RichText(markup))]
    committed(lambda: assen.save_revision().publish())
    document = document_for(PracticePage.objects.get(pk=assen.pk))
    assert {"wijkcentrum", "buurtkamer", "speeltuin", "moestuin"} <= set(words(document.body))
