"""Request bodies for the engine, as plain query DSL (valid for OpenSearch and Elasticsearch 8).

They mirror the database backend (search.backends.database) rule for rule:

- every clause of ``search.text_query.parse`` must match; a clause matches when one of its
  alternatives does, an alternative when each of its terms does, in any text field;
- the terms are already analysed (search.analysis), so they are ``term`` queries on the
  fields analysed with the same chain, weighted like ``SearchDocument.WEIGHTS``;
- the year range narrows the candidates (and so the facet counts), like the text;
- facet selections are ``terms`` filters, OR within a facet and AND across, applied as a
  ``post_filter`` so that each facet can be counted with every *other* selection only;
- one search is two requests in one round trip: a page of hits (``hits_body``) and the total
  with every facet count (``facets_body``). The second visits every candidate anyway, and
  with size 0 and no sort or page in it, the shard request cache keeps its answer until the
  next refresh, for every page, sort and boost of the same selection;
- "boost" multiplies the score of documents with a boosted value by the database backend's
  BOOST_FACTOR: it reorders, it never filters;
- order: relevance (score, then newest, then title) or newest (published, then title); a
  browse without text is always newest first.
"""

from ...documents import SearchDocument
from ...facets import FACETS, FACETS_BY_NAME, PRACTICE
from ...query import NEWEST
from ...similar import SHARED_TAXONOMY_WEIGHTS
from ..database import BOOST_FACTOR

# What a result card needs from _source; the rest is only there to be searched.
CARD_FIELDS = [
    "key",
    "kind",
    "title",
    "url",
    "summary",
    "municipality",
    "forms",
    "strategies",
    "published",
]
# With "text" (summary and body, the largest field) for the highlighter.
HIT_FIELDS = [*CARD_FIELDS, "text"]

# The msearch header of facets_body: cached by the shard request cache (size 0 requests are by
# default; said here because the speed of a browse depends on it).
CACHED = {"request_cache": True}
# Counting without include lists: room for every labelled value of a facet and this many more
# (values in the index that the finder does not show). A field holding even more shows it as
# sum_other_doc_count (see complete_counts).
FACET_ROOM = 1000


def keyword_field(facet_name):
    return f"keywords.{facet_name}"


def hits_body(query, clauses):
    """One page of hits for a SearchQuery, without the total (facets_body counts it)."""
    body = {
        "query": _boosted(_candidates(query, clauses), query, clauses),
        "sort": _sort(query, clauses),
        "from": (query.page - 1) * query.per_page,
        "size": query.per_page,
        # Not counting lets the engine skip documents that cannot reach this page.
        "track_total_hits": False,
        # Without text there is nothing to highlight.
        "_source": HIT_FIELDS if clauses else CARD_FIELDS,
    }
    selected = _facet_filters(query.filters)
    if selected:
        body["post_filter"] = {"bool": {"filter": selected}}
    return body


def facets_body(query, clauses, labels, include=False):
    """The total and the facet counts; ``labels`` are the facet values to count.

    Without ``include`` every value of a field is counted and the caller keeps the labelled
    ones: faster (the engine's low-cardinality path), exact while complete_counts() holds.
    """
    body = {
        "query": _candidates(query, clauses),
        "aggs": _facet_aggregations(query, labels, include),
        "size": 0,
        "track_total_hits": True,
    }
    selected = _facet_filters(query.filters)
    if selected:
        body["post_filter"] = {"bool": {"filter": selected}}  # the total, not the counts
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


# The aggregation holding every facet without a selection of its own (they share one filter).
UNSELECTED = "unselected"


def _facet_aggregations(query, labels, include):
    """Per facet: its values' counts among the candidates matching every *other* selection.

    A facet without a selection of its own is counted under all selections, the same filter
    for each of them, so they share one filter aggregation; each selected facet has its own.
    """
    shared, own = {}, {}
    for facet in FACETS:
        values = sorted(labels.get(facet.name, ()))
        if not values:
            continue
        counts = _value_counts(facet.name, values, include)
        if query.selected(facet.name):
            others = _facet_filters(query.filters, leave_out=facet.name)
            own[facet.name] = {"filter": _all_of(others), "aggs": {"values": counts}}
        else:
            shared[facet.name] = counts
    if shared:
        own[UNSELECTED] = {"filter": _all_of(_facet_filters(query.filters)), "aggs": shared}
    return own


def _value_counts(facet_name, values, include):
    terms = {"field": keyword_field(facet_name), "size": len(values) + FACET_ROOM}
    if include:
        # Only values the finder can show, and room for every one of them.
        terms.update(include=values, size=len(values))
    return {"terms": terms}


def _all_of(filters):
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def facet_buckets(aggregations):
    """facet name → its terms aggregation in a facets_body answer."""
    found = {
        name: aggregation["values"]
        for name, aggregation in aggregations.items()
        if name != UNSELECTED
    }
    shared = aggregations.get(UNSELECTED, {})
    found.update((name, shared[name]) for name in FACETS_BY_NAME if name in shared)
    return found


def complete_counts(aggregations):
    """False when a facet field held more values than FACET_ROOM: some were not counted."""
    return all(
        not terms.get("sum_other_doc_count") for terms in facet_buckets(aggregations).values()
    )


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
        "_source": CARD_FIELDS,  # nothing to highlight
    }
