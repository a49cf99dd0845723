"""The facet table is the one place a facet is defined: a new entry reaches everything.

A facet added to ``search.facets.FACETS`` with its own extraction is indexed with every page,
is a field of the finder's form, is documented in the API's OpenAPI schema and is accepted
(and validated) as an API parameter, and the benchmark's generated practices carry it.
"""

from types import ModuleType

import pytest
from django.urls import path

from practices.library.models import PracticePage, ToolPage
from practices.municipalities.models import Municipality
from search import facets
from search.api import build_api
from search.backends.database import DatabaseBackend
from search.documents import document_for, published_documents
from search.forms import FinderForm
from search.models import IndexEntry
from tests.benchmarks import generate

from .contract import OUDEWATER

pytestmark = pytest.mark.django_db

MUNICIPALITY = facets.Facet(
    "municipality",
    "Gemeente",
    lambda: list(Municipality.objects.values_list("cbs_code", "name")),
    practice=lambda page: (page.municipality.cbs_code,) if page.municipality else (),
)
OUDEWATER_CODE = "GM0589"


@pytest.fixture
def extended_table(monkeypatch):
    """The facet table with one facet more, as a developer would add it."""
    monkeypatch.setattr(facets, "FACETS", (*facets.FACETS, MUNICIPALITY))
    monkeypatch.setitem(facets.FACETS_BY_NAME, MUNICIPALITY.name, MUNICIPALITY)


@pytest.fixture
def api_client(extended_table, settings, client):
    """A client of the API as it is built from the extended table, at its usual address."""
    api = build_api(urls_namespace="api-facet-table")
    urls = ModuleType("facet_table_urls")
    urls.urlpatterns = [path("api/v1/", api.urls)]
    settings.ROOT_URLCONF = urls
    return client


@pytest.fixture
def reindexed(extended_table):
    IndexEntry.objects.all().delete()
    DatabaseBackend().index(published_documents())


def test_a_new_facet_is_in_the_documents_keywords(extended_table):
    practice = document_for(PracticePage.objects.get(title=OUDEWATER))
    assert practice.keywords[MUNICIPALITY.name] == (OUDEWATER_CODE,)
    tool = document_for(ToolPage.objects.live().first())
    assert tool.keywords[MUNICIPALITY.name] == ()


def test_a_new_facet_is_a_field_of_the_finder_form(extended_table):
    form = FinderForm({MUNICIPALITY.name: [OUDEWATER_CODE]})
    field = form.fields[MUNICIPALITY.name]
    assert field.label == "Gemeente"
    assert (OUDEWATER_CODE, "Oudewater") in field.choices
    assert form.is_valid()
    assert form.to_query().selected(MUNICIPALITY.name) == {OUDEWATER_CODE}


def test_a_new_facet_is_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/practices/"]["get"]["parameters"]
    [documented] = [p for p in parameters if p["name"] == MUNICIPALITY.name]
    assert documented["in"] == "query"
    assert documented["schema"]["anyOf"][0] == {"items": {"type": "string"}, "type": "array"}


def test_the_api_filters_on_a_new_facet(api_client, reindexed):
    answer = api_client.get("/api/v1/practices/", {MUNICIPALITY.name: OUDEWATER_CODE}).json()
    in_oudewater = PracticePage.objects.live().public().filter(municipality__cbs_code="GM0589")
    assert answer["count"] == in_oudewater.count() > 0
    assert {hit["municipality"] for hit in answer["results"]} == {"Oudewater"}


def test_the_api_refuses_an_unknown_value_of_a_new_facet(api_client):
    response = api_client.get("/api/v1/practices/", {MUNICIPALITY.name: "GM9999"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "parameter": MUNICIPALITY.name,
                "message": "‘GM9999’ is geen bekende keuze bij ‘Gemeente’.",
            }
        ]
    }


def test_the_benchmarks_generated_practices_carry_a_new_facet(extended_table):
    generate.load_reference_data(seed=1, municipalities=20)
    generator = generate.PracticeGenerator(1, generate.vocabulary())
    names = dict(Municipality.objects.values_list("cbs_code", "name"))
    for document in generator.documents(20):
        [code] = document.keywords[MUNICIPALITY.name]
        assert names[code] == document.municipality
