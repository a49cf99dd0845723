"""The JSON API answers as documented, with facets named after their query parameters."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from practices.library.choices import FactorKind
from practices.library.models import PracticeFactor
from search.facets import FACETS
from search.forms import FinderForm

pytestmark = pytest.mark.django_db

FACTOR_PARAMETERS = {FactorKind.SUCCESS: "success_factor", FactorKind.FAILURE: "failure_factor"}


def test_practices_answer_in_the_documented_shape(client):
    data = client.get("/api/v1/practices/", {"q": "zwembad"}).json()
    assert data["count"] == 1
    hit = data["results"][0]
    assert {"title", "url", "summary", "municipality", "forms", "strategies", "highlight"} <= set(
        hit
    )
    assert hit["municipality"] == "Oudewater"
    assert set(data["facets"]) == {facet.name for facet in FACETS}


def test_each_facet_value_filters_when_passed_back(client):
    facets = client.get("/api/v1/practices/").json()["facets"]
    for name, values in facets.items():
        for value in values:
            filtered = client.get("/api/v1/practices/", {name: value["value"]}).json()
            assert filtered["count"] == value["count"], (name, value)


def test_invalid_parameters_get_a_400_with_dutch_messages(client):
    response = client.get("/api/v1/practices/", {"strategy": "onbekend", "page": "-3"})
    assert response.status_code == 400
    parameters = {error["parameter"] for error in response.json()["errors"]}
    assert parameters == {"strategy", "page"}


def documented_parameters(client):
    schema = client.get("/api/v1/openapi.json").json()
    return {p["name"] for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}


def test_the_openapi_schema_documents_every_filter(client):
    names = documented_parameters(client)
    assert {"q", "year_from", "year_to", "sort", "literal", "page"} <= names
    assert {facet.name for facet in FACETS} <= names


def test_the_openapi_schema_documents_the_factor_filters(client):
    assert {"success_factor", "failure_factor"} <= documented_parameters(client)


def test_every_documented_parameter_is_one_the_finder_accepts(client):
    assert documented_parameters(client) == set(FinderForm({}).fields)


def test_a_factor_filter_finds_the_practices_naming_that_factor(client):
    use = PracticeFactor.objects.filter(page__live=True).select_related("factor").first()
    filtered = client.get("/api/v1/practices/", {FACTOR_PARAMETERS[use.kind]: use.factor.slug})
    naming = PracticeFactor.objects.filter(page__live=True, kind=use.kind, factor=use.factor)
    assert filtered.json()["count"] == naming.values("page").distinct().count() > 0


def test_a_typo_is_searched_corrected_and_the_answer_says_so(client):
    data = client.get("/api/v1/practices/", {"q": "zwembd"}).json()
    assert data["count"] == 1
    assert data["understood"] == {
        "corrections": [{"typed": "zwembd", "used": "zwembad"}],
        "offers": [],
        "relaxed": False,
    }


def test_literal_searches_the_words_as_typed(client):
    data = client.get("/api/v1/practices/", {"q": "zwembd", "literal": "1"}).json()
    assert data["count"] == 0
    assert data["understood"]["corrections"] == []
    assert client.get("/api/v1/practices/", {"q": "zwembd", "literal": "0"}).json()["count"] == 1


def test_literal_is_1_or_0(client):
    response = client.get("/api/v1/practices/", {"q": "zwembd", "literal": "x"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"parameter": "literal", "message": "‘literal’ kan alleen 1 of 0 zijn."}]
    }


def test_taxonomy_terms_the_words_name_are_offered_until_chosen(client):
    data = client.get("/api/v1/practices/", {"q": "faciliteren zwembad"}).json()
    offer = {"facet": "rung", "value": "faciliteren", "label": "Faciliteren"}
    assert data["understood"]["offers"] == [offer]
    assert data["understood"]["relaxed"] is True  # no practice has both words
    chosen = client.get("/api/v1/practices/", {"q": "faciliteren zwembad", "rung": "faciliteren"})
    assert chosen.json()["understood"]["offers"] == []


def test_the_openapi_schema_documents_what_was_understood(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["PracticesOut"]["properties"]["understood"] == {
        "$ref": "#/components/schemas/UnderstoodOut"
    }
    assert set(schemas["UnderstoodOut"]["required"]) == {"corrections", "offers", "relaxed"}
    assert set(schemas["CorrectionOut"]["properties"]) == {"typed", "used"}
    assert set(schemas["OfferOut"]["properties"]) == {"facet", "value", "label"}


JSON_TYPES = {"object": dict, "array": list, "integer": int, "string": str}


def test_the_json_export_answers_in_the_shape_its_document_gives(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/practices/export.json"]
    documented = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    response = client.get("/api/v1/practices/export.json")
    answer = json.loads(b"".join(response.streaming_content))
    assert isinstance(answer, JSON_TYPES[documented["type"]])
    assert set(documented["required"]) <= set(answer)
    for name, schema in documented["properties"].items():
        assert isinstance(answer[name], JSON_TYPES[schema["type"]]), name


def test_type_ahead_suggests_titles(client):
    assert client.get("/api/v1/suggest/", {"q": "leen"}).json() == {"suggestions": ["Leencafé"]}


def test_type_ahead_leaves_out_control_characters_and_never_sends_a_nul_byte(client):
    # PostgreSQL refuses a NUL byte in any query (a 500); SQLite, the test database, takes it.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/suggest/", {"q": "le\x00en\x1b"})
    assert response.json() == {"suggestions": ["Leencafé"]}
    assert not [query for query in queries if "\x00" in query["sql"]]


@settings(max_examples=200, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "form", "size", "page", "sort", "year_from", "tag", "literal"]),
        st.text(max_size=40),
        max_size=4,
    )
)
def test_any_parameters_get_json_never_a_server_error(params):
    response = Client().get("/api/v1/practices/", params)
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")


def test_what_works_answers_per_strategy_and_form(client):
    data = client.get("/api/v1/what-works/").json()
    assert len(data["strategies"]) == 15
    assert len(data["forms"]) == 7
    linked = next(s for s in data["strategies"] if s["slug"] == "verbindingen-leggen")
    assert linked["practices"] == 1


def test_what_works_refuses_unknown_filters(client):
    response = client.get("/api/v1/what-works/", {"size": "reusachtig"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "size"


def test_a_search_reads_the_synonyms_once_however_long_the_query(client, db):
    """Understanding checks that its synonyms are current once per search, not once per
    step (corrections, concepts), and the taxonomy's words come from its cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = "hoe houden zwembd bibiotheek vrijwilligers buurthuis open"
    client.get("/api/v1/practices/", {"q": text})  # warm: the index snapshot, the caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/practices/", {"q": text}).status_code == 200
    tables = [query["sql"] for query in queries.captured_queries]
    assert sum("search_synonymgroup" in sql for sql in tables) == 1
    assert not any("taxonomy_" in sql and "description" in sql for sql in tables)
