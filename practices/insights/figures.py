"""The figures of "what works": small immutable results that every number's link comes with.

A ``LinkedCount`` is a number and the finder parameters behind it, so the list behind a link
always holds that many practices. The other types group those numbers per strategy or form
(``TermFigures``), per rung, and into the form × strategy matrix; ``as_json`` gives the API's
shape of each.
"""

from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import urlencode

from django.conf import settings

from practices.taxonomy.models import SizeClass

from .chart import ranking_chart

# Below this many practices a figure says little; the page says so next to it.
FEW_PRACTICES = 5


def survey_source():
    """Who held the 2013 survey, when, and among how many: the one citation of the baseline."""
    return str(settings.SURVEY_2013_SOURCE)


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
    fictitious: LinkedCount  # of those, the fictitious examples (PracticePage.illustrative)
    real: LinkedCount  # and the others
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
            "fictitious": self.fictitious.count,
            "finder": self.total.query_string,
            "survey_source": survey_source(),
            "strategies": [strategy.as_json() for strategy in self.strategies],
            "forms": [form.as_json() for form in self.forms],
            "ranking": [strategy.slug for strategy in self.ranking],
            "matrix": self.matrix.as_json(),
        }
