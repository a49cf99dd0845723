"""What only the search engine has: indices behind an alias, its own analyzer, the commands."""

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.analysis import terms
from search.backends.engine import management
from search.documents import published_documents
from search.query import SearchQuery

from .contract import ASSEN, OUDEWATER

pytestmark = pytest.mark.django_db

SAMPLE_WORDS = [
    "zwembaden",
    "initiatieven",
    "bewonersinitiatieven",
    "ideeënmakelaar",
    "Ideeenmakelaar",
    "bibliotheek",
    "gesloten",
    "buurten",
    "wijken",
    "vrijwilligers",
    "gemeenten",
    "Leencafé",
    "faciliteren",
    "coöperatie",
    "één",
    "overheidsparticipatie",
    "zelforganisatie",
    "voorzieningen",
    "het zwembad van de gemeente",
    "thema's",
    "helpen.De",
    "2013-2014",
    "1.500",
]


def run(backend, text=""):
    from search.text_query import parse

    return backend.search(SearchQuery.build(text=text, per_page=50), parse(text))


@pytest.fixture
def built(engine):
    engine.rebuild(published_documents())
    return engine


def test_a_rebuild_swaps_the_alias_and_removes_the_old_index(built):
    client, alias = built.client, management.alias_name()
    before = management.aliased_indices(client)
    total = run(built).total
    seen_during_rebuild = []

    def search_while_filling(written):
        seen_during_rebuild.append(run(built).total)

    built.rebuild(published_documents(), progress=search_while_filling)
    after = management.aliased_indices(client)
    assert len(before) == len(after) == 1
    assert before != after
    assert management.managed_indices(client) == after  # the old index is gone
    assert not client.indices.exists(index=before[0])
    # While the new index was being filled, the alias kept answering from the old one.
    assert seen_during_rebuild and set(seen_during_rebuild) == {total}
    assert run(built).total == total
    assert OUDEWATER in {hit.title for hit in run(built, "zwembaden").hits}
    assert client.indices.get_alias(name=alias) == {after[0]: {"aliases": {alias: {}}}}


def test_index_creates_the_index_and_alias_when_missing(engine):
    document = next(d for d in published_documents() if d.title == ASSEN)
    assert engine.indexed_fingerprints() == {}
    engine.index([document])
    assert engine.indexed_fingerprints() == {document.key: document.fingerprint}
    assert len(management.aliased_indices(engine.client)) == 1


def test_a_missing_index_is_unavailable_so_search_falls_back(engine):
    from search.backends.base import EngineUnavailable

    with pytest.raises(EngineUnavailable):
        run(engine, "zwembad")


def test_the_engine_analyzer_gives_the_same_terms_as_the_database(built):
    texts = SAMPLE_WORDS + [
        text for document in published_documents() for text in document.text_fields().values()
    ]
    for text in texts:
        response = built.client.indices.analyze(
            index=management.alias_name(), body={"analyzer": "dutch_text", "text": text}
        )
        assert [token["token"] for token in response["tokens"]] == terms(text), text


def test_facet_counts_stay_exact_when_a_field_holds_more_values_than_counted(built, monkeypatch):
    from search.backends.base import facet_labels
    from search.backends.engine import backend, queries

    query = SearchQuery.build(per_page=50)
    labels = facet_labels()
    first, *others = built.search(query, ()).facets["form"]
    assert others  # the index holds more than one form ...
    labels["form"] = {first.value: first.label}  # ... and the finder shows only one
    monkeypatch.setattr(backend, "facet_labels", lambda: labels)
    expected = built.search(query, ())
    requests = []

    def counting(client, index, bodies):
        requests.append(len(bodies))
        return search_each(client, index, bodies)

    search_each = backend.search_each
    monkeypatch.setattr(backend, "search_each", counting)
    monkeypatch.setattr(queries, "FACET_ROOM", 0)  # no room for the unshown values
    result = built.search(query, ())
    assert requests == [2, 1]  # hits and counts, then the counts again with include lists
    assert (result.total, result.facets) == (expected.total, expected.facets)
    assert [hit.key for hit in result.hits] == [hit.key for hit in expected.hits]


def test_reconcile_repairs_missing_stale_and_extra_documents(built):
    documents = {d.key: d for d in published_documents()}
    missing = next(d for d in documents.values() if d.title == ASSEN)
    stale = next(d for d in documents.values() if d.title == OUDEWATER)
    built.delete([missing.key])
    built.index([dataclasses.replace(stale, title="Oude titel")])
    built.index([dataclasses.replace(stale, key="page:999999", page_id=999999)])
    assert built.indexed_fingerprints() != {k: d.fingerprint for k, d in documents.items()}

    out = io.StringIO()
    call_command("reconcile_search_index", stdout=out)

    assert built.indexed_fingerprints() == {k: d.fingerprint for k, d in documents.items()}
    report = out.getvalue()
    assert "engine: 1 ontbrekend toegevoegd, 1 verouderd bijgewerkt, 1 overbodig verwijderd" in (
        report
    )
    assert f"toegevoegd: {missing.key}" in report
    assert f"bijgewerkt: {stale.key}" in report
    assert "verwijderd: page:999999" in report
    assert {hit.title for hit in run(built, "leencafe").hits} == {ASSEN}
    again = io.StringIO()
    call_command("reconcile_search_index", stdout=again)
    assert f"engine: in orde ({len(documents)} documenten)" in again.getvalue()


def test_rebuild_command_builds_both_indices_with_progress(engine):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    count = len(list(published_documents()))
    assert f"database {count} documenten in" in out.getvalue()
    assert f"engine {count} documenten in" in out.getvalue()
    assert f"[{'#' * 30}] {count}/{count}" in err.getvalue()
    assert len(engine.indexed_fingerprints()) == count


def test_health_reports_a_working_engine(built):
    out = io.StringIO()
    call_command("search_engine_health", stdout=out)
    count = len(list(published_documents()))
    assert "opensearch 2.19" in out.getvalue()
    assert f"{count} documenten, {count} gepubliceerd" in out.getvalue()


def test_health_fails_without_an_index(engine):
    with pytest.raises(CommandError, match="ontbreekt"):
        call_command("search_engine_health", stdout=io.StringIO())


def test_health_fails_when_the_engine_is_unreachable(engine, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # nothing listens on port 1
    with pytest.raises(CommandError, match="ONBEREIKBAAR"):
        call_command("search_engine_health", stdout=io.StringIO())
