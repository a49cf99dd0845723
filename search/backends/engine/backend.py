"""The search engine backend: OpenSearch or Elasticsearch 8, through client.py's transport.

It gives the same SearchResult, Hit and FacetCount as the database backend: the same facet
labels and order (``facet_labels()``), zero counts hidden unless selected, highlights from the
same ``search.highlight.highlight`` over the same stored text with the interpretation's terms
(so both engines show identical snippets), and typo corrections chosen by the same rule
(``search.understanding.nearest``). When the engine is down or too slow, or its index is
missing, every method raises EngineUnavailable; search.service then answers from the database.
"""

import time
from datetime import datetime
from types import MappingProxyType

from practices.taxonomy.labels import keep_label

from ...facets import FACETS
from ...highlight import highlight
from ...interpretation import NOTHING
from ...query import FacetCount, Hit, SearchResult
from ...understanding import allowed_distance, nearest
from ..base import SearchBackend, facet_labels
from . import management, queries
from .client import get_client

SHARES_SECONDS = 60
MAX_SHARES = 10_000
_shares = {}  # (alias, term) → (share of documents, when it was read)
_corrected = {}  # (alias, word) → (nearest indexed words, when they were read)


def _fresh(cache, alias, key, now):
    cached = cache.get((alias, key))
    return cached is not None and now - cached[1] < SHARES_SECONDS


def _bounded(cache):
    if len(cache) > MAX_SHARES:
        cache.clear()


class EngineBackend(SearchBackend):
    name = "engine"

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        """The transport (client.Transport), chosen on first use."""
        if self._client is None:
            self._client = get_client()
        return self._client

    # Searching --------------------------------------------------------------------------
    def search(self, query, interpretation):
        labels = facet_labels()
        alias = management.alias_name()
        hits, counts = self.client.msearch(
            alias,
            [
                ({}, queries.hits_body(query, interpretation)),
                (queries.CACHED, queries.facets_body(query, interpretation, labels)),
            ],
        )
        if not queries.complete_counts(counts.get("aggregations", {})):
            # A facet field holds more values than FACET_ROOM: count the labelled ones.
            body = queries.facets_body(query, interpretation, labels, include=True)
            (counts,) = self.client.msearch(alias, [({}, body)])
        buckets = queries.facet_buckets(counts.get("aggregations", {}))
        terms = interpretation.text_terms
        return SearchResult(
            query=query,
            hits=tuple(_hit(item, terms) for item in hits["hits"]["hits"]),
            total=counts["hits"]["total"]["value"],
            facets=_facet_counts(query, buckets, labels),
            engine=self.name,
            interpretation=interpretation,
            strict_total=queries.strict_total(counts),
        )

    def count(self, query, interpretation):
        response = self.client.search(
            management.alias_name(), queries.count_body(query, interpretation)
        )
        return response["hits"]["total"]["value"]

    def document_shares(self, terms):
        """As the database's; a term's share is kept SHARES_SECONDS (it moves slowly, and
        asking costs a round trip on every query)."""
        alias, now = management.alias_name(), time.monotonic()
        found = {t: _shares[(alias, t)][0] for t in terms if _fresh(_shares, alias, t, now)}
        missing = [term for term in terms if term not in found]
        if missing:
            response = self.client.search(alias, queries.shares_body(missing))
            for term, share in queries.shares(response, missing).items():
                found[term] = share
                _shares[(alias, term)] = (share, now)
            _bounded(_shares)
        return found

    def corrections(self, words):
        """For each typed (folded) word not in the index: the indexed words nearest to it.

        {word: [candidate, ...]}, nearest first (then the most used); words that are in the
        index, that are too short to correct or that have no near word are left out. An
        answer is kept SHARES_SECONDS, as a term's share is.
        """
        alias, now = management.alias_name(), time.monotonic()
        wanted = [word for word in dict.fromkeys(words) if allowed_distance(word)]
        known = {w: _corrected[(alias, w)][0] for w in wanted if _fresh(_corrected, alias, w, now)}
        missing = [word for word in wanted if word not in known]
        if missing:
            response = self.client.search(alias, queries.corrections_body(missing))
            options = queries.suggested(response, missing)
            for word in missing:
                found = options.get(word, [])
                known[word] = nearest(word, [text for text, _ in found], dict(found))
                _corrected[(alias, word)] = (known[word], now)
            _bounded(_corrected)
        return {word: near for word, near in known.items() if near}

    def suggest(self, prefix, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        response = self.client.search(management.alias_name(), queries.suggest_body(prefix, limit))
        return [item["_source"]["title"] for item in response["hits"]["hits"]]

    def similar(self, key, limit, exclude=()):
        alias = management.alias_name()
        if not self.client.exists(alias, key):
            return []
        response = self.client.search(alias, queries.similar_body(key, alias, limit, exclude))
        return [_hit(item, NOTHING.text_terms) for item in response["hits"]["hits"]]

    # Keeping the index true -------------------------------------------------------------
    def index(self, documents):
        alias = management.ensure_index(self.client)
        return self.client.bulk(
            management.bulk_actions(documents, alias),
            chunk_size=management.CHUNK_SIZE,
            refresh=True,  # a publish shows up in the very next search
        )

    def delete(self, keys):
        alias = management.alias_name()
        if not self.client.exists_alias(alias):
            return
        self.client.bulk(
            ({"_op_type": "delete", "_index": alias, "_id": key} for key in keys),
            chunk_size=management.CHUNK_SIZE,
            refresh=True,
            ignore_status=(404,),  # unknown keys are ignored
        )

    def indexed_fingerprints(self):
        alias = management.alias_name()
        if not self.client.exists_alias(alias):
            return {}
        return {
            item["_id"]: item["_source"]["fingerprint"]
            for item in self.client.scan(alias, {"_source": ["fingerprint"]})
        }

    def outdated_fields(self):
        """Fields the code maps that the live index lacks: reconcile rebuilds it then."""
        return management.outdated_fields(self.client)

    def rebuild(self, documents, progress=None):
        """A complete new index swapped in behind the alias (zero downtime)."""
        return management.rebuild(self.client, documents, progress)

    def health(self):
        """What the engine says about itself and the index; raises EngineUnavailable when down."""
        alias = management.alias_name()
        info = self.client.info()
        cluster = self.client.cluster_health()
        indices = management.aliased_indices(self.client)
        count = self.client.count(alias) if indices else None
        return {
            "distribution": info["version"].get("distribution", "elasticsearch"),
            "version": info["version"]["number"],
            "status": cluster["status"],
            "alias": alias,
            "indices": indices,
            "documents": count,
        }


def _hit(item, terms):
    fields = item["_source"]
    published = fields.get("published")
    return Hit(
        key=fields["key"],
        kind=fields["kind"],
        title=fields["title"],
        url=fields["url"],
        summary=fields["summary"],
        municipality=fields["municipality"],
        forms=tuple(fields["forms"]),
        strategies=tuple(fields["strategies"]),
        published=datetime.fromisoformat(published) if published else None,
        highlight=highlight(fields["text"], terms) if terms else "",
        score=item.get("_score") or 0.0,
        illustrative=fields.get("illustrative", False),
    )


def _facet_counts(query, buckets_by_facet, labels):
    counts = {}
    for facet in FACETS:
        buckets = buckets_by_facet.get(facet.name, {}).get("buckets", [])
        found = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        selected = query.selected(facet.name)
        counts[facet.name] = [
            FacetCount(value, keep_label(label), found.get(value, 0), value in selected)
            for value, label in labels[facet.name].items()
            if found.get(value) or value in selected
        ]
    return MappingProxyType(counts)
