"""The practice finder: full text, facets, "gemeenten zoals de mijne", and help when empty."""

from django.core.paginator import Paginator
from django.shortcuts import render

from practices.municipalities.models import Municipality

from . import service
from .facets import FACETS_BY_NAME, choices_read_once
from .forms import FinderForm
from .help import no_results_help

MY_MUNICIPALITY = "mijn_gemeente"


def finder(request):
    with choices_read_once():  # the form and the facet labels read the same choices
        return _finder(request)


def _finder(request):
    form = FinderForm(request.GET)
    my_municipality = _my_municipality(request)
    if not form.is_valid():
        context = {"form": form, "errors": form.error_list(), "my_municipality": my_municipality}
        return render(request, "search/search.html", context, status=400)
    query = form.to_query(boost=similar_municipalities(my_municipality))
    result = service.search(query)
    context = {
        "form": form,
        "query": query,
        "result": result,
        "page_obj": _page_obj(result),
        "facets": _facet_groups(result),
        "active_filters": _active_filters(query, result),
        "my_municipality": my_municipality,
        "municipalities": Municipality.objects.order_by("name").only("name", "cbs_code"),
        "help": no_results_help(query) if not result.total else None,
    }
    return render(request, "search/search.html", context)


def similar_municipalities(municipality):
    """Rank practices of municipalities of the same size class and province first."""
    if municipality is None:
        return {}
    boost = {"province": {municipality.province}}
    if municipality.size_class:
        boost["size"] = {municipality.size_class.slug}
    return boost


def _my_municipality(request):
    """The municipality the visitor chose once (kept in the session), or None."""
    if MY_MUNICIPALITY in request.GET:
        code = request.GET[MY_MUNICIPALITY].strip().upper()
        chosen = Municipality.objects.filter(cbs_code=code).first() if code else None
        if chosen:
            request.session[MY_MUNICIPALITY] = chosen.cbs_code
        else:
            request.session.pop(MY_MUNICIPALITY, None)
        return chosen
    code = request.session.get(MY_MUNICIPALITY)
    return Municipality.objects.filter(cbs_code=code).first() if code else None


def _page_obj(result):
    # A paginator over a range: page links without loading any results twice.
    paginator = Paginator(range(result.total), result.query.per_page)
    return paginator.get_page(result.query.page)


def _facet_groups(result):
    return [
        {"name": name, "label": FACETS_BY_NAME[name].label, "values": counts}
        for name, counts in result.facets.items()
        if counts
    ]


def _active_filters(query, result):
    """Every selected value with the link that removes just that value."""
    labels = {
        (name, count.value): count.label
        for name, counts in result.facets.items()
        for count in counts
    }
    active = []
    for name, values in query.filters.items():
        for value in sorted(values):
            active.append(
                {
                    "facet": FACETS_BY_NAME[name].label,
                    "label": labels.get((name, value), value),
                    "remove": query.without(name, value).as_params(),
                }
            )
    return active
