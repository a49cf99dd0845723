"""The index commands tell the operator what they did, in words gettext translates.

The database index only, and the engine's address on a closed port: fast, on every run. What
the commands do to a real engine is in test_engine_only.py.
"""

import io
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.backends.engine import management
from search.backends.engine.index import index_body
from search.documents import published_documents
from search.management.commands import (
    rebuild_search_index,
    reconcile_search_index,
    search_engine_health,
)
from search.models import IndexEntry
from tests.msgids import is_translatable

from .conftest import use_engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_only(settings):
    settings.ELASTICSEARCH_URL = ""
    settings.PRAKTIJKBANK_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"


@pytest.fixture
def engine_away(settings):
    """The settings point at an engine on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    use_engine(settings, f"http://127.0.0.1:{port}")


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip().splitlines()


def test_rebuild_says_how_many_documents_it_wrote(database_only):
    [line] = run("rebuild_search_index")
    count = len(list(published_documents()))
    assert line.startswith(f"Zoekindex opnieuw opgebouwd: database {count} documenten in ")
    assert is_translatable(line, rebuild_search_index)
    summary = line.split(": ", 1)[1].removesuffix(".")
    assert is_translatable(summary, rebuild_search_index)


def test_reconcile_of_a_complete_index_says_it_is_in_order(database_only):
    run("rebuild_search_index")
    [line] = run("reconcile_search_index")
    assert line == f"database: in orde ({len(list(published_documents()))} documenten)."
    assert is_translatable(line, reconcile_search_index)


def test_reconcile_names_each_document_it_repaired(database_only):
    run("rebuild_search_index")
    key, title = IndexEntry.objects.order_by("key").values_list("key", "title").first()
    IndexEntry.objects.filter(key=key).delete()
    summary, repaired = run("reconcile_search_index")
    assert (
        summary
        == "database: 1 ontbrekend toegevoegd, 0 verouderd bijgewerkt, 0 overbodig verwijderd."
    )
    assert is_translatable(summary, reconcile_search_index)
    assert repaired == f"  toegevoegd: {key} ({title})"


def test_health_without_an_engine_says_search_uses_the_database(database_only):
    [line] = run("search_engine_health")
    assert "zoeken gebruikt de database" in line
    assert is_translatable(line, search_engine_health)


def test_each_command_fails_in_words_gettext_translates_when_the_engine_is_away(engine_away):
    out = io.StringIO()
    with pytest.raises(CommandError, match="Niet hersteld: engine") as failure:
        call_command("reconcile_search_index", stdout=out)
    assert is_translatable(failure.value, reconcile_search_index)
    [line] = [line for line in out.getvalue().splitlines() if line.startswith("engine:")]
    assert "onbereikbaar" in line and is_translatable(line, reconcile_search_index)

    with pytest.raises(CommandError, match=r"niet opnieuw opgebouwd\. Wel: database") as failure:
        call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert is_translatable(failure.value, rebuild_search_index)

    with pytest.raises(CommandError, match="ONBEREIKBAAR") as failure:
        call_command("search_engine_health", stdout=io.StringIO())
    assert is_translatable(failure.value, search_engine_health)


def test_reconcile_rebuilds_an_index_whose_mapping_lacks_a_facet_added_since(engine):
    """The mapping is strict: an index made before a facet existed refuses documents with it.
    Reconciling finds the missing field and makes the index anew, with every document."""
    body = index_body(alias=management.alias_name())
    del body["mappings"]["properties"]["keywords"]["properties"]["example"]
    engine.client.create_index(management.new_index_name(), body)
    assert management.outdated_fields(engine.client) == ["keywords.example"]

    lines = run("reconcile_search_index")

    assert "keywords.example" in lines[-1]
    assert management.outdated_fields(engine.client) == []
    documents = {document.key: document.fingerprint for document in published_documents()}
    assert engine.indexed_fingerprints() == documents


def test_reconcile_leaves_a_current_engine_index_alone(engine):
    engine.rebuild(published_documents())
    before = engine.client.get_alias(management.alias_name())
    assert run("reconcile_search_index")[-1].endswith("documenten).")
    assert engine.client.get_alias(management.alias_name()) == before
