"""Request bodies for the engine, built with elasticsearch-dsl (``Search``, ``Q``, ``A``).

Every body is ``Search(...).to_dict()``, with no client attached: the transport (client.py)
sends the same dict to OpenSearch or Elasticsearch 8. They execute the Interpretation as
search.interpretation defines it, as the database backend (search.backends.database) does:

- an analysed term matches in any text field, scored by BM25 in each field times the field's
  weight, summed over the fields (``SearchDocument.WEIGHTS``; see BM25_SCALE);
- a text alternative needs all its terms (their scores summed) and counts ``weight`` times;
  a keyword alternative is the facet value, scoring ``weight`` × KEYWORD_SCORE;
- a concept scores its best matching alternative (dis_max); a result matches at least one
  concept and sums its concepts' scores; without concepts everything matches;
- a boost_only alternative (a word describing a taxonomy term) is an optional clause next to
  the concepts: it adds its score to a result that has it and never makes one;
- a specific concept matched by a strong alternative adds STRICT_TIER (inside its dis_max:
  the strong alternatives carry it), so results matching more concepts come first; a filter
  aggregation in the facets request counts those matching ``minimum_match`` of them
  (``strict_total``);
- the year range narrows the candidates (and so the facet counts), like the text;
- facet selections are ``terms`` filters, OR within a facet and AND across, applied as a
  ``post_filter`` so that each facet can be counted with every *other* selection only;
- one search is two requests in one round trip: a page of hits (``hits_body``) and the total
  with every facet count (``facets_body``). The second visits every candidate anyway, and
  with size 0 and no sort or page in it, the shard request cache keeps its answer until the
  next refresh, for every page, sort and boost of the same selection;
- "boost" ("gemeenten zoals de mijne") adds BOOST_SCORE for each boosted facet a document
  has a value of: it reorders among results that match as many concepts, it never filters,
  and it orders a browse without text too;
- order: relevance (score, then newest, then title) or newest (published, then title); a
  browse without text and without boost is newest first.
"""

import functools

from elasticsearch_dsl import A, Q, Search

from ...analysis import stem
from ...documents import SearchDocument
from ...facets import FACETS, FACETS_BY_NAME, PRACTICE
from ...interpretation import BM25_K1, KEYWORD_SCORE, STRICT_TIER
from ...query import BOOST_SCORE, NEWEST
from ...similar import SHARED_TAXONOMY_WEIGHTS
from .index import SPELLING_FIELD

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
    "illustrative",
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

# Typo candidates per typed word from the term suggester, before the edit-distance rule.
CORRECTION_CANDIDATES = 5
# The engine's BM25 is Lucene's classic one, which OpenSearch 2 and Elasticsearch 8 keep: every
# term score carries a constant factor (k1 + 1) that BM25 as search.interpretation (and the
# database backend) computes it does not. Without it the text scores stand in the same
# proportion to KEYWORD_SCORE on both backends, and a score means the same on both.
BM25_SCALE = 1 / (BM25_K1 + 1)


def keyword_field(facet_name):
    return f"keywords.{facet_name}"


# Searching ----------------------------------------------------------------------------------
def hits_body(query, interpretation):
    """One page of hits for a SearchQuery, without the total (facets_body counts it)."""
    first = (query.page - 1) * query.per_page
    ranked = candidates(query, interpretation)
    if _by_relevance(query, interpretation):
        ranked = _boosted(ranked, query)
    search = (
        Search()
        .query(ranked)
        .sort(*_sort(query, interpretation))
        # Without text there is nothing to highlight.
        .source(HIT_FIELDS if interpretation.text_terms else CARD_FIELDS)
        # Not counting lets the engine skip documents that cannot reach this page.
        .extra(track_total_hits=False)
    )[first : first + query.per_page]
    return _post_filtered(search, query).to_dict()


def facets_body(query, interpretation, labels, include=False):
    """The total and the facet counts; ``labels`` are the facet values to count.

    Without ``include`` every value of a field is counted and the caller keeps the labelled
    ones: faster (the engine's low-cardinality path), exact while complete_counts() holds.
    """
    search = Search().query(candidates(query, interpretation)).extra(size=0, track_total_hits=True)
    for name, aggregation in _facet_aggregations(query, labels, include).items():
        search.aggs.bucket(name, aggregation)
    if _has_tiers(interpretation):
        # Aggregations see no post_filter: the strict tier within every selection, explicitly.
        every_selection = [strict_filter(interpretation), *_facet_filters(query.filters)]
        search.aggs.bucket(STRICT, "filter", filter=Q("bool", filter=every_selection))
    return _post_filtered(search, query).to_dict()  # the post_filter: the total, not the counts


def count_body(query, interpretation):
    """Only the total: the candidates within every facet selection, not scored."""
    matching = Q("bool", filter=[candidates(query, interpretation), *_facet_filters(query.filters)])
    return Search().query(matching).extra(size=0, track_total_hits=True).to_dict()


def candidates(query, interpretation):
    """Documents matching a concept and the year range, before any facet selection."""
    text = text_query(interpretation)
    years = {}
    if query.year_from is not None:
        years["gte"] = query.year_from
    if query.year_to is not None:
        years["lte"] = query.year_to
    if not years:
        return text
    return Q("bool", must=[text], filter=[Q("range", start_year=years)])


def text_query(interpretation):
    """Any of the concepts, their scores summed; plus the score of each boost_only
    alternative a result has (optional clauses: they never make a match)."""
    if not interpretation.concepts:
        return Q("match_all")
    concepts = Q(
        "bool",
        should=[concept_query(c, interpretation.tiered) for c in interpretation.concepts],
        minimum_should_match=1,
    )
    boosts = [alternative_query(alternative) for alternative in interpretation.boosts]
    return Q("bool", must=[concepts], should=boosts) if boosts else concepts


def strict_filter(interpretation):
    """The documents matching at least ``minimum_match`` of the concepts by their strong
    alternatives (for filter context: which documents, not how well)."""
    return Q(
        "bool",
        should=[_strong_query(concept) for concept in interpretation.tier_concepts],
        minimum_should_match=interpretation.minimum_match,
    )


def _strong_query(concept):
    if not concept.strong:
        return Q("match_none")
    return Q("bool", should=[alternative_query(a) for a in concept.strong], minimum_should_match=1)


def _has_tiers(interpretation):
    """Whether some results may miss the strict tier: always, with text (a weak alternative
    such as one part of a compound finds without deciding)."""
    return bool(interpretation.concepts)


# The queries of concepts and terms are kept (never changed once built): a search uses each
# concept up to four times (score and tier, in the hits and the facets request), and the same
# words come back search after search. Building them is most of the time spent here.
@functools.lru_cache(maxsize=1024)
def concept_query(concept, tiered=True):
    """A concept matches by one of its matching alternatives and scores as the best one; a
    specific concept's strong alternatives carry STRICT_TIER (search.interpretation)."""
    if not concept.matching:  # only boost_only alternatives: it cannot match
        return Q("match_none")
    if not tiered or concept.generic or not concept.strong:
        return _best_of(concept.matching)
    weak = [alternative for alternative in concept.matching if not alternative.strong]
    strong = _best_of(concept.strong, tiered=True)
    # max(best strong + STRICT_TIER, best weak), as search.interpretation has it.
    return Q("dis_max", queries=[strong, _best_of(weak)], tie_breaker=0) if weak else strong


def _best_of(alternatives, tiered=False):
    best = Q(
        "dis_max",
        queries=[alternative_query(alternative) for alternative in alternatives],
        tie_breaker=0,
    )
    return Q("bool", must=[best], should=[_TIER]) if tiered else best


# STRICT_TIER for every document a query matches: a match_all beside it costs next to nothing
# (a separate filter of the strong alternatives would evaluate them all a second time).
_TIER = Q("constant_score", filter=Q("match_all"), boost=STRICT_TIER)


def alternative_query(alternative):
    if alternative.is_text:
        return Q(
            "bool",
            must=[term_query(term) for term in alternative.terms],
            # Its terms' mean, as the database: words found apart are no better than one.
            boost=alternative.weight / len(alternative.terms),
        )
    facet, value = alternative.keyword
    return Q(
        "constant_score",
        filter=Q("term", **{keyword_field(facet): value}),
        boost=alternative.weight * KEYWORD_SCORE,
    )


@functools.lru_cache(maxsize=8192)
def term_query(term):
    """One analysed term in any text field: BM25 per field times its weight, summed."""
    return Q(
        "bool",
        should=[
            Q("term", **{field: {"value": term, "boost": weight * BM25_SCALE}})
            for field, weight in SearchDocument.WEIGHTS.items()
        ],
    )


def _boosted(candidates, query):
    """BOOST_SCORE added per boosted facet a document has a value of."""
    if not query.boost:
        return candidates
    boosts = [
        Q("constant_score", filter=_facet_filter(name, values), boost=BOOST_SCORE)
        for name, values in sorted(query.boost.items())
    ]
    return Q("bool", must=[candidates], should=boosts)


def _facet_filter(name, values):
    return Q("terms", **{keyword_field(name): sorted(values)})


def _facet_filters(filters, leave_out=None):
    return [
        _facet_filter(name, values)
        for name, values in sorted(filters.items())
        if name != leave_out and values
    ]


def _post_filtered(search, query):
    selected = _facet_filters(query.filters)
    return search.post_filter(_all_of(selected)) if selected else search


# The aggregation holding every facet without a selection of its own (they share one filter).
UNSELECTED = "unselected"
# The aggregation counting the strict tier (not a facet).
STRICT = "strict_tier"


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
            own[facet.name] = A("filter", filter=_all_of(others), aggs={"values": counts})
        else:
            shared[facet.name] = counts
    if shared:
        own[UNSELECTED] = A("filter", filter=_all_of(_facet_filters(query.filters)), aggs=shared)
    return own


def _value_counts(facet_name, values, include):
    if include:
        # Only values the finder can show, and room for every one of them.
        return A("terms", field=keyword_field(facet_name), include=values, size=len(values))
    return A("terms", field=keyword_field(facet_name), size=len(values) + FACET_ROOM)


def _all_of(filters):
    return Q("bool", filter=filters) if filters else Q("match_all")


def facet_buckets(aggregations):
    """facet name → its terms aggregation in a facets_body answer."""
    found = {
        name: aggregation["values"]
        for name, aggregation in aggregations.items()
        if name not in {UNSELECTED, STRICT}
    }
    shared = aggregations.get(UNSELECTED, {})
    found.update((name, shared[name]) for name in FACETS_BY_NAME if name in shared)
    return found


def strict_total(response):
    """How many results of a facets_body answer match ``minimum_match`` concepts."""
    tier = response.get("aggregations", {}).get(STRICT)
    return response["hits"]["total"]["value"] if tier is None else tier["doc_count"]


def complete_counts(aggregations):
    """False when a facet field held more values than FACET_ROOM: some were not counted."""
    return all(
        not terms.get("sum_other_doc_count") for terms in facet_buckets(aggregations).values()
    )


def _by_relevance(query, interpretation):
    """Ranked by score: unless asked for newest, whenever there is text or a boost."""
    return query.sort != NEWEST and bool(interpretation.concepts or query.boost)


def _newest():
    return [
        {"published": {"order": "desc", "missing": "_last"}},
        {"title.sort": {"order": "asc"}},
    ]


def _sort(query, interpretation):
    if _by_relevance(query, interpretation):
        return [{"_score": {"order": "desc"}}, *_newest()]
    return _newest()


# Type-ahead, similar practices, typos ---------------------------------------------------------
def suggest_body(prefix, limit):
    """Titles with a word starting with each typed word ("zwem" → "Zwembad ..."), A to Z."""
    search = (
        Search()
        .query(Q("match", **{"title.prefix": {"query": prefix, "operator": "and"}}))
        .sort({"title.sort": {"order": "asc"}})
        .source(["title"])
    )[:limit]
    return search.to_dict()


def similar_body(key, index, limit, exclude=()):
    """Practices like the document ``key``: shared taxonomy (as the database) plus more-like-this.

    The taxonomy clauses look the document's own values up in the index (a terms lookup), so
    the request needs nothing but its key.
    """
    shared_taxonomy = [
        Q(
            "terms",
            **{keyword_field(name): {"index": index, "id": key, "path": keyword_field(name)}},
            boost=weight,
        )
        for name, weight in SHARED_TAXONOMY_WEIGHTS.items()
    ]
    like_text = Q(
        "more_like_this",
        fields=list(SearchDocument.WEIGHTS),
        like=[{"_index": index, "_id": key}],
        # A small library: a word used once in one other practice still says something.
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
        minimum_should_match="30%",
    )
    query = Q(
        "bool",
        filter=[Q("term", kind=PRACTICE)],
        must_not=[Q("ids", values=[key, *exclude])],
        should=[*shared_taxonomy, like_text],
        minimum_should_match=1,
    )
    search = (
        Search()
        .query(query)
        .sort({"_score": {"order": "desc"}}, *_newest())
        .source(CARD_FIELDS)  # nothing to highlight
    )[:limit]
    return search.to_dict()


def corrections_body(words):
    """The indexed words nearest to each of ``words`` that is not in the index, one request.

    The term suggester on ``spelling`` (the words as written, folded): only for words missing
    from it, up to two edits away, a typo in the first letter too; words under four letters
    are left as typed. Suggestion ``word<n>`` belongs to ``words[n]``.
    """
    search = Search().extra(size=0)
    for number, word in enumerate(words):
        # Another form of a word the index has ("leen" where the texts say "lenen") is no typo.
        search.aggs.bucket(f"known{number}", "filter", filter=term_query(stem(word)))
        search = search.suggest(
            f"word{number}",
            word,
            term={
                "field": SPELLING_FIELD,
                "suggest_mode": "missing",
                "max_edits": 2,
                "prefix_length": 0,
                "min_word_length": 4,
                "size": CORRECTION_CANDIDATES,
            },
        )
    return search.to_dict()


def shares_body(terms):
    """How many documents have each analysed term (``term<n>``), and how many there are."""
    search = Search().extra(size=0, track_total_hits=True)
    for number, term in enumerate(terms):
        search.aggs.bucket(f"term{number}", "filter", filter=term_query(term))
    return search.to_dict()


def shares(response, terms):
    total = response["hits"]["total"]["value"] or 1
    found = response.get("aggregations", {})
    return {term: found[f"term{n}"]["doc_count"] / total for n, term in enumerate(terms)}


def suggested(response, words):
    """word → [(candidate, document frequency), ...] from a corrections_body answer."""
    found = {}
    suggestions = response.get("suggest", {})
    known = response.get("aggregations", {})
    for number, word in enumerate(words):
        if known.get(f"known{number}", {}).get("doc_count"):
            continue
        entries = suggestions.get(f"word{number}", [])
        if len(entries) != 1:  # the word was split into several (or no) tokens
            continue
        options = [(option["text"], option["freq"]) for option in entries[0]["options"]]
        if options:
            found[word] = options
    return found
