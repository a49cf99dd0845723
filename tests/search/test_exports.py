"""Open data: the finder's lists as CSV and JSON, and "what works" as CSV, without login.

An export holds the finder's results for the same parameters, in the same order, with the
columns of search.exports.COLUMNS, the content licence in the file and the headers, every
fictitious example marked, and nothing of a submitter.
"""

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from practices.insights.figures import survey_source
from practices.library.choices import FactorKind
from practices.library.models import PracticeFactor, PracticePage
from practices.submissions.models import Submission, SubmitterContact
from practices.taxonomy.models import Factor
from search import exports
from search.backends.database import DatabaseBackend
from search.documents import published_documents
from search.exports import COLUMN_NAMES, MULTIPLE, WHAT_WORKS_COLUMNS, columns_markdown
from search.facets import FACETS
from search.forms import FinderForm
from search.query import SearchQuery
from search.service import search_on
from tests.practices.submissions.journey import (
    EMAIL,
    NAME,
    classification_data,
    links_data,
    new_submission,
    outcome_data,
    practice_data,
    review_url,
    step_url,
)

pytestmark = pytest.mark.django_db

CSV_URL, JSON_URL = "/api/v1/practices/export.csv", "/api/v1/practices/export.json"
WHAT_WORKS_CSV = "/api/v1/what-works/export.csv"
SERVER = "http://testserver"
README = Path(__file__).resolve().parents[2] / "README.md"
# Lists of the finder: everything, words, filters, another order, words with a filter.
LISTS = [
    {},
    {"q": "gemeente"},
    {"type": "praktijk", "outcome": "lopend"},
    {"sort": "newest"},
    {"q": "vrijwilligers", "evidence": ["beschreven", "geevalueerd"]},
]


def body(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response))))


def json_export(response):
    return json.loads(body(response))


def finder_results(client, params):
    """Every result of the API for these parameters, page after page, in its order."""
    first = client.get("/api/v1/practices/", params).json()
    results = list(first["results"])
    for number in range(2, first["pages"] + 1):
        results += client.get("/api/v1/practices/", {**params, "page": number}).json()["results"]
    assert len(results) == first["count"]
    return results


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 2: a list of the demo spans several reads of the search and the pages."""
    monkeypatch.setattr(exports, "EXPORT_CHUNK", 2)


@pytest.fixture
def fictitious():
    """A demo practice marked as a fictitious example (the export reads the mark from it)."""
    page = PracticePage.objects.live().order_by("pk").first()
    PracticePage.objects.filter(pk=page.pk).update(illustrative=True)
    return page


@pytest.fixture
def failure():
    """A failure factor named by a demo practice, beside its success factors."""
    page = PracticePage.objects.live().filter(factors__isnull=False).first()
    factor = Factor.objects.exclude(uses__page=page).first()
    return PracticeFactor.objects.create(page=page, factor=factor, kind=FactorKind.FAILURE)


# Same results, same order -------------------------------------------------------------------
@pytest.mark.parametrize("params", LISTS)
def test_the_csv_holds_the_finders_results_in_the_finders_order(client, small_chunks, params):
    results = finder_results(client, params)
    rows = csv_rows(client.get(CSV_URL, params))
    assert [row["url"] for row in rows] == [SERVER + hit["url"] for hit in results]
    assert [(row["type"], row["title"]) for row in rows] == [
        (hit["type"], hit["title"]) for hit in results
    ]
    assert results  # every list of LISTS finds something


@pytest.mark.parametrize("params", LISTS)
def test_the_json_holds_the_finders_results_in_the_finders_order(client, small_chunks, params):
    results = finder_results(client, params)
    data = json_export(client.get(JSON_URL, params))
    assert [row["url"] for row in data["practices"]] == [SERVER + hit["url"] for hit in results]
    assert data["count"] == len(results)


def test_each_facet_value_filters_the_export_as_it_filters_the_finder(client):
    facets = client.get("/api/v1/practices/").json()["facets"]
    for name, values in facets.items():
        if not values:  # a facet the demo gives no value (no size classes known, say)
            continue
        value = values[-1]["value"]  # the last: often the rarest
        exported = csv_rows(client.get(CSV_URL, {name: value}))
        found = finder_results(client, {name: value})
        assert [row["url"] for row in exported] == [SERVER + hit["url"] for hit in found], name


def test_the_export_holds_every_page_whatever_page_is_asked(client):
    everything = csv_rows(client.get(CSV_URL))
    assert csv_rows(client.get(CSV_URL, {"page": "3"})) == everything
    assert len(everything) == client.get("/api/v1/practices/").json()["count"] > 10


def test_the_csv_and_the_json_hold_the_same_rows(client):
    rows = csv_rows(client.get(CSV_URL))
    practices = json_export(client.get(JSON_URL))["practices"]
    assert list(rows[0]) == list(practices[0]) == list(COLUMN_NAMES)
    assert rows == [
        {name: exports.csv_cell(row[name]) for name in COLUMN_NAMES} for row in practices
    ]


def test_taxonomy_comes_as_labels_and_slugs_in_the_same_order(client):
    page = PracticePage.objects.live().filter(strategies__isnull=False).distinct().first()
    (row,) = [
        row
        for row in json_export(client.get(JSON_URL))["practices"]
        if row["url"] == SERVER + page.url
    ]
    strategies = list(page.strategies.all())
    assert row["strategies"] == [strategy.name for strategy in strategies]
    assert row["strategy_slugs"] == [strategy.slug for strategy in strategies]
    assert row["municipality"] == page.municipality.name
    assert row["municipality_cbs_code"] == page.municipality.cbs_code
    assert row["province_slug"] == page.municipality.province
    assert (row["start_year"], row["status"], row["evidence_level"]) == (
        page.start_year,
        page.status or None,
        page.evidence_level,
    )


def test_multiple_values_in_a_csv_cell_are_parted_by_a_bar(client):
    practices = json_export(client.get(JSON_URL))["practices"]
    rows = csv_rows(client.get(CSV_URL))
    many = next(row for row in practices if len(row["tag_slugs"]) > 1)
    (cell,) = [row["tag_slugs"] for row in rows if row["url"] == many["url"]]
    assert cell.split(MULTIPLE) == many["tag_slugs"]


def test_success_and_failure_factors_come_each_in_their_own_columns(client, failure):
    practices = json_export(client.get(JSON_URL))["practices"]
    (row,) = [row for row in practices if row["url"] == SERVER + failure.page.url]
    assert row["failure_factor_slugs"] == [failure.factor.slug]
    assert row["failure_factors"] == [failure.factor.name]
    successes = failure.page.factors.filter(kind=FactorKind.SUCCESS)
    assert row["success_factor_slugs"] == [use.factor.slug for use in successes] != []


# Bad parameters ---------------------------------------------------------------------------------
def test_bad_parameters_get_the_apis_400_with_dutch_messages(client):
    params = {"strategy": "onbekend", "year_from": "gisteren"}
    for url in (CSV_URL, JSON_URL):
        response = client.get(url, params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == client.get("/api/v1/practices/", params).json()
    messages = [error["message"] for error in response.json()["errors"]]
    assert "‘onbekend’ is geen bekende keuze bij ‘Strategie van de gemeente’." in messages


EXPORT_PARAMETERS = [
    *(name for name in FinderForm.base_fields if name != "page"),
    *(facet.name for facet in FACETS),
]


@settings(max_examples=60, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(EXPORT_PARAMETERS), st.text(max_size=30), min_size=1, max_size=3
    ),
    url=st.sampled_from([CSV_URL, JSON_URL]),
)
def test_any_parameters_get_the_export_or_the_apis_400_never_a_server_error(params, url):
    client = Client()
    api = client.get("/api/v1/practices/", params)
    response = client.get(url, params)
    assert response.status_code == api.status_code
    if api.status_code == 400:
        assert response.json() == api.json()
    else:
        exported = csv_rows(response) if url == CSV_URL else json_export(response)["practices"]
        assert len(exported) == api.json()["count"]


# Licence ------------------------------------------------------------------------------------------
def test_the_licence_is_stated_in_the_file_and_in_the_headers(client):
    today = timezone.localdate().isoformat()
    csv_response = client.get(CSV_URL)
    rows = csv_rows(csv_response)
    assert {(row["licence"], row["licence_url"]) for row in rows} == {
        ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    }
    json_response = client.get(JSON_URL)
    assert json_export(json_response)["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    for response, extension in ((csv_response, "csv"), (json_response, "json")):
        assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
        assert response["Content-Disposition"] == (
            f'attachment; filename="praktijkbank-praktijken-{today}.{extension}"'
        )
    assert csv_response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert json_response["Content-Type"].startswith("application/json")


def test_a_licence_the_editors_choose_is_the_one_stated(client, settings):
    settings.PRAKTIJKBANK_CONTENT_LICENCE = {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    response = client.get(CSV_URL)
    assert {row["licence"] for row in csv_rows(response)} == {"CC0 1.0"}
    assert response["Link"] == '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
    assert json_export(client.get(JSON_URL))["licence"]["name"] == "CC0 1.0"


# Fictitious examples and personal data ------------------------------------------------------------
def test_every_fictitious_example_is_marked_and_no_real_practice_is(client, fictitious):
    illustrative = {
        SERVER + page.url: page.illustrative for page in PracticePage.objects.live().public()
    }
    practices = json_export(client.get(JSON_URL))["practices"]
    marked = {row["url"]: row["fictitious"] for row in practices if row["type"] == "praktijk"}
    assert marked == illustrative
    assert marked[SERVER + fictitious.url] is True
    assert list(marked.values()).count(True) == 1
    assert {row["fictitious"] for row in practices if row["type"] == "instrument"} == {False}
    assert {row["fictitious"] for row in csv_rows(client.get(CSV_URL))} == {"true", "false"}


@pytest.fixture
def published_submissions(settings, tmp_path, django_capture_on_commit_callbacks):
    """Two submitted cases published as practices, one of them anonymously."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SUBMISSION_RATE_LIMITS = {
        "start_per_ip": (10_000, 3600),
        "start_per_email": (10_000, 3600),
        "post_per_ip": (100_000, 600),
    }
    submissions = []
    for title, anonymous in (("Zwembad in handen van het dorp", ""), ("Anoniem buurtbad", "on")):
        client = Client()
        submission, token = new_submission()
        steps = (
            practice_data(title=title),
            classification_data(),
            outcome_data(anonymous=anonymous),
            links_data(),
        )
        for number, data in enumerate(steps, start=2):
            assert client.post(step_url(token, number), data).status_code == 302
        client.post(review_url(token))
        submission.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            submission.page.get_latest_revision().publish()
        submissions.append(submission)
    return submissions


def test_no_personal_data_of_a_submitter_is_exported(client, published_submissions):
    texts = body(client.get(CSV_URL)) + body(client.get(JSON_URL))
    titles = {row["title"]: row for row in json_export(client.get(JSON_URL))["practices"]}
    assert {"Zwembad in handen van het dorp", "Anoniem buurtbad"} <= set(titles)
    for submission in published_submissions:
        private = [submission.reference, submission.token_hash, submission.editor_comment]
        for field in SubmitterContact._meta.concrete_fields:
            value = getattr(SubmitterContact.objects.get(submission=submission), field.name)
            if isinstance(value, str):
                private.append(value)
        for value in filter(None, private):
            assert value not in texts
    assert NAME not in texts and EMAIL not in texts
    # An anonymous case keeps its municipality with the editors, out of the export too.
    assert titles["Zwembad in handen van het dorp"]["municipality"] == "Oudewater"
    assert titles["Anoniem buurtbad"]["municipality"] is None
    assert titles["Anoniem buurtbad"]["municipality_cbs_code"] is None
    assert Submission.objects.filter(anonymous=True).count() == 1


def test_a_pages_contact_details_are_not_exported(client):
    page = PracticePage.objects.live().first()
    page.contact_name, page.contact_email = "Piet Contactpersoon", "piet@contact.example"
    page.contact_organisation, page.contact_url = "Stichting Contact", "https://contact.example/"
    page.save()
    texts = body(client.get(CSV_URL)) + body(client.get(JSON_URL))
    assert page.title in texts
    for value in ("Piet Contactpersoon", "piet@contact.example", "Stichting Contact", "contact."):
        assert value not in texts


# Streaming ----------------------------------------------------------------------------------------
def _page_reads(queries):
    """The reads of practice pages by id (one per chunk; their prefetches read other tables)."""
    return sum(
        1
        for query in queries.captured_queries
        if '"library_practicepage"."summary"' in query["sql"]
    )


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_the_export_streams_a_chunk_at_a_time(client, small_chunks, url):
    response = client.get(url, {"type": "praktijk"})
    assert isinstance(response, StreamingHttpResponse) and response.streaming
    parts = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        next(parts)  # the header: nothing read yet
        assert _page_reads(queries) == 0
        next(parts)
        assert _page_reads(queries) == 1  # the first chunk's pages only
        next(parts)
        assert _page_reads(queries) == 2
        rest = list(parts)
    practices = PracticePage.objects.live().public().count()
    assert _page_reads(queries) == -(-practices // 2)
    assert len(rest) >= 2


# OpenAPI and documentation ------------------------------------------------------------------------
def test_the_openapi_document_lists_the_exports_with_the_finders_parameters(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    finder = {p["name"] for p in paths["/api/v1/practices/"]["get"]["parameters"]}
    for path, media_type in (
        ("/api/v1/practices/export.csv", "text/csv"),
        ("/api/v1/practices/export.json", "application/json"),
    ):
        operation = paths[path]["get"]
        assert {p["name"] for p in operation["parameters"]} == finder - {"page"}
        assert {facet.name for facet in FACETS} <= {p["name"] for p in operation["parameters"]}
        assert media_type in operation["responses"]["200"]["content"]
        assert set(operation["responses"]) == {"200", "400"}
        assert all(f"`{name}`" in operation["description"] for name in COLUMN_NAMES)
    what_works = {p["name"] for p in paths["/api/v1/what-works/"]["get"]["parameters"]}
    operation = paths["/api/v1/what-works/export.csv"]["get"]
    assert {p["name"] for p in operation["parameters"]} == what_works == {"form", "size", "sector"}
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_the_readme_documents_every_column_as_the_code_defines_it():
    readme = README.read_text()
    assert columns_markdown() in readme
    assert columns_markdown(WHAT_WORKS_COLUMNS) in readme


# The finder's link ------------------------------------------------------------------------------
def _download_links(html):
    found = re.findall(r'href="(/api/v1/practices/export\.(?:csv|json)[^"]*)"', html)
    return [unescape(link) for link in found]


def test_the_finder_links_to_the_export_of_its_list(client):
    page = client.get("/zoeken/", {"sort": "newest", "page": "2"})
    assert "Download deze lijst:" in page.text
    csv_link, json_link = _download_links(page.text)
    assert csv_link.startswith(CSV_URL) and json_link.startswith(JSON_URL)
    assert "page=" not in csv_link
    rows = csv_rows(client.get(csv_link))
    found = finder_results(client, {"sort": "newest"})
    assert len(found) > 10  # more than one page of the finder
    assert [row["url"] for row in rows] == [SERVER + hit["url"] for hit in found]
    assert json_export(client.get(json_link))["count"] == len(found)


def test_the_finder_offers_no_download_without_results(client):
    page = client.get("/zoeken/", {"q": "xylofoonorkestwedstrijd", "literal": "1"})
    assert page.status_code == 200
    assert "Download deze lijst" not in page.text and not _download_links(page.text)


# What works ---------------------------------------------------------------------------------------
def what_works_rows(response):
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("params", [{}, {"form": "sociaal-ondernemerschap"}, {"size": "klein"}])
def test_what_works_as_csv_has_a_row_per_strategy_and_form_with_the_apis_figures(client, params):
    from practices.taxonomy.models import SizeClass

    if "size" in params:
        params = {"size": SizeClass.objects.first().slug}
    api = client.get("/api/v1/what-works/", params).json()
    rows = what_works_rows(client.get(WHAT_WORKS_CSV, params))
    expected = [("strategy", term) for term in api["strategies"]]
    expected += [("form", term) for term in api["forms"]]
    assert [(row["kind"], row["slug"]) for row in rows] == [
        (kind, term["slug"]) for kind, term in expected
    ]
    for row, (_kind, term) in zip(rows, expected, strict=True):
        assert int(row["practices"]) == term["practices"]
        assert int(row["tools"]) == term["tools"]["count"]
        assert int(row["outcome_ongoing"]) == term["outcomes"]["lopend"]["count"]
        assert int(row["outcome_stopped"]) == term["outcomes"]["gestopt"]["count"]
        assert int(row["outcome_unknown"]) == term["outcome_unknown"]
        assert row["success_factor_slugs"].split(MULTIPLE) == [
            factor["slug"] for factor in term["success_factors"]
        ] or (row["success_factor_slugs"] == "" and not term["success_factors"])
        assert row["finder_url"] == f"{SERVER}/zoeken/?{term['finder']}"
        assert len(row["survey_2013"].split(MULTIPLE)) == len(term["survey_2013"]) or (
            row["survey_2013"] == "" and not term["survey_2013"]
        )
        assert row["survey_2013_source"] == survey_source()
        assert row["licence"] == "CC BY 4.0"


def test_what_works_as_csv_gives_the_2013_share_that_used_a_strategy_regularly(client):
    rows = what_works_rows(client.get(WHAT_WORKS_CSV))
    connecting = next(row for row in rows if row["slug"] == "verbindingen-leggen")
    assert float(connecting["used_regularly_2013_percent"]) == 53.0
    assert "Vaak of regelmatig ingezet: 53%" in connecting["survey_2013"]
    assert int(connecting["practices"]) == 1


def test_what_works_as_csv_states_its_licence_and_refuses_unknown_filters(client):
    response = client.get(WHAT_WORKS_CSV)
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="praktijkbank-wat-werkt-{today}.csv"'
    )
    refused = client.get(WHAT_WORKS_CSV, {"size": "reusachtig"})
    assert refused.status_code == 400
    assert refused.json() == client.get("/api/v1/what-works/", {"size": "reusachtig"}).json()


@settings(max_examples=40, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(["form", "size", "sector"]), st.text(max_size=30), min_size=1, max_size=3
    )
)
def test_any_what_works_filters_get_the_csv_or_the_apis_400_never_a_server_error(params):
    client = Client()
    api = client.get("/api/v1/what-works/", params)
    response = client.get(WHAT_WORKS_CSV, params)
    assert response.status_code == api.status_code
    if api.status_code == 400:
        assert response.json() == api.json()
    else:
        rows = what_works_rows(response)
        assert len(rows) == len(api.json()["strategies"]) + len(api.json()["forms"])


def test_the_what_works_page_links_to_its_figures_as_csv_with_its_filters(client):
    page = client.get("/wat-werkt/", {"form": "sociaal-ondernemerschap"})
    (link,) = re.findall(r'href="(/api/v1/what-works/export\.csv[^"]*)"', page.text)
    assert unescape(link) == f"{WHAT_WORKS_CSV}?form=sociaal-ondernemerschap"
    assert "Download deze cijfers:" in page.text
    rows = what_works_rows(client.get(unescape(link)))
    assert {row["slug"] for row in rows if row["kind"] == "form"} == {"sociaal-ondernemerschap"}


# On the search engine -----------------------------------------------------------------------------
@pytest.fixture
def built(engine):
    engine.rebuild(published_documents())
    return engine


@pytest.mark.parametrize("params", LISTS)
def test_on_the_engine_the_export_holds_the_engines_results_in_its_order(
    client, built, small_chunks, params
):
    results = finder_results(client, params)
    rows = csv_rows(client.get(CSV_URL, params))
    assert [row["url"] for row in rows] == [SERVER + hit["url"] for hit in results]


def test_an_export_longer_than_the_engine_pages_reads_the_database_index(
    client, built, monkeypatch
):
    everything = SearchQuery(per_page=100)
    on_database = search_on(DatabaseBackend(), everything)
    backend, _ = exports.first_page(everything.replace(per_page=2))
    assert backend.name == "engine"  # the demo's results fit in the engine's window
    monkeypatch.setattr(exports, "ENGINE_RESULT_WINDOW", on_database.total - 1)
    backend, first = exports.first_page(everything.replace(per_page=2))
    assert backend.name == "database" and first.total == on_database.total
    rows = csv_rows(client.get(CSV_URL))
    assert [row["url"] for row in rows] == [SERVER + hit.url for hit in on_database.hits]
    # A browse is newest first on both: the same list as the engine's finder.
    engine_order = [SERVER + hit["url"] for hit in finder_results(client, {})]
    assert [row["url"] for row in rows] == engine_order


def test_the_rungs_are_the_ones_the_finders_rung_filter_finds_it_by(client):
    from search.documents import practice_pages, tool_pages
    from search.facets import PRACTICE, TOOL, keywords

    rows = {row["url"]: row for row in json_export(client.get(JSON_URL))["practices"]}
    for kind, pages in ((PRACTICE, practice_pages()), (TOOL, tool_pages())):
        for page in pages:
            rung_slugs = rows[SERVER + page.url]["rung_slugs"]
            assert sorted(rung_slugs) == list(keywords(kind, page)["rung"])  # sorted by slug


def test_a_term_added_while_an_export_runs_is_named_in_its_rows(client, small_chunks):
    from practices.taxonomy.models import Form

    response = client.get(JSON_URL, {"type": "praktijk"})
    parts = iter(response.streaming_content)
    started = next(parts) + next(parts)  # the licence, then the first chunk
    last = finder_results(client, {"type": "praktijk"})[-1]["url"]
    (page,) = [page for page in PracticePage.objects.live() if page.url == last]
    added = Form.objects.create(name="Nieuwe vorm tijdens de export", slug="nieuwe-vorm-export")
    page.forms.add(added)
    page.save()
    data = json.loads((started + b"".join(parts)).decode())
    assert data["practices"][-1]["url"] == SERVER + last
    assert "nieuwe-vorm-export" in data["practices"][-1]["form_slugs"]
    assert "Nieuwe vorm tijdens de export" in data["practices"][-1]["forms"]


def test_commas_quotes_and_line_breaks_survive_the_csv(client):
    page = PracticePage.objects.live().first()
    summary = 'Bewoners, de "buurtkas" en | een streep;\nmet een nieuwe regel en één accent.'
    PracticePage.objects.filter(pk=page.pk).update(summary=summary)
    (row,) = [row for row in csv_rows(client.get(CSV_URL)) if row["url"] == SERVER + page.url]
    assert row["summary"] == summary
    (item,) = [
        item
        for item in json_export(client.get(JSON_URL))["practices"]
        if item["url"] == SERVER + page.url
    ]
    assert item["summary"] == summary
