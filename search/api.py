"""The JSON API: the practice finder and type-ahead, with an OpenAPI schema at /api/v1/docs.

Parameters are validated by the same form as the finder page, so a bad value gets the same
plain-Dutch message, here as a 400 with ``{"errors": [{"parameter", "message"}]}``. The
finder's parameters are documented from the facet table (``practices_parameters``), so the
schema lists every facet the form accepts. The exports (search.exports) take the same
parameters, checked by the same form.
"""

import unicodedata

from django.http import JsonResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError
from pydantic import create_model

from practices.insights.computation import compute
from practices.insights.forms import WhatWorksForm

from . import exports, facets, service
from .facets import choices_read_once
from .forms import MAX_QUERY_LENGTH, FinderForm
from .interpretation import NOTHING
from .query import SearchResult


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class HitOut(Schema):
    type: str
    title: str
    url: str
    summary: str
    municipality: str
    forms: list[str]
    strategies: list[str]
    highlight: str
    published: str | None
    illustrative: bool = Field(
        description="Waar bij een fictief voorbeeld: een verzonnen praktijk die laat zien wat "
        "de praktijkbank kan, geen echte praktijk van de gemeente. Gebruik die niet als bron."
    )


class CorrectionOut(Schema):
    typed: str = Field(description="Het woord zoals getypt (kleine letters, zonder accenten).")
    used: str = Field(description="Het woord waarop gezocht is.")


class OfferOut(Schema):
    facet: str = Field(description="De parameter waarop u hiermee filtert, zoals ‘form’.")
    value: str
    label: str


class UnderstoodOut(Schema):
    corrections: list[CorrectionOut] = Field(
        description="Tikfouten die de zoekopdracht heeft verbeterd; geen met literal=1."
    )
    offers: list[OfferOut] = Field(
        description="Termen uit de taxonomie die de zoekwoorden noemen, als filter "
        "(zonder de filters die al gekozen zijn)."
    )
    relaxed: bool = Field(
        description="Geen resultaat bevat alle zoekwoorden: dit zijn de best passende."
    )


class PracticesOut(Schema):
    count: int
    page: int
    pages: int
    degraded: bool
    understood: UnderstoodOut
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class ErrorOut(Schema):
    parameter: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


class SuggestOut(Schema):
    suggestions: list[str]


FACET_VALUES = "Waarde(n) uit de facetten van een eerder antwoord."
FacetParam = Query(default=None, description=FACET_VALUES)


# What the finder's own fields need said beyond their name.
DESCRIPTIONS = {"literal": "1: zoek precies op deze woorden, zonder tikfouten te verbeteren."}


def practices_parameters(name="PracticesParameters", leave_out=()):
    """The finder form's parameters as a query schema: its own fields, then every facet.

    Each is read as text (or texts, for a facet); the form checks them, as on the page.
    """
    return create_model(
        name,
        __base__=Schema,
        **{
            field: (str | None, Field(None, description=DESCRIPTIONS.get(field)))
            for field in FinderForm.base_fields
            if field not in leave_out
        },
        **{
            facet.name: (list[str] | None, Field(None, description=FACET_VALUES))
            for facet in facets.FACETS
        },
    )


def build_api(urls_namespace="api-1"):
    """The API with its parameters read from the facet table as it is now."""
    api = NinjaAPI(
        title="Praktijkbank doe-democratie",
        version="1",
        urls_namespace=urls_namespace,
        description="Zoeken in praktijken en instrumenten van gemeenten (doe-democratie).",
    )
    schema = practices_parameters()

    @api.get(
        "/practices/", response={200: PracticesOut, 400: ErrorsOut}, summary="Praktijken zoeken"
    )
    def practices(request, parameters: Query[schema]):
        # The schema documents the parameters; the finder's form validates them.
        with choices_read_once():
            form = FinderForm(request.GET)
            if not form.is_valid():
                return Status(400, {"errors": errors_json(form)})
            return Status(200, practices_json(service.search(form.to_query())))

    # An export holds every result: it has no page.
    export_schema = practices_parameters("ExportParameters", leave_out=("page",))

    @api.get(
        "/practices/export.csv",
        response={400: ErrorsOut},
        summary="Praktijken als CSV (open data)",
        description=EXPORT_DESCRIPTION,
        openapi_extra=file_response("text/csv", "De praktijken als CSV, met een kopregel."),
        url_name="practices_export_csv",
    )
    def practices_export_csv(request, parameters: Query[export_schema]):
        return export(request, exports.practices_csv)

    @api.get(
        "/practices/export.json",
        response={400: ErrorsOut},
        summary="Praktijken als JSON (open data)",
        description=EXPORT_DESCRIPTION,
        openapi_extra=file_response(
            "application/json",
            'De praktijken als JSON: {"licence", "practices", "count"}.',
            schema=EXPORT_JSON_SCHEMA,
        ),
        url_name="practices_export_json",
    )
    def practices_export_json(request, parameters: Query[export_schema]):
        return export(request, exports.practices_json)

    api.get(
        "/what-works/",
        response={200: dict, 400: ErrorsOut},
        summary="Wat werkt: per strategie en vorm",
    )(what_works)
    api.get(
        "/what-works/export.csv",
        response={400: ErrorsOut},
        summary="Wat werkt als CSV: per strategie en vorm",
        description=WHAT_WORKS_EXPORT_DESCRIPTION,
        openapi_extra=file_response("text/csv", "De cijfers als CSV, met een kopregel."),
        url_name="what_works_export_csv",
    )(what_works_csv)
    api.get("/suggest/", response=SuggestOut, summary="Suggesties tijdens het typen")(suggest)
    api.exception_handler(ValidationError)(_bad_parameters)
    return api


def errors_json(form):
    return [{"parameter": name, "message": message} for name, message in form.error_list()]


def practices_json(result: SearchResult):
    return {
        "count": result.total,
        "page": result.query.page,
        "pages": result.page_count,
        "degraded": result.degraded,
        "understood": understood_json(result),
        "results": [
            {
                "type": hit.kind,
                "title": hit.title,
                "url": hit.url,
                "summary": hit.summary,
                "municipality": hit.municipality,
                "forms": list(hit.forms),
                "strategies": list(hit.strategies),
                "highlight": hit.highlight,
                "published": hit.published.isoformat() if hit.published else None,
                "illustrative": hit.illustrative,
            }
            for hit in result.hits
        ],
        "facets": {
            name: [
                {"value": c.value, "label": c.label, "count": c.count, "selected": c.selected}
                for c in counts
            ]
            for name, counts in result.facets.items()
        },
    }


def understood_json(result: SearchResult):
    """What the search made of the words; the finder page says the same in sentences."""
    interpretation = result.interpretation or NOTHING
    query = result.query
    return {
        "corrections": [
            {"typed": correction.typed, "used": correction.used}
            for correction in interpretation.corrections
        ],
        "offers": [
            {"facet": offer.facet, "value": offer.value, "label": offer.label}
            for offer in interpretation.offers
            if offer.value not in query.selected(offer.facet)
        ],
        "relaxed": interpretation.relaxed,
    }


def what_works(
    request,
    form: list[str] | None = FacetParam,
    size: list[str] | None = FacetParam,
    sector: list[str] | None = FacetParam,
):
    narrow, refusal = _what_works_filters(request)
    return refusal or Status(200, compute(narrow).as_json())


def what_works_csv(
    request,
    form: list[str] | None = FacetParam,
    size: list[str] | None = FacetParam,
    sector: list[str] | None = FacetParam,
):
    narrow, refusal = _what_works_filters(request)
    return refusal or exports.what_works_csv(narrow, request.build_absolute_uri)


def _what_works_filters(request):
    """The valid narrowing of "what works", or the API's 400 that refuses the parameters."""
    form = WhatWorksForm(request.GET)
    if not form.is_valid():
        return None, Status(400, {"errors": errors_json(form)})
    return form.narrow(), None


def export(request, write):
    """The finder's list for these parameters as a file, or the API's 400 for bad ones."""
    data = request.GET.copy()
    data.pop("page", None)  # an export holds every page
    with choices_read_once():
        form = FinderForm(data)
        if not form.is_valid():
            return Status(400, {"errors": errors_json(form)})
        query = form.to_query()
    return write(query, request.build_absolute_uri)


def file_response(media_type, description, schema=None):
    """The OpenAPI answer of an export: a file of this type (text, unless ``schema`` says
    what the file's JSON holds)."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {media_type: {"schema": schema or {"type": "string"}}},
            }
        }
    }


# The JSON export is one object, not a string: a client that checks answers against the
# document (schemathesis does) would otherwise refuse every export.
EXPORT_JSON_SCHEMA = {
    "type": "object",
    "required": ["licence", "practices", "count"],
    "properties": {
        "licence": {"type": "object"},
        "practices": {"type": "array", "items": {"type": "object"}},
        "count": {"type": "integer"},
    },
}


EXPORT_DESCRIPTION = (
    "Alle resultaten van een zoekopdracht als bestand, zonder inloggen: dezelfde praktijken "
    "en instrumenten (kolom `type`) in dezelfde volgorde als `GET /api/v1/practices/` en de "
    "zoekpagina (zonder de voorrang van ‘Gemeenten zoals de mijne’), met dezelfde "
    "parameters (behalve `page`: de export bevat alle resultaten). De licentie staat in het "
    "bestand (de kolommen `licence` en `licence_url`; in JSON ook bovenaan, als `licence`) en "
    'in de header `Link` (`rel="license"`). Fictieve voorbeelden hebben `fictitious` = '
    "`true`. CSV: UTF-8, komma's, een kopregel; staan er meer waarden in één cel, dan staat "
    'er ` | ` tussen. JSON: `{"licence": {...}, "practices": [...], "count": n}`, '
    "met per praktijk dezelfde kolommen als sleutels en lijsten als lijsten.\n\n"
    "De kolommen:\n\n" + exports.columns_markdown()
)
WHAT_WORKS_EXPORT_DESCRIPTION = (
    "De cijfers van `GET /api/v1/what-works/` als CSV, met dezelfde parameters: een regel "
    "per strategie en daarna per vorm, met de tellingen, de afloop, de cijfers uit de "
    "enquête van 2013 en de bron. Meer waarden in één cel staan tussen ` | `.\n\n"
    "De kolommen:\n\n" + exports.columns_markdown(exports.WHAT_WORKS_COLUMNS)
)


def suggest(request, q: str = ""):
    # Titles hold no control characters, and PostgreSQL refuses a query with a NUL byte.
    typed = "".join(char for char in q[:MAX_QUERY_LENGTH] if unicodedata.category(char) != "Cc")
    return {"suggestions": service.suggest(typed)}


def _bad_parameters(request, exc):
    # Ninja's own type checks answer 400 in the same shape as the finder's form.
    errors = [
        {"parameter": ".".join(str(part) for part in error["loc"][1:]), "message": _MESSAGE}
        for error in exc.errors
    ]
    return JsonResponse({"errors": errors}, status=400)


_MESSAGE = "Deze waarde kunnen we niet lezen."


api = build_api()
