"""Request bodies for the engine, as plain query DSL (valid for OpenSearch and Elasticsearch 8).

They mirror the database backend (search.backends.database) rule for rule:

- every clause of ``search.text_query.parse`` must match; a clause matches when one of its
  alternatives does, an alternative when each of its terms does, in any text field;
- the terms are already analysed (search.analysis), so they are ``term`` queries on the
  fields analysed with the same chain, weighted like ``SearchDocument.WEIGHTS``;
- the year range narrows the candidates (and so the facet counts), like the text;
- facet selections are ``terms`` filters, OR within a facet and AND across, applied as a
  ``post_filter`` so that each facet can be counted with every *other* selection only;
- "boost" multiplies the score of documents with a boosted value by the database backend's
  BOOST_FACTOR: it reorders, it never filters;
- order: relevance (score, then newest, then title) or newest (published, then title); a
  browse without text is always newest first.
"""

from ...documents import SearchDocument
from ...facets import FACETS, PRACTICE
from ...query import NEWEST
from ...similar import SHARED_TAXONOMY_WEIGHTS
from ..database import BOOST_FACTOR

# What a result card needs from _source; the rest is only there to be searched.
HIT_FIELDS = [
    "key",
    "kind",
    "title",
    "url",
    "summary",
    "municipality",
    "forms",
    "strategies",
    "published",
    "text",
]


def keyword_field(facet_name):
    return f"keywords.{facet_name}"


def search_body(query, clauses, labels):
    """The search request for a SearchQuery; ``labels`` are the facet values to count."""
    body = {
        "query": _boosted(_candidates(query, clauses), query, clauses),
        "aggs": _facet_aggregations(query, labels),
        "sort": _sort(query, clauses),
        "from": (query.page - 1) * query.per_page,
        "size": query.per_page,
        "track_total_hits": True,
        "_source": HIT_FIELDS,
    }
    selected = _facet_filters(query.filters)
    if selected:
        body["post_filter"] = {"bool": {"filter": selected}}
    return body


def _candidates(query, clauses):
    """Documents matching the text and the year range, before any facet selection."""
    must = [clause_query(clause) for clause in clauses]
    years = {}
    if query.year_from is not None:
        years["gte"] = query.year_from
    if query.year_to is not None:
        years["lte"] = query.year_to
    bool_query = {"must": must or [{"match_all": {}}]}
    if years:
        bool_query["filter"] = [{"range": {"start_year": years}}]
    return {"bool": bool_query}


def clause_query(clause):
    return {
        "bool": {
            "should": [alternative_query(alternative) for alternative in clause.alternatives],
            "minimum_should_match": 1,
        }
    }


def alternative_query(alternative):
    return {"bool": {"must": [term_query(term) for term in alternative]}}


def term_query(term):
    """One analysed term in any text field, a match counting by that field's weight."""
    return {
        "bool": {
            "should": [
                {"term": {field: {"value": term, "boost": weight}}}
                for field, weight in SearchDocument.WEIGHTS.items()
            ],
            "minimum_should_match": 1,
        }
    }


def _boosted(candidates, query, clauses):
    if not query.boost or not _by_relevance(query, clauses):
        return candidates
    return {
        "function_score": {
            "query": candidates,
            "functions": [{"filter": _any_of(query.boost), "weight": BOOST_FACTOR}],
            "score_mode": "max",
            "boost_mode": "multiply",
        }
    }


def _any_of(values_by_facet):
    return {
        "bool": {
            "should": [_facet_filter(name, values) for name, values in values_by_facet.items()],
            "minimum_should_match": 1,
        }
    }


def _facet_filter(name, values):
    return {"terms": {keyword_field(name): sorted(values)}}


def _facet_filters(filters, leave_out=None):
    return [
        _facet_filter(name, values)
        for name, values in sorted(filters.items())
        if name != leave_out and values
    ]


def _facet_aggregations(query, labels):
    """Per facet: its values' counts among the candidates matching every other selection."""
    aggregations = {}
    for facet in FACETS:
        values = sorted(labels.get(facet.name, ()))
        if not values:
            continue
        others = _facet_filters(query.filters, leave_out=facet.name)
        aggregations[facet.name] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {
                "values": {
                    # Only values the finder can show, and room for every one of them.
                    "terms": {
                        "field": keyword_field(facet.name),
                        "include": values,
                        "size": len(values),
                    }
                }
            },
        }
    return aggregations


def _by_relevance(query, clauses):
    return query.sort != NEWEST and bool(clauses)


def _newest():
    return [
        {"published": {"order": "desc", "missing": "_last"}},
        {"title.sort": {"order": "asc"}},
    ]


def _sort(query, clauses):
    if _by_relevance(query, clauses):
        return [{"_score": {"order": "desc"}}, *_newest()]
    return _newest()


def suggest_body(prefix, limit):
    """Titles with a word starting with each typed word ("zwem" → "Zwembad ..."), A to Z."""
    return {
        "query": {"match": {"title.prefix": {"query": prefix, "operator": "and"}}},
        "sort": [{"title.sort": {"order": "asc"}}],
        "size": limit,
        "_source": ["title"],
    }


def similar_body(key, index, limit, exclude=()):
    """Practices like the document ``key``: shared taxonomy (as the database) plus more-like-this.

    The taxonomy clauses look the document's own values up in the index (a terms lookup), so
    the request needs nothing but its key.
    """
    shared_taxonomy = [
        {
            "terms": {
                keyword_field(name): {"index": index, "id": key, "path": keyword_field(name)},
                "boost": weight,
            }
        }
        for name, weight in SHARED_TAXONOMY_WEIGHTS.items()
    ]
    like_text = {
        "more_like_this": {
            "fields": list(SearchDocument.WEIGHTS),
            "like": [{"_index": index, "_id": key}],
            # A small library: a word used once in one other practice still says something.
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 25,
            "minimum_should_match": "30%",
        }
    }
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"kind": PRACTICE}}],
                "must_not": [{"ids": {"values": [key, *exclude]}}],
                "should": [*shared_taxonomy, like_text],
                "minimum_should_match": 1,
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *_newest()],
        "size": limit,
        "_source": HIT_FIELDS,
    }
