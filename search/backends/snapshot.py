"""The database index in memory, so that a search need not read every row for every request.

A browse, a facet count or a broad text query touches every IndexEntry: reading 10,000 rows
and parsing their keywords took most of a request. Each process therefore keeps one snapshot
of the index, in which documents are numbered newest first and any set of documents is a
Python int with one bit per document (a bitset): a facet filter is an AND, a facet count a
``bit_count()``, and a page of the newest documents the lowest set bits.

A snapshot is only used while IndexVersion's token is the one it was read under. Every write
to IndexEntry renews that token in the same transaction, so each search costs one tiny query
to know the copy is current, in every gunicorn worker and test alike.
"""

import bisect
import itertools
import math
import re
from types import MappingProxyType

from ..documents import SearchDocument
from ..models import IndexEntry, IndexVersion

TERM_FIELDS = tuple(f"{name}_terms" for name in SearchDocument.WEIGHTS)
FIELD_WEIGHTS = tuple(SearchDocument.WEIGHTS.values())
COLUMNS = ("key", "keywords", "published", "title", "start_year", "all_terms", *TERM_FIELDS)
# Postings kept per snapshot, counted in documents (about 250 bytes each): some 50 MB at most,
# then they are all dropped. A term in every one of 10,000 documents counts 10,000.
CACHED_POSTINGS = 200_000
SET_BIT = re.compile("1")
BIT_VALUES = bytes.maketrans(b"01", b"\x00\x01")

_current = None  # (token, Snapshot); replaced in one assignment, so threads need no lock


def current():
    """The snapshot of the index as this connection sees it now."""
    global _current
    token = IndexVersion.current()
    cached = _current
    if token is not None and cached is not None and cached[0] == token:
        return cached[1]
    snapshot = Snapshot(IndexEntry.objects.values(*COLUMNS))
    # Cached only when no write came in between the reads: it then holds the rows of `token`.
    if token is not None and IndexVersion.current() == token:
        _current = (token, snapshot)
    return snapshot


class TermPostings:
    """Where one analysed term occurs, and what it adds to each document's relevance."""

    def __init__(self, documents, term):
        pattern = f" {term} "
        # Per document, weight × (1 + log(count)) for each field, in SearchDocument.WEIGHTS'
        # order: added up in that order, they give exactly the scores of row-by-row scoring.
        self.contributions = {}
        self.totals = {}
        for position in documents.with_pattern(pattern):
            counts = (field.count(pattern) for field in documents.fields[position])
            parts = tuple(
                weight * (1 + math.log(count)) if count else 0.0
                for weight, count in zip(FIELD_WEIGHTS, counts, strict=True)
            )
            total = 0.0
            for part in parts:  # not sum(): the same additions, in the same order, as ever
                total += part
            self.contributions[position], self.totals[position] = parts, total
        self.bits = bitset(self.contributions, len(documents.keys))


class Snapshot:
    def __init__(self, rows):
        rows = sorted(rows, key=_newest_first)
        self.keys = [row["key"] for row in rows]
        self.positions = {key: position for position, key in enumerate(self.keys)}
        self.keywords = [row["keywords"] for row in rows]
        self.everything = (1 << len(rows)) - 1
        # Every document's terms in one string: a new term costs one fast scan, not 10,000.
        self._all_terms = "\n".join(row["all_terms"] for row in rows)
        self._starts = list(
            itertools.accumulate((len(row["all_terms"]) + 1 for row in rows), initial=0)
        )
        self.fields = [tuple(row[name] for name in TERM_FIELDS) for row in rows]
        self._start_years = [row["start_year"] for row in rows]
        self._values = _value_bits(self.keywords)
        self._postings = {}
        self._postings_size = 0

    def value(self, facet, value):
        """The documents with this facet value."""
        return self._values.get(facet, {}).get(value, 0)

    def any_value(self, facet, values):
        """The documents with at least one of these values of one facet."""
        bits = 0
        for value in values:
            bits |= self.value(facet, value)
        return bits

    def any_selected(self, selection):
        """The documents with any of the values of any facet (a boost)."""
        bits = 0
        for facet, values in selection.items():
            bits |= self.any_value(facet, values)
        return bits

    def all_selected(self, selection, within):
        """The documents among ``within`` matching every facet (values within one OR-ed)."""
        for facet, values in selection.items():
            within &= self.any_value(facet, values)
        return within

    def started(self, year_from, year_to):
        if year_from is None and year_to is None:
            return self.everything
        return bitset(
            (
                position
                for position, year in enumerate(self._start_years)
                if year is not None
                and (year_from is None or year >= year_from)
                and (year_to is None or year <= year_to)
            ),
            len(self.keys),
        )

    def with_pattern(self, pattern):
        """The positions of the documents whose terms contain ``pattern`` (' term ')."""
        found = []
        start = self._all_terms.find(pattern)
        while start != -1:
            position = bisect.bisect_right(self._starts, start) - 1
            found.append(position)
            start = self._all_terms.find(pattern, self._starts[position + 1])
        return found

    def postings(self, term):
        found = self._postings.get(term)
        if found is None:
            found = TermPostings(self, term)
            self._postings_size += 1 + len(found.totals)
            if self._postings_size > CACHED_POSTINGS:
                self._postings.clear()
                self._postings_size = 1 + len(found.totals)
            self._postings[term] = found
        return found

    def containing(self, clauses):
        """The documents with, for every clause, all terms of one of its alternatives."""
        bits = self.everything
        for clause in clauses:
            either = 0
            for alternative in clause.alternatives:
                every = self.everything
                for term in alternative:
                    every &= self.postings(term).bits
                either |= every
            bits &= either
        return bits


def positions(bits, limit=None):
    """The numbers of the set bits, lowest first (at most ``limit`` of them)."""
    text = format(bits, "b")[::-1]  # character i is bit i
    if bits.bit_count() * 16 < len(text):  # few: jump from one set bit to the next
        found = (match.start() for match in SET_BIT.finditer(text))
    else:  # many: let compress() pick them out in C
        found = itertools.compress(itertools.count(), text.encode().translate(BIT_VALUES))
    return list(itertools.islice(found, limit))


def bitset(numbers, size):
    data = bytearray((size + 7) // 8)
    for number in numbers:
        data[number >> 3] |= 1 << (number & 7)
    return int.from_bytes(data, "little")


def _newest_first(row):
    # The order of "newest first": publication time, then title; the key breaks a full tie.
    published = row["published"].timestamp() if row["published"] else 0.0
    return (-published, row["title"], row["key"])


def _value_bits(keyword_texts):
    """facet → value → the documents having it, from ' facet:value facet:value ' strings."""
    numbers = {}  # "facet:value" → positions; split once per distinct item, not per document
    for position, text in enumerate(keyword_texts):
        for item in text.split():
            numbers.setdefault(item, []).append(position)
    bits = {}
    for item, found in numbers.items():
        facet, _, value = item.partition(":")
        bits.setdefault(facet, {})[value] = bitset(found, len(keyword_texts))
    return MappingProxyType(bits)
