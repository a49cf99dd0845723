"""The engine's analyzers, as elasticsearch-dsl objects.

The Dutch chain is defined once, as data, in ``search.analysis.ANALYZER_SETTINGS`` (the
database backend runs the same chain in Python); ``from_settings`` turns that data into dsl
analyzers, so nothing is written twice. The stop words stay in the shared file that
search.analysis reads. On top of that, what only the engine needs: the type-ahead prefixes of
titles and the ``spelling`` field's analyzer, all on the same ``words`` tokenizer.
"""

from elasticsearch_dsl import analyzer, char_filter, token_filter, tokenizer

from ...analysis import ANALYZER_SETTINGS

PREFIX_MAX = 20  # the longest title prefix indexed; longer typed words are cut to it


def from_settings(analysis):
    """(analyzers, tokenizers) by name, as dsl objects, from an index's "analysis" settings.

    Each analyzer refers to its custom tokenizer, character and token filters as objects, so
    an index that uses the analyzer carries their definitions with it.
    """
    tokenizers = {
        name: tokenizer(name, **spec) for name, spec in analysis.get("tokenizer", {}).items()
    }
    char_filters = {
        name: char_filter(name, **spec) for name, spec in analysis.get("char_filter", {}).items()
    }
    filters = {
        name: token_filter(name, **spec) for name, spec in analysis.get("filter", {}).items()
    }
    analyzers = {}
    for name, spec in analysis.get("analyzer", {}).items():
        spec = dict(spec)
        if "tokenizer" in spec:
            spec["tokenizer"] = tokenizers.get(spec["tokenizer"], spec["tokenizer"])
        if "char_filter" in spec:
            spec["char_filter"] = [char_filters.get(item, item) for item in spec["char_filter"]]
        if "filter" in spec:
            spec["filter"] = [filters.get(item, item) for item in spec["filter"]]
        analyzers[name] = analyzer(name, **spec)
    return analyzers, tokenizers


SHARED, _TOKENIZERS = from_settings(ANALYZER_SETTINGS["analysis"])
# Lower case, ASCII folding, Dutch stop words, Dutch stemmer: every searchable text field.
DUTCH = SHARED["dutch_text"]
# Splits words exactly as search.analysis.WORD does (see the comment there).
WORDS = _TOKENIZERS["words"]

# Type-ahead: titles are also indexed as word prefixes ("zwem" → "Zwembad"), split and folded
# like the Dutch text but not stemmed.
TITLE_PREFIX = analyzer(
    "title_prefix",
    tokenizer=WORDS,
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("title_prefixes", "edge_ngram", min_gram=1, max_gram=PREFIX_MAX),
    ],
)
TITLE_PREFIX_SEARCH = analyzer(
    "title_prefix_search",
    tokenizer=WORDS,
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("title_prefix_length", "truncate", length=PREFIX_MAX),
    ],
)

# The words as written, only split and folded (no stop words, no stemming): what the term
# suggester compares a typed word with ("zwembd" → "zwembad"), so corrections are real words.
SPELLING = analyzer("spelling", tokenizer=WORDS, filter=["lowercase", "asciifolding"])
