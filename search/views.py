"""The practice finder: full text, facets, "gemeenten zoals de mijne", and help when empty.

Above the results the page says what the search understood (``understood``): a typo it fixed
("Resultaten voor zwembad. Zocht u toch op ‘zwembd’?"), taxonomy terms the words name, offered
as a filter, and that no result has all the words when it had to settle for fewer.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from practices.municipalities.models import Municipality, cbs_code_validator

from . import service
from .analysis import WORD, fold
from .facets import FACETS_BY_NAME, choices_read_once, hits_in_visitor_language
from .feeds import feed_url
from .forms import MAX_PAGE, FinderForm
from .help import no_results_help
from .interpretation import NOTHING
from .query import NEWEST

MY_MUNICIPALITY = "mijn_gemeente"
MAX_OFFERS = 3
# A long facet list (26 keywords) shows its first values and folds the rest behind "Toon alle
# 26"; chosen values always show. Folding fewer than FOLD_AT_LEAST values would save nothing.
FACET_VALUES_SHOWN = 6
FOLD_AT_LEAST = 3
# How an offered term is named in "Bedoelt u de vorm Zelfbeheer openbare ruimte?".
OFFER_NOUNS = {
    "form": _("de vorm"),
    "strategy": _("de strategie"),
    "rung": _("de trede"),
    "sector": _("het beleidsterrein"),
    "challenge": _("het knelpunt"),
    "success_factor": _("de succesfactor"),
    "failure_factor": _("de faalfactor"),
    "outcome": _("de status"),
    "evidence": _("het kennisniveau"),
}


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
    interpretation = result.interpretation or NOTHING
    context = {
        "form": form,
        "query": query,
        "result": result,
        "hits": hits_in_visitor_language(result.hits),
        "feed_url": feed_url(query),
        "page_obj": _page_obj(result),
        "facets": _facet_groups(result),
        "active_filters": _active_filters(query, result),
        "chosen_count": _chosen_count(query),
        "has_filters": bool(query.filters or query.year_from or query.year_to),
        "sort_options": _sort_options(form, query),
        "understood": understood(query, interpretation, result.total),
        "my_municipality": my_municipality,
        "ranked_by_municipality": my_municipality is not None and query.sort != NEWEST,
        "municipalities": Municipality.objects.order_by("name").only("name", "cbs_code"),
        # Choosing a municipality keeps the words, filters and sort of the page it is on.
        "kept_params": _hidden_inputs(query.replace(page=1)),
        "undo_municipality": _with_param(query.replace(page=1), MY_MUNICIPALITY, ""),
        "help": no_results_help(query, interpretation) if not result.total else None,
    }
    return render(request, "search/search.html", context)


def understood(query, interpretation, total):
    """What the page says about how the words were read; see the module docstring.

    Without results only the correction is said: a filter on top of nothing finds nothing,
    and there are no results "die er het meest op lijken" to show.
    """
    offers = [
        offer
        for offer in interpretation.offers
        if total and offer.value not in query.selected(offer.facet)
    ]
    return {
        "corrected": _corrected_text(query.text, interpretation.corrections),
        "literal_params": query.replace(literal=True, page=1).as_params(),
        "offers": [
            {
                "noun": OFFER_NOUNS.get(offer.facet) or offer.facet_label.lower(),
                "label": offer.label,
                "params": query.with_filter(
                    offer.facet, {offer.value} | query.selected(offer.facet)
                ).as_params(),
            }
            for offer in offers[:MAX_OFFERS]
        ],
        "relaxed": interpretation.relaxed and bool(total),
    }


def _corrected_text(text, corrections):
    """The typed text with each corrected word replaced by the word used, in bold; or ""."""
    used = {correction.typed: correction.used for correction in corrections}
    if not used:
        return ""
    parts, end = [], 0
    for match in WORD.finditer(text):
        word = fold(match.group())
        if word in used:
            before = text[end : match.start()]
            parts.append(format_html("{}<strong>{}</strong>", before, used[word]))
            end = match.end()
    parts.append(format_html("{}", text[end:]))
    return mark_safe("".join(parts))  # every part is escaped by format_html


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
        chosen = _municipality_by_code(request.GET[MY_MUNICIPALITY].strip().upper())
        if chosen:
            request.session[MY_MUNICIPALITY] = chosen.cbs_code
        else:
            request.session.pop(MY_MUNICIPALITY, None)
        return chosen
    return _municipality_by_code(request.session.get(MY_MUNICIPALITY))


def _municipality_by_code(code):
    """The municipality with this CBS code, or None. A code that is not of the form GM0000
    is not looked up: PostgreSQL refuses a query with a NUL byte in it (a 500)."""
    try:
        cbs_code_validator(code or "")
    except ValidationError:
        return None
    return Municipality.objects.filter(cbs_code=code).first()


def _hidden_inputs(query):
    """(name, value) for every parameter of the query, for a form that must keep them."""
    return [
        (name, value) for name, values in QueryDict(query.as_params()).lists() for value in values
    ]


def _with_param(query, name, value):
    params = QueryDict(query.as_params(), mutable=True)
    params[name] = value
    return params.urlencode()


def _page_obj(result):
    # A paginator over a range: page links without loading any results twice. Only the pages
    # the form accepts (MAX_PAGE) are linked: a link to page 9,519 would be refused.
    per_page = result.query.per_page
    paginator = Paginator(range(min(result.total, MAX_PAGE * per_page)), per_page)
    return paginator.get_page(result.query.page)


def _facet_groups(result):
    return [
        {"name": name, "label": FACETS_BY_NAME[name].label, "values": counts, **_folded(counts)}
        for name, counts in result.facets.items()
        if _offers_a_choice(counts, result.total)
    ]


def _offers_a_choice(counts, total):
    """Whether a facet can change the results: a single value that every result has (such as
    "Echte praktijk" on a site without fictitious examples) filters nothing, unless chosen."""
    if not counts:
        return False
    only = counts[0]
    return len(counts) > 1 or only.selected or only.count < total


def _folded(counts):
    """The values shown at once and those behind "Toon alle"; see FACET_VALUES_SHOWN."""
    shown = [
        count for index, count in enumerate(counts) if index < FACET_VALUES_SHOWN or count.selected
    ]
    folded = [count for count in counts if count not in shown]
    if len(folded) < FOLD_AT_LEAST:
        return {"shown": counts, "folded": []}
    return {"shown": shown, "folded": folded}


def _chosen_count(query):
    """How many filters are chosen, for "Filters (2 gekozen)" on the folded filters."""
    years = [year for year in (query.year_from, query.year_to) if year is not None]
    return sum(len(values) for values in query.filters.values()) + len(years)


def _sort_options(form, query):
    """One link per sort order: choosing an order is one click, and the page says which."""
    return [
        {
            "label": label,
            "params": query.replace(sort=value, page=1).as_params(),
            "current": value == query.sort,
        }
        for value, label in form.fields["sort"].choices
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
