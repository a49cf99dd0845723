"""What one engine index holds: its analysis, its explicit mapping, and a document's source."""

import copy

from ...analysis import ANALYZER_SETTINGS
from ...documents import SearchDocument
from ...facets import FACETS

# Type-ahead: titles are also indexed as word prefixes ("zwem" → "Zwembad"), split and folded
# like the Dutch text but not stemmed. Typed words longer than the longest prefix are cut to it.
PREFIX_MAX = 20
_TYPE_AHEAD = {
    "filter": {
        "title_prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": PREFIX_MAX},
        "title_prefix_length": {"type": "truncate", "length": PREFIX_MAX},
    },
    "analyzer": {
        "title_prefix": {
            "type": "custom",
            "tokenizer": "words",
            "filter": ["lowercase", "asciifolding", "title_prefixes"],
        },
        "title_prefix_search": {
            "type": "custom",
            "tokenizer": "words",
            "filter": ["lowercase", "asciifolding", "title_prefix_length"],
        },
    },
}

DUTCH = {"type": "text", "analyzer": "dutch_text"}
# Shown on a result card, never searched: kept in _source only.
DISPLAY = {"type": "keyword", "index": False, "doc_values": False}

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "fingerprint": {"type": "keyword"},
        "page_id": {"type": "integer"},
        "kind": {"type": "keyword"},
        "title": {
            **DUTCH,
            "fields": {
                "sort": {"type": "keyword"},
                "prefix": {
                    "type": "text",
                    "analyzer": "title_prefix",
                    "search_analyzer": "title_prefix_search",
                },
            },
        },
        # The searchable text fields, the same ones (and weights) as the database backend.
        **{name: DUTCH for name in SearchDocument.WEIGHTS if name != "title"},
        "keywords": {
            "properties": {facet.name: {"type": "keyword"} for facet in FACETS},
        },
        "published": {"type": "date"},
        "start_year": {"type": "integer"},
        "url": DISPLAY,
        "forms": DISPLAY,
        "strategies": DISPLAY,
        # Summary and body as plain text, for the shared highlighter (search.text_query).
        "text": {"type": "text", "index": False},
    },
}


def index_body():
    analysis = copy.deepcopy(ANALYZER_SETTINGS["analysis"])
    for part, definitions in _TYPE_AHEAD.items():
        analysis.setdefault(part, {}).update(definitions)
    return {
        "settings": {
            # One shard: a few thousand pages, and term statistics (so ranking) stay exact.
            "number_of_shards": 1,
            # A replica wherever there is a second node to hold it; none on a single node.
            "auto_expand_replicas": "0-1",
            "analysis": analysis,
        },
        "mappings": MAPPING,
    }


def source(document):
    """The indexed form of a SearchDocument; its key is the document id."""
    return {
        "key": document.key,
        "fingerprint": document.fingerprint,
        "page_id": document.page_id,
        "kind": document.kind,
        **document.text_fields(),
        "keywords": {name: list(values) for name, values in document.keywords.items()},
        "published": document.published.isoformat() if document.published else None,
        "start_year": document.start_year,
        "url": document.url,
        "forms": list(document.forms),
        "strategies": list(document.strategies),
        "text": f"{document.summary} {document.body}",
    }
