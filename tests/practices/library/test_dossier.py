"""The dossier for the college: chosen practices, or a strategy's, as a memo in PDF and DOCX.

The text of each file is read back (pypdf, python-docx) and checked for what the memo
promises: per practice its title, municipality, role, factors with their explanations,
outcome and link; the fictitious mark; the day it was made and the content licence; for a
strategy the "what works" figures, the 2013 baseline and its source. A bad request gets a
400 with a Dutch message, never a 500, and nothing personal ever gets into a dossier.
"""

import datetime
import io
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from practices.insights.computation import compute
from practices.insights.figures import survey_source
from practices.library import dossier
from practices.library.choices import FactorKind, Status
from practices.library.demo import load_illustrative_practices
from practices.library.dossier import MAX_PRACTICES, dutch_date
from practices.library.models import PracticeFactor, PracticePage, ToolPage
from practices.submissions.models import SubmitterContact
from practices.taxonomy.models import Factor, Rung, Strategy
from tests.search.test_exports import published_submissions  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "/dossier/"
SERVER = "http://testserver"
FORMATS = ["pdf", "docx"]
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def words(text):
    return " ".join(text.split())


def pdf_text(data):
    return words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data):
    document = WordDocument(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return words(" ".join(texts))


def compact(text):
    """Without any white space: a long link wraps over two lines in the PDF."""
    return "".join(text.split())


READ_BACK = {"pdf": pdf_text, "docx": docx_text}


def dossier_text(client, output, **params):
    response = client.get(URL, params | {"formaat": output})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == CONTENT_TYPES[output]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return READ_BACK[output](response.content)


def full_practice():
    """A published practice with a municipality, a role, both kinds of factor and an outcome."""
    page = next(
        page
        for page in PracticePage.objects.live().public().exclude(municipality=None)
        if page.factors.filter(kind=FactorKind.SUCCESS).exists()
    )
    page.factors.add(
        PracticeFactor(
            factor=Factor.objects.order_by("pk").last(),
            kind=FactorKind.FAILURE,
            explanation="Na de eerste zomer   haakten de vrijwilligers af.",
        )
    )
    page.government_role = Rung.objects.order_by("sort_order").last()
    page.status, page.status_year = Status.STOPPED, 2013
    page.stop_reason = "De vrijwilligers   stopten na vijf jaar; niemand nam het over."
    page.save_revision().publish()
    return PracticePage.objects.get(pk=page.pk)


@pytest.fixture
def many_practices():
    """The demo practices and the fictitious examples: more than a dossier may hold."""
    load_illustrative_practices()
    pages = list(PracticePage.objects.live().public().order_by("pk"))
    assert len(pages) > MAX_PRACTICES
    return pages


# What one practice brings -------------------------------------------------------------------------
@pytest.mark.parametrize("output", FORMATS)
def test_a_dossier_of_one_practice_holds_everything_a_memo_needs_about_it(client, output):
    page = full_practice()
    text = dossier_text(client, output, praktijk=page.pk)
    assert page.title in text
    assert words(page.summary) in text
    assert f"Gemeente: {page.municipality.name}" in text
    assert f"Rol van de gemeente: {page.government_role.name}" in text
    assert f"Uitkomst: {page.get_status_display()}" in text
    assert "Waarom gestopt: De vrijwilligers stopten na vijf jaar; niemand nam het over." in text
    assert "Succesfactoren" in text and "Faalfactoren" in text
    for factor in page.factors.all():
        expected = factor.factor.name + (
            f": {words(factor.explanation)}" if factor.explanation else ""
        )
        assert words(expected) in text
    assert compact(f"Meer lezen: {SERVER}{page.url}") in compact(text)
    assert f"Gemaakt op {dutch_date(timezone.localdate())}" in text
    assert (
        "Licentie van de inhoud: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in text
    )
    assert "fictief" not in text.lower()


def test_the_day_it_was_made_is_written_out_in_dutch():
    assert dutch_date(datetime.date(2026, 12, 1)) == "1 december 2026"
    assert dutch_date(datetime.date(2027, 3, 9)) == "9 maart 2027"


@pytest.mark.parametrize("output", FORMATS)
def test_the_dossier_names_the_licence_the_editors_chose(client, output, settings):
    settings.PRAKTIJKBANK_CONTENT_LICENCE = {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    text = dossier_text(client, output, praktijk=full_practice().pk)
    assert (
        "Licentie van de inhoud: CC0 1.0 (https://creativecommons.org/publicdomain/zero/1.0/)"
        in text
    )


@pytest.mark.parametrize("output", FORMATS)
def test_a_dossier_of_fifty_practices_holds_each_in_the_order_chosen(
    client, output, many_practices
):
    chosen = many_practices[-MAX_PRACTICES:][::-1]
    text = dossier_text(client, output, praktijk=[page.pk for page in chosen])
    assert f"Een korte notitie over {MAX_PRACTICES} praktijken" in text
    positions = []
    for page in chosen:
        link = compact(f"Meer lezen: {SERVER}{page.url}")
        assert link in compact(text), page.title
        positions.append(compact(text).index(link))
    assert positions == sorted(positions)
    fictitious = sum(page.illustrative for page in chosen)
    assert fictitious
    assert f"{fictitious} praktijken in dit dossier zijn fictieve voorbeelden" in text
    for page in chosen:
        if page.illustrative:
            assert f"{page.title} (fictief voorbeeld)" in text


@pytest.mark.parametrize("output", FORMATS)
def test_a_fictitious_example_is_marked_as_such_in_the_dossier(client, output, many_practices):
    example = next(page for page in many_practices if page.illustrative)
    text = dossier_text(client, output, praktijk=example.pk)
    assert f"{example.title} (fictief voorbeeld)" in text
    assert "Fictief voorbeeld. Deze praktijk is verzonnen." in text
    assert "1 praktijk in dit dossier is een fictief voorbeeld" in text


# A strategy's dossier -----------------------------------------------------------------------------
@pytest.mark.parametrize("output", FORMATS)
def test_a_strategy_dossier_has_its_figures_the_2013_baseline_and_the_source(client, output):
    figures = max(
        compute().strategies, key=lambda term: (term.practices.count, len(term.survey_2013))
    )
    assert figures.practices.count and figures.survey_2013
    text = dossier_text(client, output, strategie=figures.slug)
    assert f"Dossier: strategie {figures.label}" in text
    assert f"Praktijken op deze site: {figures.practices.count}" in text
    for baseline in figures.survey_2013:
        assert words(f"{baseline.label}: {baseline.display}") in text
    assert f"Bron: {survey_source()}" in text
    strategy = Strategy.objects.get(slug=figures.slug)
    for page in PracticePage.objects.live().public().filter(strategies=strategy):
        assert compact(f"Meer lezen: {SERVER}{page.url}") in compact(text)


def test_a_strategy_with_more_practices_than_a_dossier_holds_shows_the_first_and_says_so(
    client, monkeypatch
):
    strategy = Strategy.objects.order_by("pk").first()
    strategy.practices.add(*PracticePage.objects.live().public()[:3])
    total = PracticePage.objects.live().public().filter(strategies=strategy).count()
    monkeypatch.setattr(dossier, "MAX_PRACTICES", total - 1)
    text = dossier_text(client, "pdf", strategie=strategy.slug)
    assert f"de eerste {total - 1} van de {total} praktijken" in text
    assert text.count("Meer lezen: ") == total - 1


def test_the_what_works_page_links_each_strategy_to_its_dossier(client):
    html = client.get("/wat-werkt/").content.decode()
    for figures in compute().strategies:
        if figures.practices.count:
            assert f'href="/dossier/?strategie={figures.slug}&amp;formaat=pdf"' in html
            assert f'href="/dossier/?strategie={figures.slug}&amp;formaat=docx"' in html


# The finder's controls ----------------------------------------------------------------------------
def test_in_the_finder_each_practice_has_a_box_for_the_dossier_and_no_tool_has(client):
    response = client.get("/zoeken/")
    html = response.content.decode()
    boxes = set(re.findall(r'form="dossier" name="praktijk" value="(\d+)"', html))
    hits = response.context["hits"]
    assert boxes == {hit.key.removeprefix("page:") for hit in hits if hit.kind == "praktijk"}
    assert boxes and any(hit.kind == "instrument" for hit in hits)
    assert html.count(">Opnemen in dossier<") == len(boxes)
    assert 'id="dossier"' in html
    assert "Dossier maken (PDF)" in html and "Dossier maken (DOCX)" in html


def test_the_dossier_of_a_finder_page_holds_the_practices_on_it(client):
    response = client.get("/zoeken/", {"type": "praktijk"})
    link = next(
        line.split('href="')[1].split('"')[0]
        for line in response.content.decode().splitlines()
        if "dossier van deze pagina (PDF)" in line
    ).replace("&amp;", "&")
    text = pdf_text(client.get(link).content)
    for hit in response.context["hits"]:
        assert compact(f"Meer lezen: {SERVER}{hit.url}") in compact(text)


# Bad requests -------------------------------------------------------------------------------------
def refused(client, params):
    response = client.get(URL + "?" + urlencode(params, doseq=True))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Dit dossier kunnen we niet maken" in html
    return html


def test_too_many_practices_are_refused_with_the_maximum(client, many_practices):
    ids = [page.pk for page in many_practices[: MAX_PRACTICES + 1]]
    html = refused(client, {"praktijk": ids, "formaat": "pdf"})
    assert f"ten hoogste {MAX_PRACTICES} praktijken" in html
    assert f"U koos er {MAX_PRACTICES + 1}" in html


def test_a_tool_is_refused_as_no_practice(client):
    tool = ToolPage.objects.live().first()
    html = refused(client, {"praktijk": tool.pk, "formaat": "docx"})
    assert "is een instrument, geen praktijk" in html


def test_an_unpublished_practice_is_refused_as_if_it_did_not_exist(client):
    page = full_practice()
    page.unpublish()
    html = refused(client, {"praktijk": page.pk, "formaat": "pdf"})
    assert f"Er is geen openbare praktijk met nummer {page.pk}" in html


def test_a_practice_behind_a_password_is_refused_as_not_public(client):
    page = full_practice()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = refused(client, {"praktijk": page.pk, "formaat": "pdf"})
    assert f"Er is geen openbare praktijk met nummer {page.pk}" in html


def test_a_strategy_without_practices_still_gives_its_figures_and_says_there_are_none(client):
    strategy = Strategy.objects.filter(practices=None).first()
    text = dossier_text(client, "pdf", strategie=strategy.slug)
    assert f"Dossier: strategie {strategy.name}" in text
    assert "Praktijken op deze site: 0" in text
    assert "De praktijken Nog geen praktijken" in text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"formaat": "pdf"}, "Kies ten minste één praktijk"),
        ({"praktijk": "1"}, "Kies PDF of DOCX"),
        ({"praktijk": "1", "formaat": "odt"}, "Kies PDF of DOCX"),
        ({"praktijk": "twaalf", "formaat": "pdf"}, "is geen nummer van een praktijk"),
        ({"praktijk": "99999999", "formaat": "pdf"}, "Er is geen openbare praktijk"),
        ({"strategie": "bestaat-niet", "formaat": "pdf"}, "Deze strategie kennen we niet"),
    ],
)
def test_a_bad_request_gets_a_dutch_message(client, params, message):
    assert message in refused(client, params)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Words, and numbers that are sometimes a practice, a tool, another page or nothing.
    values=st.lists(
        st.one_of(
            st.text(max_size=30), st.integers(-5, 10**11).map(str), st.integers(1, 120).map(str)
        ),
        max_size=60,
    ),
    output=st.sampled_from(["pdf", "docx", "", "PDF", "odt"]),
    strategy=st.one_of(st.just(""), st.text(max_size=30)),
)
def test_any_input_gives_a_dossier_or_a_dutch_400_never_a_500(values, output, strategy):
    client = Client(raise_request_exception=False)
    params = {"praktijk": values, "formaat": output}
    if strategy:
        params["strategie"] = strategy
    response = client.get(URL + "?" + urlencode(params, doseq=True))
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "Dit dossier kunnen we niet maken" in response.content.decode()


# Nothing personal ---------------------------------------------------------------------------------
@pytest.mark.parametrize("output", FORMATS)
def test_no_contact_details_of_a_page_are_in_the_dossier(client, output):
    page = full_practice()
    page.contact_name, page.contact_email = "Piet Contactpersoon", "piet@contact.example"
    page.contact_organisation, page.contact_url = "Stichting Contact", "https://contact.example/"
    page.save_revision().publish()
    text = dossier_text(client, output, praktijk=page.pk)
    for value in (
        "Piet Contactpersoon",
        "piet@contact.example",
        "Stichting Contact",
        "contact.example",
    ):
        assert value not in text


@pytest.mark.parametrize("output", FORMATS)
def test_nothing_of_a_submitter_is_in_the_dossier(client, output, published_submissions):  # noqa: F811
    pages = [submission.page for submission in published_submissions]
    text = dossier_text(client, output, praktijk=[page.pk for page in pages])
    for submission in published_submissions:
        assert submission.page.title in text
        private = [submission.reference, submission.token_hash, submission.editor_comment]
        contact = SubmitterContact.objects.get(submission=submission)
        private += [
            getattr(contact, field.name)
            for field in SubmitterContact._meta.concrete_fields
            if isinstance(getattr(contact, field.name), str)
        ]
        for value in filter(None, private):
            assert value not in text


def test_the_queries_of_a_dossier_do_not_grow_with_its_practices(client, many_practices):
    def queries(pages):
        with CaptureQueriesContext(connection) as captured:
            dossier_text(client, "docx", praktijk=[page.pk for page in pages])
        return len(captured)

    assert queries(many_practices[:MAX_PRACTICES]) == queries(many_practices[:2])
