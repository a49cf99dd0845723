"""Dutch text analysis, defined once and used by both engines.

The chain is the one Elasticsearch's analyzer applies (see ``ANALYZER_SETTINGS``): lower case,
ASCII folding ("ideeën" → "ideeen"), Dutch stop words, diminutives taken off ("tuintjes" →
"tuin"), the Snowball Dutch stemmer ("zwembaden" → "zwembad"), and last steps that even out
what that stemmer leaves of Dutch spelling: a doubled final consonant ("bussen" → "buss" →
"bus"), a doubled vowel before the last consonant ("filiaal" ~ "filialen" → "filial"), and
the f/v and s/z alternation ("initiatieven" → "initiatiev" → "initiatief"). The database
backend runs the same chain in Python, so both engines see the same terms.
"""

import functools
import re
import threading
import unicodedata
from pathlib import Path

import snowballstemmer

WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "data" / "stopwords_nl.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
# The classic Snowball Dutch stemmer, the one Lucene ships as "dutch".
# A snowball stemmer keeps the word it is working on inside itself, so two threads sharing one
# (gunicorn's threads) overwrite each other's words mid-way: one stemmer per thread.
_THREAD = threading.local()


def _stemmer():
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("dutch_porter")
    return stemmer


# Regular rewrites before and after the stemmer: (name, pattern, replacement in the engine's
# $n syntax). The same patterns run here (re) and in the engine (pattern_replace, Java regex).
BEFORE_STEMMING = (("dutch_diminutive", r"^(.{3,}?)(tjes|tje|pjes|pje|jes|je)$", "$1"),)
AFTER_STEMMING = (
    ("final_undouble_consonant", r"^(.{2,}?)([bdfgklmnprst])\2$", "$1$2"),
    ("final_undouble_vowel", r"^(.+?)([aeou])\2([^aeiouy])$", "$1$2$3"),
    ("final_v_to_f", r"^(.{3,})v$", "$1f"),
    ("final_z_to_s", r"^(.{3,})z$", "$1s"),
)


def fold(text):
    """Lower case without diacritics: "Ideeënmakelaar" → "ideeenmakelaar"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The folded words of a text, stop words included, in order."""
    return WORD.findall(fold(text or ""))


def _python_rewrites(rewrites):
    return tuple(
        (re.compile(pattern), re.sub(r"\$(\d)", r"\\\1", replacement))
        for _, pattern, replacement in rewrites
    )


_BEFORE, _AFTER = _python_rewrites(BEFORE_STEMMING), _python_rewrites(AFTER_STEMMING)


@functools.lru_cache(maxsize=200_000)
def stem(word):
    for pattern, replacement in _BEFORE:
        word = pattern.sub(replacement, word)
    stemmed = _stemmer().stemWord(word)
    for pattern, replacement in _AFTER:
        stemmed = pattern.sub(replacement, stemmed)
    return stemmed


def terms(text):
    """The index terms of a text: folded, without stop words, stemmed."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


# The same chain as an Elasticsearch/OpenSearch analyzer. The tokenizer splits words exactly as
# WORD does: the "standard" tokenizer would keep "helpen.De" (two paragraphs once the markup is
# stripped), "1.5" and "thema's" together, so the engine would miss words the database finds.
ANALYZER_SETTINGS = {
    "analysis": {
        "tokenizer": {
            "words": {"type": "pattern", "pattern": r"\W+", "flags": "UNICODE_CHARACTER_CLASS"},
        },
        "filter": {
            "dutch_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
            **{
                name: {"type": "pattern_replace", "pattern": pattern, "replacement": replacement}
                for name, pattern, replacement in (*BEFORE_STEMMING, *AFTER_STEMMING)
            },
        },
        "analyzer": {
            "dutch_text": {
                "type": "custom",
                "tokenizer": "words",
                "filter": [
                    "lowercase",
                    "asciifolding",
                    "dutch_stop",
                    *(name for name, _, _ in BEFORE_STEMMING),
                    "dutch_stemmer",
                    *(name for name, _, _ in AFTER_STEMMING),
                ],
            },
        },
    }
}
