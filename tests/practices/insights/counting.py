"""Counting the same numbers another way: through the finder, and by hand from the documents."""

from urllib.parse import parse_qs

from search.query import SearchQuery
from search.service import search

VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
NETWORKS = "nieuwe-netwerken-en-coalities"


def filters_of(query_string):
    return {name: set(values) for name, values in parse_qs(query_string).items()}


def finder_total(query_string):
    """What the finder shows for these query parameters."""
    return search(SearchQuery.build(filters=filters_of(query_string), per_page=1)).total


def by_hand(documents, filters):
    """The same count, made from the documents that should be in the index."""
    return sum(
        1
        for document in documents
        if all(
            set(document.keywords.get(name, ())) & set(values) for name, values in filters.items()
        )
    )


def by_slug(terms):
    return {term.slug: term for term in terms}


def cell(what_works, form, strategy):
    row = next(row for row in what_works.matrix.rows if row.form.slug == form)
    return next(c for c in row.cells if c.strategy.slug == strategy).link
