"""What a typed query asks for, as clauses of alternatives, with synonyms expanded.

"bewonersinitiatief in de wijk" becomes two clauses: (bewonersinitiatief | burgerinitiatief |
maatschappelijk initiatief) and (wijk | buurt). A document matches when every clause matches;
a clause matches when all terms of one of its alternatives occur. Both engines use this.
"""

import functools
import html
import re
from dataclasses import dataclass

from .analysis import STOP_WORDS, stem, terms, words


@dataclass(frozen=True)
class Clause:
    alternatives: tuple  # of tuples of terms

    @property
    def terms(self):
        return {term for alternative in self.alternatives for term in alternative}


def synonym_sets():
    """Each editable synonym group as a list of term tuples, longest first."""
    from .models import SynonymGroup

    groups = []
    for group in SynonymGroup.objects.all():
        members = {tuple(terms(member)) for member in group.term_list}
        groups.append(sorted((m for m in members if m), key=len, reverse=True))
    return groups


def parse(text, groups=None):
    """The clauses of a query text."""
    groups = synonym_sets() if groups is None else groups
    query_terms = terms(text)
    clauses, position = [], 0
    while position < len(query_terms):
        group, length = _synonym_at(query_terms, position, groups)
        if group:
            clauses.append(Clause(tuple(group)))
            position += length
        else:
            clauses.append(Clause(((query_terms[position],),)))
            position += 1
    return tuple(clauses)


def _synonym_at(query_terms, position, groups):
    best, best_length = None, 0
    for group in groups:
        for member in group:
            length = len(member)
            if length > best_length and tuple(query_terms[position : position + length]) == member:
                best, best_length = group, length
    return best, best_length


SNIPPET_WORDS = 30


def highlight(text, clauses):
    """A short, HTML-escaped passage of the text around the first match, matches in <mark>."""
    wanted = set().union(*(clause.terms for clause in clauses)) if clauses else set()
    tokens = re.findall(r"\w+|\W+", text or "")
    word_positions = [
        i for i, token in enumerate(tokens) if token[:1].isalnum() or token[:1] == "_"
    ]
    # Only the first match places the passage: the words after it need no analysis.
    first = next((n for n, i in enumerate(word_positions) if _term_of(tokens[i]) in wanted), None)
    start_word = max(0, first - 8) if first is not None else 0
    chosen = word_positions[start_word : start_word + SNIPPET_WORDS]
    if not chosen:
        return ""
    parts = []
    for token in tokens[chosen[0] : chosen[-1] + 1]:
        escaped = html.escape(token)
        parts.append(f"<mark>{escaped}</mark>" if _term_of(token) in wanted else escaped)
    prefix = "… " if chosen[0] > 0 else ""
    suffix = " …" if chosen[-1] < word_positions[-1] else ""
    return prefix + "".join(parts) + suffix


@functools.lru_cache(maxsize=100_000)  # the same words recur in every text
def _term_of(token):
    folded = words(token)
    if not folded or folded[0] in STOP_WORDS:
        return None
    return stem(folded[0])
