"""The JSON API: the practice finder and type-ahead, with an OpenAPI schema at /api/v1/docs.

Parameters are validated by the same form as the finder page, so a bad value gets the same
plain-Dutch message, here as a 400 with ``{"errors": [{"parameter", "message"}]}``.
"""

from django.http import JsonResponse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError

from . import service
from .facets import choices_read_once
from .forms import MAX_QUERY_LENGTH, FinderForm
from .query import SearchResult
from .what_works import WhatWorksForm, compute

api = NinjaAPI(
    title="Praktijkbank doe-democratie",
    version="1",
    urls_namespace="api-1",
    description="Zoeken in praktijken en instrumenten van gemeenten (doe-democratie).",
)


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


class PracticesOut(Schema):
    count: int
    page: int
    pages: int
    degraded: bool
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


class ErrorOut(Schema):
    parameter: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


class SuggestOut(Schema):
    suggestions: list[str]


FacetParam = Query(default=None, description="Waarde(n) uit de facetten van een eerder antwoord.")


@api.get("/practices/", response={200: PracticesOut, 400: ErrorsOut}, summary="Praktijken zoeken")
def practices(
    request,
    q: str | None = None,
    type: list[str] | None = FacetParam,
    form: list[str] | None = FacetParam,
    strategy: list[str] | None = FacetParam,
    rung: list[str] | None = FacetParam,
    sector: list[str] | None = FacetParam,
    challenge: list[str] | None = FacetParam,
    size: list[str] | None = FacetParam,
    province: list[str] | None = FacetParam,
    outcome: list[str] | None = FacetParam,
    evidence: list[str] | None = FacetParam,
    tag: list[str] | None = FacetParam,
    year_from: str | None = None,
    year_to: str | None = None,
    sort: str | None = None,
    page: str | None = None,
):
    # The signature documents the parameters; the finder's form validates them.
    with choices_read_once():
        form_ = FinderForm(request.GET)
        if not form_.is_valid():
            errors = [
                {"parameter": name, "message": message} for name, message in form_.error_list()
            ]
            return Status(400, {"errors": errors})
        return Status(200, practices_json(service.search(form_.to_query())))


def practices_json(result: SearchResult):
    return {
        "count": result.total,
        "page": result.query.page,
        "pages": result.page_count,
        "degraded": result.degraded,
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


@api.get(
    "/what-works/", response={200: dict, 400: ErrorsOut}, summary="Wat werkt: per strategie en vorm"
)
def what_works(
    request,
    form: list[str] | None = FacetParam,
    size: list[str] | None = FacetParam,
    sector: list[str] | None = FacetParam,
):
    form_ = WhatWorksForm(request.GET)
    if not form_.is_valid():
        errors = [{"parameter": name, "message": message} for name, message in form_.error_list()]
        return Status(400, {"errors": errors})
    return Status(200, compute(form_.narrow()).as_json())


@api.get("/suggest/", response=SuggestOut, summary="Suggesties tijdens het typen")
def suggest(request, q: str = ""):
    return {"suggestions": service.suggest(q[:MAX_QUERY_LENGTH])}


@api.exception_handler(ValidationError)
def _bad_parameters(request, exc):
    # Ninja's own type checks answer 400 in the same shape as the finder's form.
    errors = [
        {"parameter": ".".join(str(part) for part in error["loc"][1:]), "message": _MESSAGE}
        for error in exc.errors
    ]
    return JsonResponse({"errors": errors}, status=400)


_MESSAGE = "Deze waarde kunnen we niet lezen."
