"""The embedded default: search on the project's own database (SQLite or PostgreSQL).

Each published page is one IndexEntry row holding its analysed terms (search.analysis). SQL
narrows the rows down to those containing every clause of the query; scoring, filters and
facet counts then run over those rows, which keeps both databases exactly alike.
"""

import functools
import math
from collections import Counter
from functools import reduce
from operator import or_
from types import MappingProxyType

from django.db import transaction
from django.db.models import Q

from ..analysis import terms as analyse
from ..documents import SearchDocument
from ..facets import FACETS, PRACTICE
from ..models import IndexEntry
from ..query import NEWEST, FacetCount, Hit, SearchResult
from ..similar import taxonomy_overlap
from ..text_query import highlight
from .base import SearchBackend, facet_labels

TERM_FIELDS = {name: f"{name}_terms" for name in SearchDocument.WEIGHTS}
BOOST_FACTOR = 1.5


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, clauses):
        rows = self._candidates(query, clauses)
        keyword_sets = {row["key"]: cached_keywords(row["keywords"]) for row in rows}
        matching = [row for row in rows if matches(keyword_sets[row["key"]], query.filters)]
        ranked = self._rank(matching, keyword_sets, query, clauses)
        first = (query.page - 1) * query.per_page
        page_keys = [row["key"] for row in ranked[first : first + query.per_page]]
        return SearchResult(
            query=query,
            hits=tuple(self._hits(page_keys, clauses)),
            total=len(matching),
            facets=facet_counts(query, list(keyword_sets.values())),
            engine=self.name,
        )

    def _candidates(self, query, clauses):
        entries = IndexEntry.objects.all()
        for clause in clauses:
            entries = entries.filter(
                reduce(or_, (_all_terms(alternative) for alternative in clause.alternatives))
            )
        if query.year_from is not None:
            entries = entries.filter(start_year__gte=query.year_from)
        if query.year_to is not None:
            entries = entries.filter(start_year__lte=query.year_to)
        fields = ["key", "keywords", "published", "title"]
        if clauses and query.sort != NEWEST:
            fields += TERM_FIELDS.values()  # only relevance needs the analysed text
        return list(entries.values(*fields))

    def _rank(self, rows, keyword_sets, query, clauses):
        if query.sort == NEWEST or not clauses:
            newest = sorted(rows, key=lambda row: row["title"])
            return sorted(newest, key=lambda row: _timestamp(row["published"]), reverse=True)
        scored = []
        for row in rows:
            score = relevance(row, clauses)
            if matches_any(keyword_sets[row["key"]], query.boost):
                score *= BOOST_FACTOR
            scored.append((score, _timestamp(row["published"]), row))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]["title"]))
        return [row for _, _, row in scored]

    def _hits(self, keys, clauses):
        entries = IndexEntry.objects.in_bulk(keys)
        return [_hit(entries[key], clauses) for key in keys if key in entries]

    @transaction.atomic
    def index(self, documents):
        written = 0
        for document in documents:
            IndexEntry.objects.update_or_create(key=document.key, defaults=entry_fields(document))
            written += 1
        return written

    def delete(self, keys):
        IndexEntry.objects.filter(key__in=list(keys)).delete()

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
        target = IndexEntry.objects.filter(key=key).values_list("keywords", flat=True).first()
        if target is None:
            return []
        wanted = cached_keywords(target)
        rows = (
            IndexEntry.objects.filter(kind=PRACTICE)
            .exclude(key__in=[key, *exclude])
            .values("key", "keywords", "published", "title")
        )
        scored = [(taxonomy_overlap(wanted, cached_keywords(row["keywords"])), row) for row in rows]
        scored = [(score, row) for score, row in scored if score > 0]
        scored.sort(
            key=lambda item: (-item[0], -_timestamp(item[1]["published"]), item[1]["title"])
        )
        return self._hits([row["key"] for _, row in scored[:limit]], ())


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
        **{TERM_FIELDS[name]: terms for name, terms in analysed.items()},
    }


def _padded(items):
    return " " + " ".join(items) + " "


def _all_terms(alternative):
    return reduce(
        lambda q, term: q & Q(all_terms__contains=f" {term} "),
        alternative[1:],
        Q(all_terms__contains=f" {alternative[0]} "),
    )


@functools.lru_cache(maxsize=200_000)
def cached_keywords(text):
    # Rows are read on every search; their keyword strings change only when re-indexed.
    return parse_keywords(text)


def parse_keywords(text):
    keywords = {}
    for item in text.split():
        name, _, value = item.partition(":")
        keywords.setdefault(name, set()).add(value)
    return MappingProxyType({name: frozenset(values) for name, values in keywords.items()})


def matches(keywords, filters):
    return all(keywords.get(name, frozenset()) & values for name, values in filters.items())


def matches_any(keywords, boost):
    return any(keywords.get(name, frozenset()) & values for name, values in boost.items())


def relevance(row, clauses):
    """Weighted, dampened term frequency of the best alternative of every clause."""
    score = 0.0
    for clause in clauses:
        score += max(_alternative_score(row, alternative) for alternative in clause.alternatives)
    return score


def _alternative_score(row, alternative):
    total = 0.0
    for name, weight in SearchDocument.WEIGHTS.items():
        text = row[TERM_FIELDS[name]]
        for term in alternative:
            count = text.count(f" {term} ")
            if count:
                total += weight * (1 + math.log(count))
    return total / len(alternative)


def _timestamp(value):
    return value.timestamp() if value else 0.0


def _hit(entry, clauses):
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
        highlight=highlight(entry.text, clauses) if clauses else "",
    )


def facet_counts(query, keyword_sets):
    """Counts per facet value over the documents matching every *other* facet's selection.

    Facets without a selection share one pass over the documents that match all filters; each
    facet with a selection gets its own pass without it. Values that would give no results are
    left out, unless they are selected.
    """
    labels = facet_labels()
    counters = {facet.name: Counter() for facet in FACETS}
    unselected = [facet.name for facet in FACETS if facet.name not in query.filters]
    for keywords in keyword_sets:
        if matches(keywords, query.filters):
            for name in unselected:
                counters[name].update(keywords.get(name, ()))
    for name in query.filters:
        others = {other: values for other, values in query.filters.items() if other != name}
        for keywords in keyword_sets:
            if matches(keywords, others):
                counters[name].update(keywords.get(name, ()))
    counts = {}
    for facet in FACETS:
        counter, selected = counters[facet.name], query.selected(facet.name)
        counts[facet.name] = [
            FacetCount(value, str(label), counter[value], value in selected)
            for value, label in labels[facet.name].items()
            if counter[value] or value in selected
        ]
    return MappingProxyType(counts)
