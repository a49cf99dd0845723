"""The passage shown under a result: the text around the first match, matches in <mark>.

Both backends highlight the same stored text with the same terms (the interpretation's),
so both show the same snippet. A word is marked when its analysed term is one the query
looked for, or when one of its compound parts is ("bad" marks "buitenzwembad").
"""

import functools
import html
import re

from .analysis import STOP_WORDS, stem, words
from .compounds import parts

SNIPPET_WORDS = 30


def highlight(text, wanted):
    """A short, HTML-escaped passage of ``text``; words matching ``wanted`` terms in <mark>."""
    tokens = re.findall(r"\w+|\W+", text or "")
    word_positions = [
        i for i, token in enumerate(tokens) if token[:1].isalnum() or token[:1] == "_"
    ]
    # Only the first match places the passage: the words after it need no analysis.
    first = next((n for n, i in enumerate(word_positions) if _terms_of(tokens[i]) & wanted), None)
    start_word = max(0, first - 8) if first is not None else 0
    chosen = word_positions[start_word : start_word + SNIPPET_WORDS]
    if not chosen:
        return ""
    marked = []
    for token in tokens[chosen[0] : chosen[-1] + 1]:
        escaped = html.escape(token)
        marked.append(f"<mark>{escaped}</mark>" if _terms_of(token) & wanted else escaped)
    # The ellipses say that words were left out, not punctuation before the first word.
    prefix = "… " if chosen[0] > word_positions[0] else ""
    suffix = " …" if chosen[-1] < word_positions[-1] else ""
    return prefix + "".join(marked) + suffix


@functools.lru_cache(maxsize=100_000)  # the same words recur in every text
def _terms_of(token):
    """The analysed term of a word and of its compound parts."""
    folded = words(token)
    if not folded or folded[0] in STOP_WORDS:
        return frozenset()
    return frozenset({stem(folded[0]), *(stem(part) for part in parts(folded[0]))})
