"""The embedded default: search on the project's own database (SQLite or PostgreSQL).

Each published page is one IndexEntry row holding its analysed terms (search.analysis).
Searches run on the process's in-memory snapshot of those rows (search.backends.snapshot):
text matching, scoring, filters and facet counts in Python, which keeps both databases
exactly alike; only the page of hits is read from the database.
"""

import itertools
from collections import Counter
from types import MappingProxyType

from django.db import transaction
from django.db.models import Q

from practices.taxonomy.labels import keep_label

from ..analysis import stem
from ..analysis import terms as analyse
from ..documents import SearchDocument, illustrative_page_ids
from ..facets import FACETS, PRACTICE
from ..highlight import highlight
from ..interpretation import KEYWORD_SCORE, STRICT_TIER
from ..models import IndexEntry
from ..query import BOOST_SCORE, NEWEST, FacetCount, Hit, SearchResult
from ..similar import SHARED_TAXONOMY_WEIGHTS
from ..understanding import allowed_distance, nearest
from . import snapshot
from .base import SearchBackend, facet_labels

TERM_FIELDS = {name: f"{name}_terms" for name in SearchDocument.WEIGHTS}
INDEX_CHUNK = 500
# Every column index() writes, for the upsert (all but the key).
ENTRY_FIELDS = [field.name for field in IndexEntry._meta.concrete_fields if not field.primary_key]


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, interpretation):
        index = snapshot.current()
        concepts = interpretation.concepts
        found = index.matching_at_least(concepts, 1) & index.started(query.year_from, query.year_to)
        matching = index.all_selected(query.filters, found)
        strict = index.matching_at_least(
            interpretation.tier_concepts, interpretation.minimum_match, strong=True
        )
        strict &= matching
        first = (query.page - 1) * query.per_page
        limit = first + query.per_page
        ranked = self._rank(index, matching, query, interpretation, limit)
        page_keys = [index.keys[position] for position in ranked[first:]]
        return SearchResult(
            query=query,
            hits=tuple(self._hits(page_keys, interpretation.text_terms)),
            total=matching.bit_count(),
            facets=facet_counts(index, query, found),
            engine=self.name,
            interpretation=interpretation,
            strict_total=strict.bit_count(),
        )

    def count(self, query, interpretation):
        index = snapshot.current()
        found = index.matching_at_least(interpretation.concepts, 1)
        found &= index.started(query.year_from, query.year_to)
        return index.all_selected(query.filters, found).bit_count()

    def _rank(self, index, matching, query, interpretation, limit):
        """The positions of the first ``limit`` matching documents, best first.

        As the engine: relevance plus the boost (search.interpretation), then newest;
        newest first when asked, or when there is neither text nor a boost to rank by.
        """
        concepts = interpretation.concepts
        if query.sort == NEWEST or not (concepts or query.boost):
            return snapshot.positions(matching, limit)  # positions count newest first
        found = snapshot.positions(matching)
        scores = relevance(index, found, interpretation) if concepts else [0.0] * len(found)
        boosts = boost_scores(index, query.boost)
        ranked = sorted(
            (-(score + boosts.get(position, 0.0)), position)
            for position, score in zip(found, scores, strict=True)
        )
        return [position for _, position in ranked[:limit]]

    def _hits(self, keys, terms):
        entries = IndexEntry.objects.in_bulk(keys)
        # The index table has no column for the fictitious mark; the pages have it.
        illustrative = illustrative_page_ids(entry.page_id for entry in entries.values())
        return [
            _hit(entries[key], terms, entries[key].page_id in illustrative)
            for key in keys
            if key in entries
        ]

    def document_shares(self, terms):
        index = snapshot.current()
        count = len(index.keys) or 1
        return {term: index.postings(term).bits.bit_count() / count for term in terms}

    def corrections(self, words):
        """For each typed word not in the index: the indexed words nearest to it."""
        index = snapshot.current()
        vocabulary = index.vocabulary
        found = {}
        for word in words:
            if word in vocabulary or index.postings(stem(word)).bits:
                continue  # written so, or another form of a word that is there ("leen")
            options = nearest(word, _near_in_length(vocabulary, word), vocabulary)
            if options:
                found[word] = options
        return found

    @transaction.atomic
    def index(self, documents):
        written = 0
        for chunk in _chunks(documents, INDEX_CHUNK):
            # One upsert per chunk; the last document wins when a key comes twice.
            entries = {
                document.key: IndexEntry(key=document.key, **entry_fields(document))
                for document in chunk
            }
            IndexEntry.objects.bulk_create(
                entries.values(),
                update_conflicts=True,
                unique_fields=["key"],
                update_fields=ENTRY_FIELDS,
            )
            written += len(chunk)
        return written

    def delete(self, keys):
        entries = IndexEntry.objects.filter(key__in=list(keys))
        # Unpublishing a page that was never indexed is common; it need not renew the index.
        if entries.exists():
            entries.delete()

    def indexed_fingerprints(self):
        return dict(IndexEntry.objects.values_list("key", "fingerprint"))

    def suggest(self, prefix, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        titles = IndexEntry.objects.filter(
            Q(title__istartswith=prefix) | Q(title__icontains=f" {prefix}")
        ).order_by("title")
        return list(titles.values_list("title", flat=True)[:limit])

    def similar(self, key, limit, exclude=()):
        """Practices ranked by shared taxonomy (search.similar), then newest, then title."""
        index = snapshot.current()
        target = index.positions.get(key)
        if target is None:
            return []
        others = index.value("type", PRACTICE)
        for left_out in (key, *exclude):
            if left_out in index.positions:
                others &= ~(1 << index.positions[left_out])
        scores = _overlaps(index, parse_keywords(index.keywords[target]), others)
        scored = sorted((-score, position) for position, score in scores.items() if score > 0)
        return self._hits([index.keys[position] for _, position in scored[:limit]], frozenset())


def _overlaps(index, wanted, among):
    """Per document among ``among`` sharing anything with ``wanted``: the sum, over the shared
    facet values, of their facet's weight in search.similar.SHARED_TAXONOMY_WEIGHTS."""
    scores = {}
    for name, weight in SHARED_TAXONOMY_WEIGHTS.items():
        shared = Counter()
        for value in wanted.get(name, ()):
            shared.update(snapshot.positions(index.value(name, value) & among))
        for position, count in shared.items():
            scores[position] = scores.get(position, 0.0) + weight * count
    return scores


def entry_fields(document):
    analysed = {name: _padded(analyse(text)) for name, text in document.text_fields().items()}
    return {
        "fingerprint": document.fingerprint,
        "page_id": document.page_id,
        "kind": document.kind,
        "title": document.title[:255],
        "url": document.url,
        "summary": document.summary,
        "text": f"{document.summary} {document.body}",
        "municipality": document.municipality,
        "forms": list(document.forms),
        "strategies": list(document.strategies),
        "published": document.published,
        "start_year": document.start_year,
        "keywords": _padded(
            f"{name}:{value}" for name, values in document.keywords.items() for value in values
        ),
        "all_terms": _padded(" ".join(analysed.values()).split()),
        "words": _padded(document.words),
        **{TERM_FIELDS[name]: terms for name, terms in analysed.items()},
    }


def _padded(items):
    return " " + " ".join(items) + " "


def _chunks(items, size):
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def parse_keywords(text):
    keywords = {}
    for item in text.split():
        name, _, value = item.partition(":")
        keywords.setdefault(name, set()).add(value)
    return MappingProxyType({name: frozenset(values) for name, values in keywords.items()})


def relevance(index, positions, interpretation):
    """Per document (at ``positions``): the sum over the concepts of their best matching
    alternative's score, plus the boosts it has, as search.interpretation defines it.

    Driven by the postings, not the documents: a rare word costs only its few documents.
    """
    wanted = set(positions)
    totals = {}
    for alternative in interpretation.boosts:
        for position, score in _alternative_scores(index, alternative, wanted):
            totals[position] = totals.get(position, 0.0) + score
    for concept in interpretation.concepts:
        tiered = set(concept.strong) if interpretation.tiered and not concept.generic else set()
        best = {}
        for alternative in concept.matching:
            bonus = STRICT_TIER if alternative in tiered else 0.0
            for position, score in _alternative_scores(index, alternative, wanted):
                if score + bonus > best.get(position, 0.0):
                    best[position] = score + bonus
        for position, score in best.items():
            totals[position] = totals.get(position, 0.0) + score
    return [totals.get(position, 0.0) for position in positions]


def _alternative_scores(index, alternative, wanted):
    """(position, score) where the alternative matches, among the ``wanted`` positions."""
    weight = alternative.weight
    if alternative.keyword:
        score = weight * KEYWORD_SCORE
        found = snapshot.positions(index.value(*alternative.keyword))
        return ((position, score) for position in found if position in wanted)
    postings = [index.postings(term) for term in alternative.terms]
    if len(postings) == 1:
        return (
            (position, weight * score)
            for position, score in postings[0].totals.items()
            if position in wanted
        )
    weight /= len(postings)  # its terms' mean: words found apart are no better than one
    found = snapshot.positions(index.matching(alternative))
    return (
        (position, weight * sum(term.totals[position] for term in postings))
        for position in found
        if position in wanted
    )


def boost_scores(index, boost):
    """position → what the boost adds to its score: BOOST_SCORE per boosted facet it has."""
    added = {}
    for facet, values in boost.items():
        for position in snapshot.positions(index.any_value(facet, values)):
            added[position] = added.get(position, 0.0) + BOOST_SCORE
    return added


def _near_in_length(vocabulary, word):
    limit = allowed_distance(word)
    return [w for w in vocabulary if abs(len(w) - len(word)) <= limit]


def _hit(entry, terms, illustrative=False):
    return Hit(
        key=entry.key,
        kind=entry.kind,
        title=entry.title,
        url=entry.url,
        summary=entry.summary,
        municipality=entry.municipality,
        forms=tuple(entry.forms),
        strategies=tuple(entry.strategies),
        published=entry.published,
        highlight=highlight(entry.text, terms) if terms else "",
        illustrative=illustrative,
    )


def facet_counts(index, query, found):
    """Counts per facet value over the documents matching every *other* facet's selection.

    Facets without a selection all count within the documents that match every filter; a
    facet with a selection counts within those matching the others. Values that would give
    no results are left out, unless they are selected.
    """
    labels = facet_labels()
    everything_selected = index.all_selected(query.filters, found)
    counts = {}
    for facet in FACETS:
        within = everything_selected
        if facet.name in query.filters:
            others = {name: values for name, values in query.filters.items() if name != facet.name}
            within = index.all_selected(others, found)
        selected = query.selected(facet.name)
        counts[facet.name] = [
            FacetCount(value, keep_label(label), count, value in selected)
            for value, label in labels[facet.name].items()
            if (count := (index.value(facet.name, value) & within).bit_count()) or value in selected
        ]
    return MappingProxyType(counts)
