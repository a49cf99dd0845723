"""Ways out of an empty result: fix a typo, use fewer words, drop a filter, go one level up.

Each way out is tried on the engine and offered only when it gives results, with the count.
"""

import difflib
from dataclasses import dataclass
from itertools import product

from django.utils.translation import gettext as _

from practices.taxonomy.models import Form, Strategy

from . import service
from .analysis import words
from .facets import FACETS_BY_NAME
from .models import IndexEntry

CLOSE_ENOUGH = 0.8
MAX_SUGGESTIONS = 4
MAX_TRIES = 16


@dataclass(frozen=True)
class Suggestion:
    text: str
    params: str
    count: int


def no_results_help(query):
    """Up to four changes to the query that give results, the smallest changes first."""
    suggestions, seen, tries = [], {query.as_params()}, 0
    for (text_label, text), (filter_label, filtered) in product(
        _text_variants(query), _filter_variants(query)
    ):
        candidate = filtered.replace(text=text, page=1)
        params = candidate.as_params()
        if params in seen or tries >= MAX_TRIES:
            continue
        seen.add(params)
        tries += 1
        count = service.search(candidate.replace(per_page=1)).total
        if count:
            label = ", ".join(part for part in (text_label, filter_label) if part)
            label = label[:1].upper() + label[1:]
            suggestions.append(Suggestion(label, params, count))
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions


def _text_variants(query):
    yield "", query.text
    corrected = _corrected(query.text)
    if corrected:
        yield _("zoek op ‘%(text)s’") % {"text": corrected}, corrected
    query_words = words(query.text)
    if len(query_words) > 1:
        for word in query_words:
            yield _("alleen ‘%(word)s’") % {"word": word}, word


def _filter_variants(query):
    yield "", query
    for name, values in query.filters.items():
        for value in values:
            label = _label(name, value)
            yield _("zonder het filter ‘%(value)s’") % {"value": label}, query.without(name, value)
    for slug in query.selected("strategy"):
        strategy = Strategy.objects.select_related("rung").filter(slug=slug).first()
        if strategy:
            broader = query.without("strategy", slug).with_filter("rung", {strategy.rung.slug})
            yield _("alle strategieën bij ‘%(rung)s’") % {"rung": strategy.rung.name}, broader
    if len(query.filters) > 1:
        yield _("zonder filters"), query.without_filters()


def _corrected(text):
    vocabulary = _vocabulary()
    original = words(text)
    corrected = [
        (difflib.get_close_matches(word, vocabulary, n=1, cutoff=CLOSE_ENOUGH) or [word])[0]
        for word in original
    ]
    return " ".join(corrected) if corrected != original else ""


def _vocabulary():
    titles = IndexEntry.objects.values_list("title", flat=True)
    names = [
        *Form.objects.values_list("name", flat=True),
        *Strategy.objects.values_list("name", flat=True),
    ]
    return sorted({word for text in [*titles, *names] for word in words(text) if len(word) > 3})


def _label(name, value):
    return dict(FACETS_BY_NAME[name].choices()).get(value, value)
