"""The engine's indices over time: created behind an alias, rebuilt beside it, swapped in.

Searches and updates go to the alias ``<SEARCH_INDEX_PREFIX>pages``. Each index behind it is
named ``<alias>-<UTC timestamp>``. A rebuild fills a new index while the old one keeps
serving, then moves the alias in one atomic request and deletes the old indices: no moment
without a complete index. ``client`` is the transport (client.Transport); the bodies that
create indices are ``index.page_index(...).to_dict()``.
"""

import contextlib
from datetime import UTC, datetime

from django.conf import settings

from .index import index_body, page_index, source

ALIAS = "pages"
CHUNK_SIZE = 500


def alias_name():
    return f"{settings.SEARCH_INDEX_PREFIX}{ALIAS}"


def new_index_name():
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def managed_indices(client):
    """Every index this site made (behind the alias or left over), oldest first."""
    return client.indices(f"{alias_name()}-*")


def aliased_indices(client):
    alias = alias_name()
    if not client.exists_alias(alias):
        return []
    return sorted(client.get_alias(alias))


def ensure_index(client):
    """The alias, with an empty index behind it when there was none yet."""
    alias = alias_name()
    if client.exists_alias(alias):
        return alias
    name = new_index_name()
    client.create_index(name, page_index(name, alias=alias).to_dict())
    return alias


def outdated_fields(client):
    """The fields the code maps that the index behind the alias lacks (a facet added since
    the index was made): its mapping is strict, so documents with them would be refused.
    Empty when there is no index yet: the first write creates a current one."""
    alias = alias_name()
    if not client.exists_alias(alias):
        return []
    wanted = _field_paths(index_body()["mappings"]["properties"])
    missing = set()
    for found in client.mapping(alias).values():
        missing |= wanted - _field_paths(found["mappings"].get("properties", {}))
    return sorted(missing)


def _field_paths(properties, prefix=""):
    paths = set()
    for name, field in properties.items():
        path = f"{prefix}{name}"
        paths.add(path)
        paths |= _field_paths(field.get("properties", {}), f"{path}.")
        paths |= {f"{path}.{sub}" for sub in field.get("fields", {})}
    return paths


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
    # Nobody searches the new index before the swap: no refreshes while it fills.
    client.create_index(index, page_index(index, filling=True).to_dict())
    try:
        written = 0
        for ok in client.streaming_bulk(bulk_actions(documents, index), chunk_size=CHUNK_SIZE):
            written += ok
            if progress:
                progress(written)
        _make_searchable(client, index)
        actions = [{"remove": {"index": old, "alias": alias}} for old in aliased_indices(client)]
        if client.index_exists(alias) and not client.exists_alias(alias):
            # An index created under the alias's own name (a write before ensure_index).
            actions.append({"remove_index": {"index": alias}})
        actions.append({"add": {"index": index, "alias": alias}})
        client.update_aliases(actions)
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            client.delete_index(index, missing_ok=True)
        raise
    for old in managed_indices(client):
        if old != index:
            client.delete_index(old)
    return written


def _make_searchable(client, index):
    """Refreshing again as a live index does, after the fill, and everything visible."""
    client.put_settings(index, {"index": {"refresh_interval": None}})  # the engine's default
    client.refresh(index)


def drop(client):
    """Deletes every index this site made, and so the alias (for tests and teardown)."""
    for index in managed_indices(client):
        client.delete_index(index)
