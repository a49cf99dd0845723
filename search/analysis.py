"""Dutch text analysis, defined once and used by both engines.

The chain is the one Elasticsearch's analyzer applies (see ``ANALYZER_SETTINGS``): lower case,
ASCII folding ("ideeën" → "ideeen"), Dutch stop words, the Snowball Dutch stemmer
("zwembaden" → "zwembad"), and a last step that evens out the Dutch f/v and s/z alternation
the stemmer leaves ("initiatieven" → "initiatiev" → "initiatief"). The database backend runs
the same chain in Python, so both engines see the same terms.
"""

import functools
import re
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
_STEMMER = snowballstemmer.stemmer("dutch_porter")
FINAL_ALTERNATION = (("v", "f"), ("z", "s"))


def fold(text):
    """Lower case without diacritics: "Ideeënmakelaar" → "ideeenmakelaar"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The folded words of a text, stop words included, in order."""
    return WORD.findall(fold(text or ""))


@functools.lru_cache(maxsize=200_000)
def stem(word):
    stemmed = _STEMMER.stemWord(word)
    for ending, replacement in FINAL_ALTERNATION:
        if stemmed.endswith(ending) and len(stemmed) > 3:
            return stemmed[:-1] + replacement
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
            "final_v_to_f": {
                "type": "pattern_replace",
                "pattern": "^(.{3,})v$",
                "replacement": "$1f",
            },
            "final_z_to_s": {
                "type": "pattern_replace",
                "pattern": "^(.{3,})z$",
                "replacement": "$1s",
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
                    "dutch_stemmer",
                    "final_v_to_f",
                    "final_z_to_s",
                ],
            },
        },
    }
}
