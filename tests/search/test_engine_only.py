"""What only the search engine has: indices behind an alias, its own analyzers and mapping,
the term suggester, the request bodies built with elasticsearch-dsl, the commands.

The searches here are given hand-built Interpretations (search.interpretation), so they pin
the engine's execution of one down without depending on how a text is understood.
"""

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from elasticsearch_dsl import Search

from search.analysis import terms
from search.backends.base import EngineUnavailable
from search.backends.engine import management, queries
from search.backends.engine.index import SPELLING_FIELD, PageDocument, index_body, source
from search.documents import SearchDocument, published_documents
from search.interpretation import (
    BM25_K1,
    KEYWORD_SCORE,
    NOTHING,
    STRICT_TIER,
    Alternative,
    Concept,
    Interpretation,
    minimum_match,
)
from search.query import BOOST_SCORE, NEWEST, SearchQuery

from .contract import ASSEN, OUDEWATER, VOLUNTEERING

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


def words(*texts):
    """An Interpretation of one concept per text, each matching its own analysed terms."""
    concepts = tuple(Concept(text, (Alternative(tuple(terms(text))),)) for text in texts)
    return Interpretation(concepts, minimum_match(len(concepts)))


def run(backend, interpretation=NOTHING, **fields):
    return backend.search(SearchQuery.build(per_page=50, **fields), interpretation)


def titles(result):
    return {hit.title for hit in result.hits}


def documents():
    return list(published_documents())


@pytest.fixture
def built(engine):
    engine.rebuild(published_documents())
    return engine


# Indices behind an alias ------------------------------------------------------------------
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
    assert not client.index_exists(before[0])
    # While the new index was being filled, the alias kept answering from the old one.
    assert seen_during_rebuild and set(seen_during_rebuild) == {total}
    assert run(built).total == total
    assert OUDEWATER in titles(run(built, words("zwembaden")))
    assert client.get_alias(alias) == {after[0]: {"aliases": {alias: {}}}}
    # Filled without refreshes, then back to the engine's default.
    settings = client.native.indices.get_settings(index=after[0])[after[0]]["settings"]
    assert "refresh_interval" not in settings["index"]


def test_index_creates_the_index_and_alias_when_missing(engine):
    document = next(d for d in documents() if d.title == ASSEN)
    assert engine.indexed_fingerprints() == {}
    engine.index([document])
    assert engine.indexed_fingerprints() == {document.key: document.fingerprint}
    assert len(management.aliased_indices(engine.client)) == 1


def test_a_missing_index_is_unavailable_so_search_falls_back(engine):
    with pytest.raises(EngineUnavailable, match="index missing"):
        run(engine, words("zwembad"))
    with pytest.raises(EngineUnavailable, match="index missing"):
        engine.corrections(["zwembd"])
    assert engine.similar("page:1", 4) == []


# Analysis and mapping ---------------------------------------------------------------------
def test_the_engine_analyzer_gives_the_same_terms_as_the_database(built):
    texts = SAMPLE_WORDS + [
        text for document in documents() for text in document.text_fields().values()
    ]
    for text in texts:
        response = built.client.native.indices.analyze(
            index=management.alias_name(), body={"analyzer": "dutch_text", "text": text}
        )
        assert [token["token"] for token in response["tokens"]] == terms(text), text


def test_the_spelling_analyzer_keeps_the_words_as_written_only_folded(built):
    response = built.client.native.indices.analyze(
        index=management.alias_name(),
        body={"analyzer": "spelling", "text": "De zwembaden van het Leencafé, thema's"},
    )
    tokens = [token["token"] for token in response["tokens"]]
    assert tokens == ["de", "zwembaden", "van", "het", "leencafe", "thema", "s"]


def test_the_index_maps_every_weighted_field_and_copies_the_written_ones_to_spelling(built):
    index = management.aliased_indices(built.client)[0]
    mapping = built.client.native.indices.get_mapping(index=index)[index]["mappings"]
    properties = mapping["properties"]
    assert mapping["dynamic"] == "strict"
    assert properties[SPELLING_FIELD]["analyzer"] == "spelling"
    for name in SearchDocument.WEIGHTS:
        assert properties[name]["analyzer"] == "dutch_text", name
        copied = properties[name].get("copy_to")
        assert copied == ([SPELLING_FIELD] if name in SearchDocument.WRITTEN else None), name
    assert "parts" in SearchDocument.WEIGHTS and "parts" not in SearchDocument.WRITTEN
    assert set(properties["title"]["fields"]) == {"sort", "prefix"}
    settings = built.client.native.indices.get_settings(index=index)[index]["settings"]
    assert settings["index"]["similarity"]["default"] == {"type": "BM25", "k1": "1.2", "b": "0.75"}
    assert settings["index"]["number_of_shards"] == "1"


def test_a_documents_source_holds_every_mapped_field_but_the_copied_one():
    document = documents()[0]
    mapped = set(PageDocument._doc_type.mapping.to_dict()["properties"])
    assert set(source(document)) == mapped - {SPELLING_FIELD}
    assert source(document)["parts"] == document.parts


def test_the_creation_body_is_the_dsl_index_with_its_analysis():
    body = index_body(alias="praktijkbank-pages")
    assert body == PageDocument._index.clone("any").aliases(**{"praktijkbank-pages": {}}).to_dict()
    analysis = body["settings"]["analysis"]
    assert {"dutch_text", "title_prefix", "title_prefix_search", "spelling"} <= set(
        analysis["analyzer"]
    )
    assert analysis["tokenizer"]["words"]["type"] == "pattern"
    assert "dutch_stop" in analysis["filter"] and "dutch_stemmer" in analysis["filter"]
    assert "refresh_interval" not in body["settings"]
    assert index_body(filling=True)["settings"]["refresh_interval"] == "-1"
    # A body with an alias leaves the shared definition without it.
    assert "aliases" not in index_body()


# Typos --------------------------------------------------------------------------------------
def test_a_typo_gets_the_indexed_word_nearest_to_it(built):
    assert built.corrections(["zwembd"])["zwembd"][0] == "zwembad"


def test_a_word_in_the_index_gets_no_correction(built):
    assert built.corrections(["zwembad", "wijken", "de"]) == {}


def test_a_word_of_three_letters_is_never_corrected(built):
    written = {word for document in documents() for word in document.words}
    assert {"van", "het"} <= written  # each one edit from a typed word below
    assert built.corrections(["vqn", "hwt"]) == {}


def test_corrections_stay_within_the_allowed_distance(built):
    found = built.corrections(["zwembd", "bibiotheek", "qqqzzzqqq", "zwxmbxd"])
    assert found["bibiotheek"][0] == "bibliotheek"
    assert "qqqzzzqqq" not in found  # nothing near
    assert "zwxmbxd" not in found  # seven letters: one edit allowed, "zwembad" is two


def test_all_words_are_corrected_in_one_request(built, monkeypatch):
    sent = []
    search = built.client.search

    def counting(index, body):
        sent.append(body)
        return search(index, body)

    monkeypatch.setattr(built.client, "search", counting)
    found = built.corrections(["zwembd", "bibiotheek", "zwembad", "bqd"])
    assert set(found) == {"zwembd", "bibiotheek"}
    assert len(sent) == 1
    assert sent[0]["size"] == 0
    suggestions = sent[0]["suggest"]
    # Words too short to correct are not even asked about.
    assert sorted(entry["text"] for entry in suggestions.values()) == [
        "bibiotheek",
        "zwembad",
        "zwembd",
    ]
    assert {entry["term"]["field"] for entry in suggestions.values()} == {SPELLING_FIELD}
    assert {entry["term"]["suggest_mode"] for entry in suggestions.values()} == {"missing"}
    assert built.corrections([]) == {}


def test_parts_of_compounds_are_searchable_but_not_spelled(built):
    # "water" is only a part ("Oudewater"): found in "parts", no word to correct typos to.
    assert "water" not in {word for document in documents() for word in document.words}

    def count(field):
        body = Search().query("term", **{field: "water"}).extra(size=0).to_dict()
        return built.client.search(management.alias_name(), body)["hits"]["total"]["value"]

    assert count("parts") > 0
    assert count(SPELLING_FIELD) == 0
    assert "water" not in built.corrections(["watre"]).get("watre", [])


# Executing an Interpretation --------------------------------------------------------------
def test_a_keyword_alternative_scores_its_weight_times_the_keyword_score(built):
    interpretation = Interpretation(
        (Concept("vrijwilligerswerk", (Alternative(keyword=("form", VOLUNTEERING), weight=0.5),)),),
        1,
    )
    result = run(built, interpretation)
    assert titles(result) == {OUDEWATER, ASSEN}
    # One concept: nothing to count, so no STRICT_TIER (Interpretation.tiered).
    expected = 0.5 * KEYWORD_SCORE
    assert [hit.score for hit in result.hits] == pytest.approx([expected] * 2)
    assert all(not hit.highlight for hit in result.hits)  # no text terms, nothing to mark


def test_a_concept_scores_its_best_alternative_and_concepts_add_up(built):
    pool = Alternative(("zwembad",))
    weak = Alternative(("zwembad",), weight=0.25)
    best = {
        hit.key: hit.score for hit in run(built, Interpretation((Concept("z", (pool,)),), 1)).hits
    }
    both = run(built, Interpretation((Concept("z", (weak, pool)),), 1))
    assert {hit.key: hit.score for hit in both.hits} == pytest.approx(best)  # max, not sum
    volunteering = Alternative(keyword=("form", VOLUNTEERING))
    two = run(built, Interpretation((Concept("z", (pool,)), Concept("v", (volunteering,))), 1))
    scores = {hit.key: hit.score for hit in two.hits}
    oudewater = next(hit.key for hit in two.hits if hit.title == OUDEWATER)
    # Two concepts: each one matched strongly adds its score and STRICT_TIER.
    assert scores[oudewater] == pytest.approx(best[oudewater] + KEYWORD_SCORE + 2 * STRICT_TIER)


def test_a_boost_only_alternative_adds_to_a_result_but_never_makes_one(built):
    pool = Alternative(("zwembad",))
    describes = Alternative(keyword=("form", VOLUNTEERING), weight=0.4, boost_only=True)
    plain = run(built, Interpretation((Concept("z", (pool,)),), 1))
    boosted = run(built, Interpretation((Concept("z", (pool, describes)),), 1))
    assert titles(boosted) == titles(plain)  # Leencafé has the form, not the word
    volunteering = {d.key for d in documents() if VOLUNTEERING in d.keywords.get("form", ())}
    before = {hit.key: hit.score for hit in plain.hits}
    for hit in boosted.hits:
        added = 0.4 * KEYWORD_SCORE if hit.key in volunteering else 0.0
        assert hit.score == pytest.approx(before[hit.key] + added), hit.title
    only = run(built, Interpretation((Concept("v", (describes,)),), 1))
    assert only.total == 0


def test_a_text_alternative_needs_all_its_terms(built):
    both = Interpretation((Concept("z", (Alternative(("zwembad", "leencafe")),)),), 1)
    assert run(built, both).total == 0
    assert OUDEWATER in titles(run(built, words("zwembad beheer")))


def test_one_concept_makes_a_result_and_more_concepts_rank_first(built):
    apart = run(built, words("zwembad", "leencafé"))  # no practice has both
    assert {OUDEWATER, ASSEN} <= titles(apart)
    assert apart.strict_total == 0
    together = run(built, words("zwembad", "vrijwilligers"))
    assert together.strict_total == 1 < together.total
    assert together.hits[0].title == OUDEWATER
    assert together.hits[0].score > 2 * STRICT_TIER > together.hits[1].score > STRICT_TIER
    # The tier is counted within the facet selection, as the total is.
    narrowed = run(built, words("zwembad", "vrijwilligers"), filters={"province": {"drenthe"}})
    assert (narrowed.strict_total, titles(narrowed)) == (0, {ASSEN})
    single = run(built, words("zwembad"))
    assert single.strict_total == single.total


def test_highlights_mark_the_interpretations_terms(built):
    hit = next(h for h in run(built, words("zwembaden")).hits if h.title == OUDEWATER)
    assert "<mark>" in hit.highlight


def test_each_boosted_facet_adds_the_boost_score(built):
    text = words("vrijwilligers")
    plain = {hit.key: hit.score for hit in run(built, text).hits}
    assen = next(d for d in documents() if d.title == ASSEN)
    size, province = assen.keywords["size"][0], assen.keywords["province"][0]
    one = run(built, text, boost={"size": {size}})
    two = run(built, text, boost={"size": {size}, "province": {province}})
    assert one.total == two.total == len(plain)
    for result, added in ((one, BOOST_SCORE), (two, 2 * BOOST_SCORE)):
        scores = {hit.key: hit.score for hit in result.hits}
        assert scores[assen.key] == pytest.approx(plain[assen.key] + added)
        others = {key: score for key, score in scores.items() if key != assen.key}
        assert others == pytest.approx({key: plain[key] for key in others})
    assert two.hits[0].title == ASSEN


def test_a_boost_reorders_a_browse_without_text(built):
    plain = run(built)
    boosted = run(built, boost={"size": {"50000-100000"}})
    assert boosted.total == plain.total
    assert boosted.hits[0].title == ASSEN
    rest = [hit for hit in boosted.hits if hit.title != ASSEN]
    assert [hit.key for hit in rest] == [hit.key for hit in plain.hits if hit.title != ASSEN]
    # Asked for newest first, the boost does not reorder.
    newest = run(built, boost={"size": {"50000-100000"}}, sort=NEWEST)
    assert [hit.key for hit in newest.hits] == [hit.key for hit in plain.hits]


def test_a_browse_without_text_or_boost_is_newest_first(built):
    published = [hit.published for hit in run(built).hits if hit.published]
    assert published == sorted(published, reverse=True)


def test_facet_counts_stay_exact_when_a_field_holds_more_values_than_counted(built, monkeypatch):
    from search.backends.base import facet_labels
    from search.backends.engine import backend

    query = SearchQuery.build(per_page=50)
    labels = facet_labels()
    first, *others = built.search(query, NOTHING).facets["form"]
    assert others  # the index holds more than one form ...
    labels["form"] = {first.value: first.label}  # ... and the finder shows only one
    monkeypatch.setattr(backend, "facet_labels", lambda: labels)
    expected = built.search(query, NOTHING)
    requests = []
    msearch = built.client.msearch

    def counting(index, searches):
        requests.append(len(searches))
        return msearch(index, searches)

    monkeypatch.setattr(built.client, "msearch", counting)
    monkeypatch.setattr(queries, "FACET_ROOM", 0)  # no room for the unshown values
    result = built.search(query, NOTHING)
    assert requests == [2, 1]  # hits and counts, then the counts again with include lists
    assert (result.total, result.facets) == (expected.total, expected.facets)
    assert [hit.key for hit in result.hits] == [hit.key for hit in expected.hits]


# The request bodies -----------------------------------------------------------------------
def test_the_text_query_has_the_shape_the_interpretation_defines():
    interpretation = Interpretation(
        (
            Concept(
                "zwembad",
                (
                    Alternative(("zwembad",)),
                    Alternative(("zwem", "bad"), weight=0.6),
                    Alternative(keyword=("form", VOLUNTEERING), weight=0.4),
                    Alternative(keyword=("rung", "faciliteren"), weight=0.4, boost_only=True),
                ),
            ),
            Concept("wijk", (Alternative(("wijk",)),)),
        ),
        2,
    )
    body = queries.hits_body(SearchQuery.build(), interpretation)

    def term(value):
        # Without Lucene's constant (k1 + 1): BM25 as search.interpretation has it.
        return {
            "bool": {
                "should": [
                    {"term": {field: {"value": value, "boost": weight / (1 + BM25_K1)}}}
                    for field, weight in SearchDocument.WEIGHTS.items()
                ]
            }
        }

    zwembad = [
        {"bool": {"must": [term("zwembad")], "boost": 1.0}},
        # Two terms: the mean of their scores, as the database has it.
        {"bool": {"must": [term("zwem"), term("bad")], "boost": 0.3}},
        {
            "constant_score": {
                "filter": {"term": {"keywords.form": VOLUNTEERING}},
                "boost": 0.4 * KEYWORD_SCORE,
            }
        },
    ]
    wijk = [{"bool": {"must": [term("wijk")], "boost": 1.0}}]

    def tiered(alternatives):
        # The best strong alternative of a specific concept, plus STRICT_TIER.
        everything = {"constant_score": {"filter": {"match_all": {}}, "boost": STRICT_TIER}}
        best = {"dis_max": {"queries": alternatives, "tie_breaker": 0}}
        return {"bool": {"must": [best], "should": [everything]}}

    concepts = [tiered(zwembad), tiered(wijk)]
    boost_only = {
        "constant_score": {
            "filter": {"term": {"keywords.rung": "faciliteren"}},
            "boost": 0.4 * KEYWORD_SCORE,
        }
    }
    any_concept = {"bool": {"should": concepts, "minimum_should_match": 1}}
    # strict_total counts the results with both concepts by their strong alternatives.
    strong = [
        {"bool": {"should": alternatives, "minimum_should_match": 1}}
        for alternatives in (zwembad, wijk)
    ]
    both = {"bool": {"should": strong, "minimum_should_match": 2}}
    assert body["query"] == {"bool": {"must": [any_concept], "should": [boost_only]}}
    facets = queries.facets_body(SearchQuery.build(), interpretation, {})
    assert facets["query"] == {"bool": {"must": [any_concept], "should": [boost_only]}}
    assert facets["aggs"] == {"strict_tier": {"filter": {"bool": {"filter": [both]}}}}
    assert body["sort"][0] == {"_score": {"order": "desc"}}
    assert "text" in body["_source"]


def test_the_bodies_are_valid_query_dsl():
    """elasticsearch-dsl reads each body back into its own query, aggregation and suggester
    classes (an unknown query type or a misplaced parameter fails) and writes it unchanged."""
    query = SearchQuery.build(
        filters={"form": {VOLUNTEERING}, "size": {"tot-20000"}},
        boost={"province": {"drenthe"}},
        year_from=2010,
        year_to=2020,
        page=2,
    )
    labels = {"form": {VOLUNTEERING: "x", "other": "y"}, "size": {"tot-20000": "z"}}
    bodies = [
        queries.hits_body(query, words("zwembad", "vrijwilligers")),
        queries.hits_body(query, NOTHING),
        queries.facets_body(query, words("zwembad"), labels),
        queries.facets_body(query, NOTHING, labels, include=True),
        queries.suggest_body("zwem", 8),
        queries.similar_body("page:1", "pages", 4, ["page:2"]),
        queries.corrections_body(["zwembd", "bibiotheek"]),
    ]
    for body in bodies:
        assert Search.from_dict(body).to_dict() == body


def test_a_browse_with_boost_ranks_by_the_boosted_facets_over_every_candidate():
    query = SearchQuery.build(boost={"size": {"tot-20000"}}, year_from=2013)
    body = queries.hits_body(query, NOTHING)
    assert body["query"] == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "must": [{"match_all": {}}],
                        "filter": [{"range": {"start_year": {"gte": 2013}}}],
                    }
                }
            ],
            "should": [
                {
                    "constant_score": {
                        "filter": {"terms": {"keywords.size": ["tot-20000"]}},
                        "boost": BOOST_SCORE,
                    }
                }
            ],
        }
    }  # every candidate matches; those of a boosted size class score BOOST_SCORE more
    assert body["sort"] == [
        {"_score": {"order": "desc"}},
        {"published": {"order": "desc", "missing": "_last"}},
        {"title.sort": {"order": "asc"}},
    ]
    plain = queries.hits_body(SearchQuery.build(), NOTHING)
    assert plain["query"] == {"match_all": {}}
    assert plain["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}


def test_the_facet_request_counts_without_boost_sort_or_page():
    query = SearchQuery.build(filters={"form": {VOLUNTEERING}}, boost={"size": {"x"}}, page=3)
    body = queries.facets_body(query, words("zwembad"), {"form": {VOLUNTEERING: "x"}})
    assert set(body) == {"query", "aggs", "size", "track_total_hits", "post_filter"}
    assert body["size"] == 0
    assert "function_score" not in str(body["query"])
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"keywords.form": [VOLUNTEERING]}}]}
    }


# Keeping the index true, commands ---------------------------------------------------------
def test_reconcile_repairs_missing_stale_and_extra_documents(built):
    by_key = {d.key: d for d in documents()}
    missing = next(d for d in by_key.values() if d.title == ASSEN)
    stale = next(d for d in by_key.values() if d.title == OUDEWATER)
    built.delete([missing.key])
    built.index([dataclasses.replace(stale, title="Oude titel")])
    built.index([dataclasses.replace(stale, key="page:999999", page_id=999999)])
    assert built.indexed_fingerprints() != {k: d.fingerprint for k, d in by_key.items()}

    out = io.StringIO()
    call_command("reconcile_search_index", stdout=out)

    assert built.indexed_fingerprints() == {k: d.fingerprint for k, d in by_key.items()}
    report = out.getvalue()
    assert "engine: 1 ontbrekend toegevoegd, 1 verouderd bijgewerkt, 1 overbodig verwijderd" in (
        report
    )
    assert f"toegevoegd: {missing.key}" in report
    assert f"bijgewerkt: {stale.key}" in report
    assert "verwijderd: page:999999" in report
    assert titles(run(built, words("leencafe"))) == {ASSEN}
    again = io.StringIO()
    call_command("reconcile_search_index", stdout=again)
    assert f"engine: in orde ({len(by_key)} documenten)" in again.getvalue()


def test_rebuild_command_builds_both_indices_with_progress(engine):
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    count = len(documents())
    assert f"database {count} documenten in" in out.getvalue()
    assert f"engine {count} documenten in" in out.getvalue()
    assert f"[{'#' * 30}] {count}/{count}" in err.getvalue()
    assert len(engine.indexed_fingerprints()) == count


def test_health_reports_a_working_engine(built):
    out = io.StringIO()
    call_command("search_engine_health", stdout=out)
    count = len(documents())
    assert "opensearch 2.19" in out.getvalue()
    assert f"{count} documenten, {count} gepubliceerd" in out.getvalue()


def test_health_fails_without_an_index(engine):
    with pytest.raises(CommandError, match="ontbreekt"):
        call_command("search_engine_health", stdout=io.StringIO())


def test_health_fails_when_the_engine_is_unreachable(engine, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # nothing listens on port 1
    with pytest.raises(CommandError, match="ONBEREIKBAAR"):
        call_command("search_engine_health", stdout=io.StringIO())
