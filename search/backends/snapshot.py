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
import contextlib
import contextvars
import functools
import itertools
import math
import re
from collections import Counter
from types import MappingProxyType

from ..documents import SearchDocument
from ..interpretation import BM25_B, BM25_K1
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
# Within pinned(): the one snapshot every search of the block reads.
_pinned = contextvars.ContextVar("pinned_snapshot", default=None)


@contextlib.contextmanager
def pinned():
    """Every search inside the block reads one snapshot, taken at its first search.

    For a page that asks many questions of the index ("what works"): its numbers come from
    one state of the index, and the index version is read once, not once per question.
    """
    reset = _pinned.set([])
    try:
        yield
    finally:
        _pinned.reset(reset)


def current():
    """The snapshot of the index as this connection sees it now (or as pinned())."""
    held = _pinned.get()
    if held is None:
        return _read_current()
    if not held:
        held.append(_read_current())
    return held[0]


def _read_current():
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
    """Where one analysed term occurs, and its BM25 score in each document.

    The score is the engine's: per text field, BM25 (Lucene's formula, k1 and b from
    search.interpretation) with that field's own document frequency and average length,
    times the field's weight, summed over the fields.
    """

    def __init__(self, documents, term):
        pattern = f" {term} "
        found = documents.with_pattern(pattern)
        counts = {
            position: [field.count(pattern) for field in documents.fields[position]]
            for position in found
        }
        idf = [
            documents.idf(number, sum(1 for c in counts.values() if c[number]))
            for number in range(len(FIELD_WEIGHTS))
        ]
        self.totals = {}
        for position, field_counts in counts.items():
            total = 0.0
            for number, count in enumerate(field_counts):
                if count:
                    norm = documents.norm(number, position)
                    total += FIELD_WEIGHTS[number] * idf[number] * count / (count + norm)
            self.totals[position] = total
        self.bits = bitset(self.totals, len(documents.keys))


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
        # Per field: each document's length in terms, and what BM25 needs of them all.
        self._lengths = [
            [fields[number].count(" ") - 1 for fields in self.fields]
            for number in range(len(TERM_FIELDS))
        ]
        self._field_counts = [sum(1 for n in lengths if n > 0) for lengths in self._lengths]
        self._average_lengths = [
            (sum(lengths) / count) if count else 1.0
            for lengths, count in zip(self._lengths, self._field_counts, strict=True)
        ]
        self._start_years = [row["start_year"] for row in rows]
        self._values = _value_bits(self.keywords)
        self._postings = {}
        self._postings_size = 0

    def idf(self, field_number, document_frequency):
        """Lucene's BM25 idf of a term in one field."""
        count = self._field_counts[field_number]
        return math.log(1 + (count - document_frequency + 0.5) / (document_frequency + 0.5))

    def norm(self, field_number, position):
        """k1 × (1 − b + b × length / average length) of one document's field."""
        length = self._lengths[field_number][position]
        return BM25_K1 * (1 - BM25_B + BM25_B * length / self._average_lengths[field_number])

    @functools.cached_property
    def vocabulary(self):
        """Every written word in the index with the number of documents using it (for typos;
        read on the first query that needs it, once per snapshot)."""
        counts = Counter()
        for text in IndexEntry.objects.values_list("words", flat=True).iterator(chunk_size=2000):
            counts.update(text.split())
        return counts

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

    def matching(self, alternative):
        """The documents an Alternative matches: all of its terms, or its facet value."""
        if alternative.keyword:
            return self.value(*alternative.keyword)
        every = self.everything
        for term in alternative.terms:
            every &= self.postings(term).bits
        return every

    def matching_any(self, alternatives):
        either = 0
        for alternative in alternatives:
            either |= self.matching(alternative)
        return either

    def matching_at_least(self, concepts, minimum, strong=False):
        """The documents matching at least ``minimum`` of the concepts (by their strong
        alternatives only, if asked)."""
        if not concepts:
            return self.everything
        # at_least[k]: the documents matching k or more of the concepts seen so far.
        at_least = [self.everything] + [0] * minimum
        for concept in concepts:
            bits = self.matching_any(concept.strong if strong else concept.matching)
            for k in range(minimum, 0, -1):
                at_least[k] |= at_least[k - 1] & bits
        return at_least[minimum]


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
