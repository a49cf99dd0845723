"""The search engine backend (OpenSearch; Elasticsearch 8 through another client, see client.py).

It gives the same SearchResult, Hit and FacetCount as the database backend: the same facet
labels and order (``facet_labels()``), zero counts hidden unless selected, and highlights from
the same ``search.text_query.highlight`` over the same stored text, so both engines show
identical snippets. When the engine is down or too slow every method raises
EngineUnavailable; search.service then answers from the database.
"""

from contextlib import contextmanager
from datetime import datetime
from types import MappingProxyType

from opensearchpy import helpers
from opensearchpy.exceptions import NotFoundError

from ...facets import FACETS
from ...query import FacetCount, Hit, SearchResult
from ...text_query import highlight
from ..base import EngineUnavailable, SearchBackend, facet_labels
from . import management, queries
from .client import BULK_TIMEOUT, engine_errors, get_client, search_each


class EngineBackend(SearchBackend):
    name = "engine"

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = get_client()
        return self._client

    # Searching --------------------------------------------------------------------------
    def search(self, query, clauses):
        labels = facet_labels()
        alias = management.alias_name()
        with engine_errors(), _index_required():
            hits, counts = search_each(
                self.client,
                alias,
                [
                    ({}, queries.hits_body(query, clauses)),
                    (queries.CACHED, queries.facets_body(query, clauses, labels)),
                ],
            )
            if not queries.complete_counts(counts.get("aggregations", {})):
                # A facet field holds more values than FACET_ROOM: count the labelled ones.
                body = queries.facets_body(query, clauses, labels, include=True)
                (counts,) = search_each(self.client, alias, [({}, body)])
        buckets = queries.facet_buckets(counts.get("aggregations", {}))
        return SearchResult(
            query=query,
            hits=tuple(_hit(item, clauses) for item in hits["hits"]["hits"]),
            total=counts["hits"]["total"]["value"],
            facets=_facet_counts(query, buckets, labels),
            engine=self.name,
        )

    def suggest(self, prefix, limit=8):
        prefix = prefix.strip()
        if not prefix:
            return []
        with engine_errors(), _index_required():
            response = self.client.search(
                index=management.alias_name(), body=queries.suggest_body(prefix, limit)
            )
        return [item["_source"]["title"] for item in response["hits"]["hits"]]

    def similar(self, key, limit, exclude=()):
        alias = management.alias_name()
        with engine_errors(), _index_required():
            if not self.client.exists(index=alias, id=key):
                return []
            response = self.client.search(
                index=alias, body=queries.similar_body(key, alias, limit, exclude)
            )
        return [_hit(item, ()) for item in response["hits"]["hits"]]

    # Keeping the index true -------------------------------------------------------------
    def index(self, documents):
        with engine_errors():
            management.ensure_index(self.client)
            written, _ = helpers.bulk(
                self.client,
                management.bulk_actions(documents, management.alias_name()),
                chunk_size=management.CHUNK_SIZE,
                request_timeout=BULK_TIMEOUT,
                refresh=True,  # a publish shows up in the very next search
            )
        return written

    def delete(self, keys):
        actions = (
            {"_op_type": "delete", "_index": management.alias_name(), "_id": key} for key in keys
        )
        with engine_errors():
            if not self.client.indices.exists_alias(name=management.alias_name()):
                return
            helpers.bulk(
                self.client,
                actions,
                chunk_size=management.CHUNK_SIZE,
                request_timeout=BULK_TIMEOUT,
                refresh=True,
                ignore_status=(404,),  # unknown keys are ignored
            )

    def indexed_fingerprints(self):
        with engine_errors():
            if not self.client.indices.exists_alias(name=management.alias_name()):
                return {}
            return {
                item["_id"]: item["_source"]["fingerprint"]
                for item in helpers.scan(
                    self.client,
                    index=management.alias_name(),
                    query={"_source": ["fingerprint"]},
                    request_timeout=BULK_TIMEOUT,
                )
            }

    def rebuild(self, documents, progress=None):
        """A complete new index swapped in behind the alias (zero downtime)."""
        with engine_errors():
            return management.rebuild(self.client, documents, progress)

    def health(self):
        """What the engine says about itself and the index; raises EngineUnavailable when down."""
        alias = management.alias_name()
        with engine_errors():
            info = self.client.info()
            cluster = self.client.cluster.health()
            indices = management.aliased_indices(self.client)
            count = self.client.count(index=alias)["count"] if indices else None
        return {
            "distribution": info["version"].get("distribution", "elasticsearch"),
            "version": info["version"]["number"],
            "status": cluster["status"],
            "alias": alias,
            "indices": indices,
            "documents": count,
        }


@contextmanager
def _index_required():
    """A missing index cannot answer: the caller falls back as when the engine is down."""
    try:
        yield
    except NotFoundError as error:
        raise EngineUnavailable(f"zoekindex ontbreekt: {error.error}") from error


def _hit(item, clauses):
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
        highlight=highlight(fields["text"], clauses) if clauses else "",
        score=item.get("_score") or 0.0,
    )


def _facet_counts(query, buckets_by_facet, labels):
    counts = {}
    for facet in FACETS:
        buckets = buckets_by_facet.get(facet.name, {}).get("buckets", [])
        found = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
        selected = query.selected(facet.name)
        counts[facet.name] = [
            FacetCount(value, str(label), found.get(value, 0), value in selected)
            for value, label in labels[facet.name].items()
            if found.get(value) or value in selected
        ]
    return MappingProxyType(counts)
