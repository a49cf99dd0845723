"""The engine's indices over time: created behind an alias, rebuilt beside it, swapped in.

Searches and updates go to the alias ``<SEARCH_INDEX_PREFIX>pages``. Each index behind it is
named ``<alias>-<UTC timestamp>``. A rebuild fills a new index while the old one keeps
serving, then moves the alias in one atomic request and deletes the old indices: no moment
without a complete index.
"""

import contextlib
from datetime import UTC, datetime

from django.conf import settings
from opensearchpy import helpers

from .client import BULK_TIMEOUT
from .index import index_body, source

ALIAS = "pages"
CHUNK_SIZE = 500


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}{ALIAS}"


def new_index_name():
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def managed_indices(client):
    """Every index this site made (behind the alias or left over), oldest first."""
    found = client.indices.get(index=f"{alias_name()}-*", allow_no_indices=True)
    return sorted(found)


def aliased_indices(client):
    alias = alias_name()
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias))


def ensure_index(client):
    """The alias, with an empty index behind it when there was none yet."""
    alias = alias_name()
    if client.indices.exists_alias(name=alias):
        return alias
    body = index_body()
    body["aliases"] = {alias: {}}
    client.indices.create(index=new_index_name(), body=body)
    return alias


def bulk_actions(documents, index):
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": document.key,
            "_source": source(document),
        }


def rebuild(client, documents, progress=None):
    """A new index from ``documents``, swapped in behind the alias; returns how many it holds.

    ``progress`` is called with the number of documents written so far.
    """
    alias, index = alias_name(), new_index_name()
    body = index_body()
    # Nobody searches the new index before the swap: no refreshes while it fills.
    body["settings"]["refresh_interval"] = "-1"
    client.indices.create(index=index, body=body, request_timeout=BULK_TIMEOUT)
    try:
        written = 0
        for ok, _item in helpers.streaming_bulk(
            client,
            bulk_actions(documents, index),
            chunk_size=CHUNK_SIZE,
            request_timeout=BULK_TIMEOUT,
        ):
            written += ok
            if progress:
                progress(written)
        _make_searchable(client, index)
        actions = [{"remove": {"index": old, "alias": alias}} for old in aliased_indices(client)]
        if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
            # An index created under the alias's own name (a write before ensure_index).
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": index, "alias": alias}})
        client.indices.update_aliases(body={"actions": actions}, request_timeout=BULK_TIMEOUT)
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            client.indices.delete(index=index, ignore_unavailable=True)
        raise
    for old in managed_indices(client):
        if old != index:
            client.indices.delete(index=old, request_timeout=BULK_TIMEOUT)
    return written


def _make_searchable(client, index):
    """Refreshing again as a live index does, after the fill, and everything visible."""
    settings = {"index": {"refresh_interval": None}}  # back to the engine's default
    client.indices.put_settings(index=index, body=settings, request_timeout=BULK_TIMEOUT)
    client.indices.refresh(index=index, request_timeout=BULK_TIMEOUT)


def drop(client):
    """Deletes every index this site made, and so the alias (for tests and teardown)."""
    for index in managed_indices(client):
        client.indices.delete(index=index, request_timeout=BULK_TIMEOUT)
