"""Ways out of an empty result: use fewer words, drop a filter, go one level up, fix a typo.

Each way out is tried on the engine and offered only when it gives results, with the count.
Its cost is bounded whatever the size of the index: at most MAX_TRIES counts (no ranking, no
facets, no highlights) and, for a literal search, one reading of the words.
Only words that carry meaning are offered on their own (never "hoe", "ik" or "met", nor a
question word the search ignored, nor a bare number), as the search used them: a typo the
search fixed is offered fixed. The search
already fixes typos itself; only a search of the literal words ("Zocht u toch op ...?") is
offered the fixed words as a way out.
"""

from dataclasses import dataclass
from itertools import product

from django.utils.translation import gettext as _

from practices.taxonomy.models import Strategy

from . import service
from .analysis import STOP_WORDS, WORD, fold
from .facets import FACETS_BY_NAME
from .interpretation import NOTHING

MAX_SUGGESTIONS = 4
MAX_TRIES = 16


@dataclass(frozen=True)
class Suggestion:
    text: str
    params: str
    count: int


def no_results_help(query, interpretation=NOTHING):
    """Up to four changes to the query that give results, the smallest changes first.

    ``interpretation`` is what the search made of the query's words (its corrections).
    """
    suggestions, seen, tries = [], {query.as_params()}, 0
    for (text_label, changes), (filter_label, filtered) in product(
        _text_variants(query, interpretation), _filter_variants(query)
    ):
        candidate = filtered.replace(**changes, page=1)
        params = candidate.as_params()
        if params in seen or tries >= MAX_TRIES:
            continue
        seen.add(params)
        tries += 1
        count = service.count(candidate)
        if count:
            label = ", ".join(part for part in (text_label, filter_label) if part)
            label = label[:1].upper() + label[1:]
            suggestions.append(Suggestion(label, params, count))
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return suggestions


def meaningful_words(text, interpretation=NOTHING):
    """The typed words that carry meaning, once each, as the search used them: no stop words,
    no words the search ignored (question words), no bare numbers; a fixed typo fixed."""
    used = {correction.typed: correction.used for correction in interpretation.corrections}
    found = {}
    for word in WORD.findall(text):
        folded = fold(word)
        if folded in STOP_WORDS or folded in interpretation.ignored or folded.isdigit():
            continue
        found.setdefault(used.get(folded, folded), used.get(folded, word))
    return list(found.values())


def _text_variants(query, interpretation):
    """(label, changes to the query's text) from the smallest change up."""
    yield "", {}
    if query.literal:
        fixed = _fixed_words(query)
        if fixed:
            yield _("zoek op ‘%(text)s’") % {"text": fixed}, {"literal": False}
    query_words = meaningful_words(query.text, interpretation)
    if len(query_words) > 1:
        for word in query_words:
            yield _("alleen ‘%(word)s’") % {"word": word}, {"text": word}


def _fixed_words(query):
    """The query's text with the typos the search would fix fixed, or "" when it has none."""
    fixed = service.understand(query.replace(literal=False))
    used = {correction.typed: correction.used for correction in fixed.corrections}
    if not used:
        return ""
    return WORD.sub(lambda match: used.get(fold(match.group()), match.group()), query.text)


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


def _label(name, value):
    return dict(FACETS_BY_NAME[name].choices()).get(value, value)
