"""A practice page claims only what it shows: headings with content, its source, how sure its
status is, and similar practices that really share something with it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.rich_text import RichText

from practices.library.models import PracticePage
from search import service
from search.documents import document_key, page_id_of

pytestmark = pytest.mark.django_db

OUDEWATER = "Stichting Beheer Zwembad Oudewater"


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


def fact(html, label):
    """The value beside ``label`` in the page's "In het kort" list."""
    for key in html.select(".site-facts dt"):
        if text_of(key) == label:
            return text_of(key.find_next_sibling("dd"))
    raise AssertionError(f"no fact {label!r}")


def sections_without_content(html):
    """Headings (h2) of the article whose section holds nothing else to read."""
    empty = []
    for heading in html.select("article h2"):
        section = heading.find_parent("section")
        rest = text_of(section).removeprefix(text_of(heading)).strip()
        if not rest:
            empty.append(text_of(heading))
    return empty


# Headings ------------------------------------------------------------------------------------
def test_no_heading_of_any_demo_practice_stands_without_content(client):
    for page in PracticePage.objects.live():
        assert sections_without_content(page_html(client, page)) == [], page.title


def test_a_section_an_editor_emptied_gets_no_heading(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    # What the rich text editor keeps of a section whose text was deleted.
    page.body = [
        ("context", RichText('<p data-block-key="a1b2c"></p>')),
        ("initiative", RichText("<p>Een lokale zwemvereniging nam het initiatief.</p>")),
        ("result", RichText("<p>&nbsp;</p><p><br/></p>")),
    ]
    page.save_revision().publish()
    html = page_html(client, page)
    headings = [text_of(heading) for heading in html.select("article h2")]
    assert "Het initiatief" in headings
    assert "Aanleiding" not in headings
    assert "Resultaat" not in headings
    assert sections_without_content(html) == []


def test_a_practice_without_factors_has_no_factor_heading(client):
    page = PracticePage.objects.filter(factors__isnull=True).live().first()
    assert "Wat hielp en wat werkte tegen" not in text_of(page_html(client, page))


# The report as a source ------------------------------------------------------------------------
def test_every_example_from_the_report_cites_the_report_in_full(client):
    """Title, authors, publisher and date as on the report's title page; the report states no
    address of its own, so the citation is complete instead of a link."""
    for page in PracticePage.objects.live():
        html = page_html(client, page)
        heading = next(h for h in html.select("article h2") if text_of(h) == "Bronnen")
        sources = text_of(heading.find_parent("section"))
        for part in (
            "Jong, J. de, B. Litjens en I. Pröpper (2013)",
            "De ‘doe-democratie’: naar een nieuwe verhouding tussen overheid en samenleving",
            "Resultaten van een online enquête onder Nederlandse gemeenten",
            "Partners+Pröpper",
            "ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
            "5 juni 2013",
            "Hoofdstuk 2",
        ):
            assert part in sources, (page.title, part)


# How sure the status is ------------------------------------------------------------------------
def test_a_status_from_2013_that_nobody_checked_says_so(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    assert page.status and page.last_verified is None
    html = page_html(client, page)
    assert fact(html, "Status") == "Lopend (volgens de bron uit 2013; nog niet gecontroleerd)"
    assert fact(html, "Laatst gecontroleerd") == "nog niet gecontroleerd"


def test_a_checked_practice_shows_when_and_no_doubt(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    page.last_verified = datetime.date(2025, 3, 4)
    page.save_revision().publish()
    html = page_html(client, page)
    assert fact(html, "Status") == "Lopend"
    assert fact(html, "Laatst gecontroleerd") == "4 maart 2025"


def test_a_status_without_a_source_year_is_still_marked_unchecked(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    page.status_year = None
    page.save_revision().publish()
    assert fact(page_html(client, page), "Status") == "Lopend (nog niet gecontroleerd)"


# Vergelijkbare praktijken ----------------------------------------------------------------------
def shared_terms(page, other):
    return {
        term.name
        for relation in ("forms", "strategies", "challenges")
        for term in set(getattr(page, relation).all()) & set(getattr(other, relation).all())
    }


def similar_cards(html):
    heading = html.find(id="similar-heading")
    return heading.find_parent("section").select("li.card") if heading else []


def candidates_sharing_nothing(page):
    """Practices the index finds alike that share no form, strategy or challenge with page."""
    related = [link.practice for link in page.related_practice_links.all()]
    hits = service.similar(document_key(page), exclude=[document_key(p) for p in related])
    others = PracticePage.objects.filter(pk__in=[page_id_of(hit.key) for hit in hits])
    return {other.url for other in others if not shared_terms(page, other)}


def test_similar_practices_leave_out_those_that_share_nothing_the_intro_names(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    # The index finds practices alike in a tag only (Stichting Sportief Zwolle shares the tag
    # "stichting"); the section's intro promises a shared form, strategy or challenge.
    sharing_nothing = candidates_sharing_nothing(page)
    assert sharing_nothing
    shown = {card.h3.a["href"] for card in similar_cards(page_html(client, page))}
    assert not shown & sharing_nothing


def test_each_similar_practice_says_what_it_shares_with_the_page(client):
    by_url = {practice.url: practice for practice in PracticePage.objects.live()}
    shown = 0
    for page in by_url.values():
        for card in similar_cards(page_html(client, page)):
            other = by_url[card.h3.a["href"]]
            shared = shared_terms(page, other)
            assert shared, (page.title, other.title)
            said = text_of(card.find(string="Net als deze praktijk:").find_parent("p"))
            assert all(name in said for name in shared), (page.title, other.title, said)
            shown += 1
    assert shown
