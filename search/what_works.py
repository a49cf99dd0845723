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

from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from practices.taxonomy.models import Form, SizeClass, Strategy, SurveyFigure

from .facets import FACETS, FACETS_BY_NAME, PRACTICE, TOOL
from .query import SearchQuery
from .service import search

# The filters the page offers; the view only accepts these.
NARROWING = ("form", "size", "sector")
TOP_FACTORS = 3
# Below this many practices a figure says little; the page says so next to it.
FEW_PRACTICES = 5
REGULARLY = SurveyFigure.Measure.USED_REGULARLY
FACET_ORDER = {facet.name: position for position, facet in enumerate(FACETS)}


# Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedCount:
    """A number and the finder list behind it: ``params`` give exactly ``count`` results."""

    value: str
    label: str
    count: int
    params: tuple  # ((facet name, (values, ...)), ...) in facet order
    url: str

    @property
    def query_string(self):
        return urlencode([(name, list(values)) for name, values in self.params], doseq=True)

    @property
    def filters(self):
        return {name: set(values) for name, values in self.params}

    def as_json(self):
        return {
            "slug": self.value,
            "label": self.label,
            "count": self.count,
            "finder": self.query_string,
        }


@dataclass(frozen=True)
class Baseline:
    """One 2013 survey figure, as shown beside the platform's own counts."""

    measure: str
    label: str
    value: object  # Decimal
    value_upper: object  # Decimal or None
    unit: str
    display: str
    population: str
    base: str
    source: str
    all_municipalities: bool

    @classmethod
    def from_figure(cls, figure):
        return cls(
            measure=figure.measure,
            label=str(figure.get_measure_display()),
            value=figure.value,
            value_upper=figure.value_upper,
            unit=figure.unit,
            display=figure.display_value,
            population=figure.population,
            base=figure.base,
            source=figure.source,
            all_municipalities=figure.covers_all_municipalities,
        )

    def as_json(self):
        return {
            "measure": self.measure,
            "label": self.label,
            "value": float(self.value),
            "value_upper": None if self.value_upper is None else float(self.value_upper),
            "unit": self.unit,
            "display": self.display,
            "population": self.population,
            "base": self.base,
            "source": self.source,
        }


@dataclass(frozen=True)
class TermFigures:
    """What the index says about one strategy or form."""

    kind: str  # "strategy" or "form": the facet that selects the term
    slug: str
    label: str
    description: str
    rung: str  # the strategy's rung slug; "" for a form
    rung_label: str
    practices: LinkedCount
    tools: LinkedCount
    outcomes: tuple  # LinkedCount per status, in status order, zeros included
    outcome_unknown: int  # practices that state no status (no finder filter for that)
    success_factors: tuple  # the most named, at most TOP_FACTORS
    failure_factors: tuple
    sizes: tuple  # LinkedCount per size class, zeros included
    sectors: tuple  # LinkedCount per sector, zeros included
    survey_2013: tuple  # Baseline
    regularly: Baseline | None  # "vaak of regelmatig ingezet", all municipalities, percent

    @property
    def few_practices(self):
        return 0 < self.practices.count < FEW_PRACTICES

    @property
    def sectors_named(self):
        return tuple(sector for sector in self.sectors if sector.count)

    def linked_counts(self):
        """Every number of this term that links to the finder."""
        return (
            self.practices,
            self.tools,
            *self.outcomes,
            *self.success_factors,
            *self.failure_factors,
            *self.sizes,
            *self.sectors,
        )

    def as_json(self):
        data = {"slug": self.slug, "label": self.label}
        if self.kind == "strategy":
            data["rung"] = self.rung
        data.update(
            {
                "practices": self.practices.count,
                "finder": self.practices.query_string,
                "tools": {"count": self.tools.count, "finder": self.tools.query_string},
                "outcomes": _by_value(self.outcomes),
                "outcome_unknown": self.outcome_unknown,
                "success_factors": [factor.as_json() for factor in self.success_factors],
                "failure_factors": [factor.as_json() for factor in self.failure_factors],
                "sizes": _by_value(self.sizes),
                "sectors": _by_value(self.sectors),
                "survey_2013": [figure.as_json() for figure in self.survey_2013],
            }
        )
        return data


def _by_value(counts):
    return {
        count.value: {"label": count.label, "count": count.count, "finder": count.query_string}
        for count in counts
    }


@dataclass(frozen=True)
class RungGroup:
    slug: str
    label: str
    description: str
    strategies: tuple  # TermFigures


@dataclass(frozen=True)
class MatrixCell:
    strategy: TermFigures  # the column
    link: LinkedCount  # practices with the row's form and this strategy
    first_in_rung: bool = False  # the first column of a rung's group


@dataclass(frozen=True)
class MatrixRow:
    form: TermFigures
    cells: tuple  # MatrixCell per strategy, in column order


@dataclass(frozen=True)
class Matrix:
    rungs: tuple  # RungGroup: the column groups
    strategies: tuple  # TermFigures, the columns
    rows: tuple  # MatrixRow

    @property
    def gaps(self):
        """Form × strategy pairs without any practice yet: the knowledge gaps."""
        return sum(1 for row in self.rows for cell in row.cells if not cell.link.count)

    def as_json(self):
        return {
            "forms": [row.form.slug for row in self.rows],
            "strategies": [strategy.slug for strategy in self.strategies],
            "counts": [[cell.link.count for cell in row.cells] for row in self.rows],
            "finder": [[cell.link.query_string for cell in row.cells] for row in self.rows],
        }


@dataclass(frozen=True)
class WhatWorks:
    narrow: MappingProxyType  # facet name → frozenset of slugs
    total: LinkedCount  # every published practice within the narrowing
    rungs: tuple  # RungGroup, in ladder order
    strategies: tuple  # TermFigures, grouped by rung
    forms: tuple  # TermFigures
    ranking: tuple  # strategies, most practices first
    matrix: Matrix
    size_class: SizeClass | None  # the one size class narrowed to, for the baseline

    @property
    def chart(self):
        return ranking_chart(self.ranking)

    def linked_counts(self):
        """Every number on the page that links to the finder (for checks and tests)."""
        yield self.total
        for term in (*self.strategies, *self.forms):
            yield from term.linked_counts()
        for row in self.matrix.rows:
            for cell in row.cells:
                yield cell.link

    def as_json(self):
        return {
            "narrow": {name: sorted(values) for name, values in self.narrow.items()},
            "total": self.total.count,
            "finder": self.total.query_string,
            "survey_source": _survey_source(),
            "strategies": [strategy.as_json() for strategy in self.strategies],
            "forms": [form.as_json() for form in self.forms],
            "ranking": [strategy.slug for strategy in self.ranking],
            "matrix": self.matrix.as_json(),
        }


def _survey_source():
    return str(getattr(settings, "SURVEY_2013_SOURCE", ""))


# Computing -----------------------------------------------------------------------------------


def compute(narrow=None):
    """Every figure of the "what works" index, narrowed by form, size and/or sector.

    ``narrow`` maps "form", "size" and "sector" to sets of slugs (values of one facet are
    OR-ed, facets AND-ed, as in the finder). Forms and matrix rows are limited to the chosen
    forms; each form's own figures then filter on that form alone.
    """
    narrow = clean_narrow(narrow)
    counter = _Counter(finder_path())
    size_class = _one_size_class(narrow)

    total_filters = {"type": {PRACTICE}, **narrow}
    total = counter.link("", "", _search(total_filters).total, total_filters)

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
    return search(SearchQuery.build(filters=filters, per_page=1))


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
        return LinkedCount(value, str(label), count, params, f"{self.path}?{query}")

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
                label=term.name,
                description=term.description,
                rung=rung.slug if rung else "",
                rung_label=rung.name if rung else "",
                practices=self.link(term.slug, term.name, result.total, filters),
                tools=self._tools(kind, term, narrow, facets["type"]),
                outcomes=outcomes,
                outcome_unknown=result.total - sum(outcome.count for outcome in outcomes),
                success_factors=top("success_factor"),
                failure_factors=top("failure_factor"),
                sizes=split("size"),
                sectors=split("sector"),
                survey_2013=tuple(figures),
                regularly=next(
                    (
                        figure
                        for figure in figures
                        if figure.measure == REGULARLY
                        and figure.all_municipalities
                        and figure.unit == SurveyFigure.Unit.PERCENT
                    ),
                    None,
                ),
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
        return self.link(term.slug, term.name, count, filters)

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
            label=rungs[slug].name,
            description=rungs[slug].description,
            strategies=tuple(members),
        )
        for slug, members in groups.items()
    )


def _ranking_key(strategy):
    """Most practices first; then the most used in 2013; then by name."""
    regular = -float(strategy.regularly.value) if strategy.regularly else 1.0
    return (-strategy.practices.count, regular, strategy.label.casefold())


# The ranking chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    width: int
    label_x: int
    y: int
    text_y: int


@dataclass(frozen=True)
class ChartRow:
    strategy: TermFigures
    name_y: float
    practices: ChartBar
    survey: ChartBar  # width 0 when 2013 has no figure


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    scale_max: int  # the number of practices a full bar stands for
    rows: tuple


CHART_WIDTH, BAR_AREA, BAR_HEIGHT = 720, 520, 18
CHART_TOP, ROW_HEIGHT = 64, 78


def ranking_chart(ranking):
    """Geometry of a horizontal bar chart: per strategy, practices and the 2013 percentage.

    The two series have their own scale (a number of practices, a percentage of
    municipalities); every bar has its number written beside it.
    """
    most = max((strategy.practices.count for strategy in ranking), default=0)
    scale_max = max(most, 1)
    rows = []
    for index, strategy in enumerate(ranking):
        top = CHART_TOP + index * ROW_HEIGHT
        rows.append(
            ChartRow(
                strategy=strategy,
                name_y=top + 16,
                practices=_bar(strategy.practices.count / scale_max, top + 26),
                survey=_bar(
                    float(strategy.regularly.value) / 100 if strategy.regularly else 0,
                    top + 26 + BAR_HEIGHT + 6,
                ),
            )
        )
    return Chart(
        width=CHART_WIDTH,
        height=CHART_TOP + len(rows) * ROW_HEIGHT + 8,
        bar_height=BAR_HEIGHT,
        scale_max=scale_max,
        rows=tuple(rows),
    )


def _bar(share, y):
    # Whole numbers: SVG attributes must not be written in the reader's number format.
    width = round(BAR_AREA * min(max(share, 0), 1))
    if share > 0:
        width = max(width, 3)  # a small number stays visible
    return ChartBar(width=width, label_x=width + 8, y=y, text_y=y + BAR_HEIGHT - 4)


# The page ------------------------------------------------------------------------------------


class SlugsField(forms.MultipleChoiceField):
    """One or more slugs of existing terms; an empty value ("all") is not a choice."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item != ""]


class WhatWorksForm(forms.Form):
    """The page's filters: GET form, size and sector, checked against the existing slugs."""

    LABELS = {
        "form": (_("Vorm van doe-democratie"), _("Alle vormen")),
        "size": (_("Gemeentegrootte"), _("Alle gemeentegroottes")),
        "sector": (_("Beleidsterrein"), _("Alle beleidsterreinen")),
    }
    UNKNOWN = {
        "form": _(
            "‘%(value)s’ kennen we niet als vorm van doe-democratie. Kies een vorm uit de lijst."
        ),
        "size": _("‘%(value)s’ kennen we niet als gemeentegrootte. Kies een grootte uit de lijst."),
        "sector": _(
            "‘%(value)s’ kennen we niet als beleidsterrein. Kies een terrein uit de lijst."
        ),
    }

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name in NARROWING:
            label, _all = self.LABELS[name]
            self.fields[name] = SlugsField(
                label=label,
                required=False,
                choices=FACETS_BY_NAME[name].choices(),
                error_messages={"invalid_choice": self.UNKNOWN[name]},
            )

    def add_error(self, field, error):
        # Show at most 40 characters of an unknown value back to the visitor.
        if isinstance(error, forms.ValidationError) and getattr(error, "params", None):
            value = error.params.get("value")
            if isinstance(value, str):
                error.params["value"] = Truncator(value).chars(40)
        super().add_error(field, error)

    def narrow(self):
        return {name: set(self.cleaned_data.get(name) or ()) for name in NARROWING}

    def error_list(self):
        """Every problem as (parameter, message), as the finder's form gives them (for the API)."""
        return [
            (name, str(message)) for name, messages in self.errors.items() for message in messages
        ]

    def filters(self):
        """The fields as the template draws them: select boxes with the chosen values."""
        chosen = {name: set(self[name].value() or ()) for name in NARROWING}
        return [
            {
                "name": name,
                "id": f"ww-filter-{name}",
                "label": self.fields[name].label,
                "all": self.LABELS[name][1],
                "choices": [
                    (value, label, value in chosen[name])
                    for value, label in self.fields[name].choices
                ],
                "errors": self.errors.get(name, []),
            }
            for name in NARROWING
        ]

    def chosen(self):
        """The valid chosen filters, as (facet label, value labels) for the summary."""
        if not self.is_valid():
            return []
        summary = []
        for name in NARROWING:
            labels = dict(self.fields[name].choices)
            values = self.cleaned_data.get(name) or []
            if values:
                summary.append((self.fields[name].label, [labels[value] for value in values]))
        return summary


def what_works_page(request):
    form = WhatWorksForm(request.GET)
    context = {"form": form, "filters": None, "what_works": None, "clear_url": request.path}
    if not form.is_valid():
        context["filters"] = form.filters()
        return render(request, "search/what_works.html", context, status=400)
    context.update(
        filters=form.filters(),
        chosen=form.chosen(),
        what_works=compute(form.narrow()),
    )
    return render(request, "search/what_works.html", context)
