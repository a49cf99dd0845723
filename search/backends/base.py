"""What every search backend does. Views, the API and "what works" only use this."""

from abc import ABC, abstractmethod
from types import MappingProxyType

from ..facets import FACETS
from ..query import SearchResult


class EngineUnavailable(Exception):
    """The search engine cannot answer now (down, timing out); callers fall back."""


class SearchBackend(ABC):
    name = "abstract"

    @abstractmethod
    def search(self, query, interpretation):
        """The SearchResult for a SearchQuery and the Interpretation of its text."""

    @abstractmethod
    def count(self, query, interpretation):
        """How many results ``search`` would give: no hits, no facets, no ranking (the cheap
        question "would this change give results?")."""

    @abstractmethod
    def corrections(self, words):
        """{word: [indexed words nearest to it, nearest first]} for the typed (folded) words
        that do not occur in the index, within search.understanding.allowed_distance."""

    @abstractmethod
    def document_shares(self, terms):
        """{term: the share of all documents (0 to 1) with that analysed term in any text
        field}, for telling generic words from specific ones."""

    @abstractmethod
    def index(self, documents):
        """Adds or replaces documents; returns how many were written."""

    @abstractmethod
    def delete(self, keys):
        """Removes documents by key; unknown keys are ignored."""

    @abstractmethod
    def indexed_fingerprints(self):
        """{key: fingerprint} of every document in the index, for reconciliation."""

    def outdated_fields(self):
        """Fields the code maps that the index cannot hold yet, so that it must be built anew
        (an engine's strict mapping); a backend without a fixed mapping has none."""
        return []

    @abstractmethod
    def suggest(self, prefix, limit=8):
        """Titles that start with (a word starting with) the prefix, for type-ahead."""

    @abstractmethod
    def similar(self, key, limit, exclude=()):
        """Published practices most like the document ``key`` (never itself nor ``exclude``)."""


def facet_labels():
    return {facet.name: dict(facet.choices()) for facet in FACETS}


def empty_result(query, engine):
    return SearchResult(query, (), 0, MappingProxyType({f.name: [] for f in FACETS}), engine)
