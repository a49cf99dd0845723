"""What works: per strategy and per form, what the published practices say, beside 2013.

For every strategy (grouped by rung) and every form of doe-democratie this counts the published
practices, their outcomes, the success and failure factors named most often, the split by
municipality size and sector, and puts the 2013 survey baseline next to them. A ranking across
strategies and a form × strategy matrix (where zeros are knowledge gaps) come from the same
counts.

Every number is read from the search backend (``search.service.search``) with exactly the
filters the practice finder takes as query parameters, and every number carries those
parameters. So the list behind a number's link always holds that many practices: nothing is
typed in, counted twice or counted differently.

How the facet counts are used: a facet's counts leave out that facet's own selection. In a
query for strategy=S the ``outcome`` facet therefore counts strategy=S & outcome=O, the
``size`` facet counts strategy=S with size=V *instead of* a chosen size, and in a query for
form=F the ``strategy`` facet counts form=F & strategy=S: one query per form gives its matrix row.
"""

from types import MappingProxyType
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from practices.library.choices import Authenticity
from practices.taxonomy.labels import Label, keep_label, term_label
from practices.taxonomy.models import Form, SizeClass, Strategy, SurveyFigure
from search.facets import FACETS, FACETS_BY_NAME, PRACTICE, TOOL, choices_read_once
from search.query import SearchQuery
from search.service import one_index_state, search

from .figures import (
    Baseline,
    LinkedCount,
    Matrix,
    MatrixCell,
    MatrixRow,
    RungGroup,
    TermFigures,
    WhatWorks,
)

# The filters the page offers; the view only accepts these.
NARROWING = ("form", "size", "sector")
TOP_FACTORS = 3
REGULARLY = SurveyFigure.Measure.USED_REGULARLY
FACET_ORDER = {facet.name: position for position, facet in enumerate(FACETS)}


def compute(narrow=None):
    """Every figure of the "what works" index, narrowed by form, size and/or sector.

    ``narrow`` maps "form", "size" and "sector" to sets of slugs (values of one facet are
    OR-ed, facets AND-ed, as in the finder). Forms and matrix rows are limited to the chosen
    forms; each form's own figures then filter on that form alone.
    """
    # Every search labels its facet counts with the facets' choices, and reads the index:
    # both once for the whole page, not once per strategy and form. One index state also
    # keeps every number on the page consistent with the others.
    with choices_read_once(), one_index_state():
        return _compute(clean_narrow(narrow))


def _compute(narrow):
    counter = _Counter(finder_path())
    size_class = _one_size_class(narrow)

    total_filters = {"type": {PRACTICE}, **narrow}
    everything = _search(total_filters)
    total = counter.link("", "", everything.total, total_filters)
    # Fictitious examples count in every figure: the page says how many, and links both sets.
    examples = _by_value(everything, "example")
    fictitious, real = (
        counter.link(value, "", _count(examples, value), {**total_filters, "example": {value}})
        for value in (Authenticity.FICTITIOUS, Authenticity.REAL)
    )

    strategies, rungs = [], {}
    for strategy in Strategy.objects.select_related("rung").prefetch_related("survey_figures"):
        rungs.setdefault(strategy.rung.slug, strategy.rung)
        strategies.append(counter.term("strategy", strategy, narrow, size_class)[0])

    forms_narrow = {name: values for name, values in narrow.items() if name != "form"}
    chosen_forms = narrow.get("form")
    forms, rows = [], []
    for form in Form.objects.prefetch_related("survey_figures"):
        if chosen_forms and form.slug not in chosen_forms:
            continue
        figures, result = counter.term("form", form, forms_narrow, size_class)
        forms.append(figures)
        rows.append(MatrixRow(figures, counter.matrix_row(figures, result, strategies)))

    rungs = _rung_groups(strategies, rungs)
    return WhatWorks(
        narrow=MappingProxyType(narrow),
        total=total,
        fictitious=fictitious,
        real=real,
        rungs=rungs,
        strategies=tuple(strategies),
        forms=tuple(forms),
        ranking=tuple(sorted(strategies, key=_ranking_key)),
        matrix=Matrix(rungs=rungs, strategies=tuple(strategies), rows=tuple(rows)),
        size_class=size_class,
    )


def clean_narrow(narrow):
    narrow = narrow or {}
    unknown = set(narrow) - set(NARROWING)
    if unknown:
        raise ValueError(f"'what works' narrows only by {', '.join(NARROWING)}: {unknown}")
    return {name: frozenset(values) for name, values in narrow.items() if values}


def finder_path():
    """The practice finder's address: the finder when it has its own route, else search."""
    for name in ("finder", "search"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def finder_params(filters):
    """Filters as ordered query parameters: facets in table order, values sorted."""
    return tuple(
        (name, tuple(sorted(values)))
        for name, values in sorted(filters.items(), key=lambda item: FACET_ORDER[item[0]])
        if values
    )


def _search(filters):
    # Only the total and the facet counts are used: no page of hits to read.
    return search(SearchQuery.build(filters=filters, per_page=0))


def _one_size_class(narrow):
    sizes = narrow.get("size", ())
    if len(sizes) != 1:
        return None
    return SizeClass.objects.filter(slug=next(iter(sizes))).first()


class _Counter:
    """Runs the searches and turns their totals and facet counts into linked numbers."""

    def __init__(self, path):
        self.path = path
        self.choices = {
            name: list(FACETS_BY_NAME[name].choices()) for name in ("outcome", "size", "sector")
        }

    def link(self, value, label, count, filters):
        params = finder_params(filters)
        query = urlencode([(name, list(values)) for name, values in params], doseq=True)
        return LinkedCount(value, keep_label(label), count, params, f"{self.path}?{query}")

    def term(self, kind, term, narrow, size_class):
        filters = {**narrow, "type": {PRACTICE}, kind: {term.slug}}
        result = _search(filters)
        facets = {name: {c.value: c for c in counts} for name, counts in result.facets.items()}

        def split(name):
            # Replaces any chosen value of the facet: its counts leave that selection out.
            return tuple(
                self.link(value, label, _count(facets[name], value), {**filters, name: {value}})
                for value, label in self.choices[name]
            )

        def top(name):
            named = sorted(facets[name].values(), key=lambda c: (-c.count, c.label.casefold()))
            return tuple(
                self.link(c.value, c.label, c.count, {**filters, name: {c.value}})
                for c in named[:TOP_FACTORS]
                if c.count
            )

        outcomes = split("outcome")
        figures = [
            Baseline.from_figure(figure)
            for figure in term.survey_figures.all()
            if figure.covers_all_municipalities or (size_class and figure.covers(size_class))
        ]
        rung = getattr(term, "rung", None)
        return (
            TermFigures(
                kind=kind,
                slug=term.slug,
                label=term_label(term),
                description=Label(term.description, term.description_lang),
                rung=rung.slug if rung else "",
                rung_label=term_label(rung) if rung else "",
                practices=self.link(term.slug, term_label(term), result.total, filters),
                tools=self._tools(kind, term, narrow, facets["type"]),
                outcomes=outcomes,
                outcome_unknown=result.total - sum(outcome.count for outcome in outcomes),
                success_factors=top("success_factor"),
                failure_factors=top("failure_factor"),
                sizes=split("size"),
                sectors=split("sector"),
                survey_2013=tuple(figures),
                regularly=_regularly(figures),
            ),
            result,
        )

    def _tools(self, kind, term, narrow, type_counts):
        """Tools for the term. Tools have no size or sector, so only a form narrows them."""
        filters = {"type": {TOOL}, kind: {term.slug}}
        if narrow.get("form") and kind != "form":
            filters["form"] = narrow["form"]
        # Without size or sector the practice query's type facet (which leaves the type
        # selection out) already counts these documents; with them, ask the index.
        narrowed = set(narrow) - {"form"}
        count = _search(filters).total if narrowed else _count(type_counts, TOOL)
        return self.link(term.slug, term_label(term), count, filters)

    def matrix_row(self, form, result, strategies):
        counts = {c.value: c.count for c in result.facets["strategy"]}
        base = form.practices.filters
        return tuple(
            MatrixCell(
                strategy,
                self.link(
                    strategy.slug,
                    strategy.label,
                    counts.get(strategy.slug, 0),
                    {**base, "strategy": {strategy.slug}},
                ),
                first_in_rung=index == 0 or strategies[index - 1].rung != strategy.rung,
            )
            for index, strategy in enumerate(strategies)
        )


def _regularly(figures):
    """The "vaak of regelmatig ingezet" percentage among all municipalities, if 2013 has it."""
    return next(
        (
            figure
            for figure in figures
            if figure.measure == REGULARLY
            and figure.all_municipalities
            and figure.unit == SurveyFigure.Unit.PERCENT
        ),
        None,
    )


def _by_value(result, name):
    return {count.value: count for count in result.facets[name]}


def _count(counts, value):
    found = counts.get(value)
    return found.count if found else 0


def _rung_groups(strategies, rungs):
    groups = {}
    for strategy in strategies:
        groups.setdefault(strategy.rung, []).append(strategy)
    return tuple(
        RungGroup(
            slug=slug,
            label=term_label(rungs[slug]),
            description=Label(rungs[slug].description, rungs[slug].description_lang),
            strategies=tuple(members),
        )
        for slug, members in groups.items()
    )


def _ranking_key(strategy):
    """Most practices first; then the most used in 2013; then by name."""
    regular = -float(strategy.regularly.value) if strategy.regularly else 1.0
    return (-strategy.practices.count, regular, strategy.label.casefold())
