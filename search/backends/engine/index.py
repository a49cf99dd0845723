"""What one engine index holds: its settings, its explicit mapping, and a document's source.

``PageDocument`` is the mapping as an elasticsearch-dsl Document (strict: a field the mapping
does not name is refused). Every text field of ``SearchDocument.WEIGHTS`` is mapped as Dutch
text, so a field added there is searchable here without a change; the fields people write
(``SearchDocument.WRITTEN``: all but ``parts``) are also copied into ``spelling``, the plain
words the term suggester corrects typos against. The bodies that create an index come from
``page_index(...).to_dict()``.
"""

from django.conf import settings as django_settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Mapping,
    MetaField,
    Object,
    Text,
)

from ...documents import SearchDocument
from ...facets import FACETS
from ...interpretation import BM25_B, BM25_K1
from .analyzers import DUTCH, SHARED, SPELLING, TITLE_PREFIX, TITLE_PREFIX_SEARCH

# The field every written word is copied into, for corrections (EngineBackend.corrections).
SPELLING_FIELD = "spelling"

SETTINGS = {
    # One shard: a few thousand pages, and term statistics (so ranking) stay exact.
    "number_of_shards": 1,
    # A replica wherever there is a second node to hold it; none on a single node (which would
    # otherwise stay yellow). SEARCH_INDEX_REPLICAS overrides it (see replica_settings).
    "auto_expand_replicas": "0-1",
    # The engine's default similarity, stated with search.interpretation's parameters (the
    # database computes the same BM25; queries.BM25_SCALE removes Lucene's constant factor).
    "similarity": {"default": {"type": "BM25", "k1": BM25_K1, "b": BM25_B}},
}


def _display():
    """Shown on a result card, never searched: kept in _source only."""
    return Keyword(index=False, doc_values=False)


def _searchable(name):
    # Only the fields people write: "parts" holds the parts of compounds ("zwem", "bad").
    copy_to = {"copy_to": SPELLING_FIELD} if name in SearchDocument.WRITTEN else {}
    if name != "title":
        return Text(analyzer=DUTCH, **copy_to)
    return Text(
        analyzer=DUTCH,
        fields={
            "sort": Keyword(),
            "prefix": Text(analyzer=TITLE_PREFIX, search_analyzer=TITLE_PREFIX_SEARCH),
        },
        **copy_to,
    )


def _searchable_text():
    """The searchable text fields: one per SearchDocument.WEIGHTS entry, as the database has."""
    mapping = Mapping()
    for name in SearchDocument.WEIGHTS:
        mapping.field(name, _searchable(name))
    return mapping


class PageDocument(Document):
    """One published page in the engine (its id is ``SearchDocument.key``)."""

    key = Keyword()
    fingerprint = Keyword()
    page_id = Integer()
    kind = Keyword()
    keywords = Object(properties={facet.name: Keyword() for facet in FACETS})
    published = Date()
    start_year = Integer()
    url = _display()
    forms = _display()
    strategies = _display()
    illustrative = Boolean()
    # Summary and body as plain text, for the shared highlighter (search.highlight).
    text = Text(index=False)
    # Filled by copy_to only (never in _source); only its terms and their counts matter.
    spelling = Text(analyzer=SPELLING, index_options="docs", norms=False)

    class Meta:
        mapping = _searchable_text()
        dynamic = MetaField("strict")

    class Index:
        settings = SETTINGS
        # Every analyzer of search.analysis, also one that no field uses (for _analyze).
        analyzers = list(SHARED.values())


def page_index(name, alias=None, filling=False):
    """The dsl Index for an index named ``name``: ``.to_dict()`` is its creation body.

    ``alias``: created behind that alias. ``filling``: for a rebuild, no refreshes while the
    new index fills (nobody searches it before the alias swap; see management.rebuild).
    """
    index = PageDocument._index.clone(name)
    index.settings(**replica_settings())
    if alias:
        index.aliases(**{alias: {}})
    if filling:
        index.settings(refresh_interval="-1")
    return index


def replica_settings():
    """The copies of each shard on other nodes, when SEARCH_INDEX_REPLICAS sets them.

    None (the default): nothing, so SETTINGS' auto-expansion holds. A number: exactly that
    many, e.g. 1 on the three-node cluster, so that every shard survives any one lost node.
    """
    replicas = getattr(django_settings, "SEARCH_INDEX_REPLICAS", None)
    if replicas is None:
        return {}
    return {"number_of_replicas": int(replicas), "auto_expand_replicas": False}


def index_body(alias=None, filling=False):
    """The body that creates an index (the name is not part of it)."""
    return page_index("pages", alias=alias, filling=filling).to_dict()


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
        "illustrative": document.illustrative,
        "text": f"{document.summary} {document.body}",
    }
