"""The one query and result shape that every view, the API and both engines share."""

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from django.http import QueryDict

RELEVANCE, NEWEST = "relevance", "newest"
# "Gemeenten zoals de mijne": added to a result's score for each boosted facet it has (the
# same size class, the same province): about a good match of one more word, so similar
# municipalities come first among results that match as many concepts of the query.
BOOST_SCORE = 3.0


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    # facet name → selected values; values within a facet are OR-ed, facets AND-ed.
    filters: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    year_from: int | None = None
    year_to: int | None = None
    sort: str = RELEVANCE
    page: int = 1
    per_page: int = 10
    # facet name → values to rank first without filtering ("gemeenten zoals de mijne").
    boost: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # Search the words as typed, without fixing typos ("Zocht u toch op ...?").
    literal: bool = False

    @classmethod
    def build(cls, filters=None, boost=None, **fields):
        return cls(
            filters=_frozen(filters or {}),
            boost=_frozen(boost or {}),
            **fields,
        )

    def selected(self, facet_name):
        return self.filters.get(facet_name, frozenset())

    def without(self, facet_name, value=None):
        """This query with one filter value (or the whole facet) dropped, from page 1."""
        filters = dict(self.filters)
        selected = filters.pop(facet_name, frozenset())
        if value is not None:
            filters[facet_name] = selected - {value}  # _frozen drops it if none remain
        return self.replace(filters=_frozen(filters), page=1)

    def without_filters(self):
        return self.replace(filters=_frozen({}), page=1)

    def with_filter(self, facet_name, values):
        """This query with a facet's selection replaced, from page 1."""
        return self.replace(filters=_frozen({**self.filters, facet_name: values}), page=1)

    def as_params(self):
        """The finder's URL parameters for this query (without the leading '?')."""
        params = QueryDict(mutable=True)
        if self.text:
            params["q"] = self.text
        for name in sorted(self.filters):
            params.setlist(name, sorted(self.filters[name]))
        for name in ("year_from", "year_to"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        if self.sort != RELEVANCE:
            params["sort"] = self.sort
        if self.literal:
            params["literal"] = "1"
        if self.page > 1:
            params["page"] = self.page
        return params.urlencode()

    def replace(self, **changes):
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return SearchQuery(**{**values, **changes})


def _frozen(mapping):
    return MappingProxyType({name: frozenset(values) for name, values in mapping.items() if values})


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    summary: str
    municipality: str
    forms: tuple
    strategies: tuple
    published: datetime | None
    highlight: str = ""
    score: float = 0.0
    illustrative: bool = False  # a fictitious example, to be marked as such wherever shown


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: tuple
    total: int
    # facet name → counts, each computed with that facet's own selection left out.
    facets: MappingProxyType
    engine: str
    degraded: bool = False
    # What the text was understood to mean (search.interpretation.Interpretation).
    interpretation: object = None
    # How many results match as many concepts as the interpretation's minimum_match asks.
    strict_total: int | None = None

    @property
    def page_count(self):
        return max(1, -(-self.total // self.query.per_page))
