"""The behaviour every search backend must have, run unchanged against each engine.

An engine's test module subclasses ``SearchContract`` and provides a ``backend`` fixture that
returns the backend with every published demo page indexed.
"""

from collections import Counter

import pytest

from search.documents import published_documents
from search.query import NEWEST, SearchQuery
from search.text_query import parse

OUDEWATER = "Stichting Beheer Zwembad Oudewater"
ASSEN = "Leencafé"
ZWOLLE = "Samen maken we de stad"
VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"


def run(backend, text="", **fields):
    query = SearchQuery.build(text=text, per_page=fields.pop("per_page", 50), **fields)
    return backend.search(query, parse(text))


def titles(result):
    return {hit.title for hit in result.hits}


def expected_counts(query_filters, facet, documents):
    """Facet counts computed by hand from the documents: the specification of a facet."""
    counter = Counter()
    for document in documents:
        others = {n: v for n, v in query_filters.items() if n != facet}
        if all(set(document.keywords.get(n, ())) & v for n, v in others.items()):
            counter.update(document.keywords.get(facet, ()))
    return {value: count for value, count in counter.items() if count}


@pytest.mark.django_db
class SearchContract:
    # Dutch text ------------------------------------------------------------------------
    def test_plural_finds_singular(self, backend):
        assert OUDEWATER in titles(run(backend, "zwembaden"))

    def test_diacritics_do_not_matter(self, backend):
        assert ZWOLLE in titles(run(backend, "ideeenmakelaar"))
        assert titles(run(backend, "ideeenmakelaar")) == titles(run(backend, "ideeënmakelaar"))

    def test_a_civil_servants_words_find_the_leencafe(self, backend):
        assert ASSEN in titles(run(backend, "bibliotheek gesloten"))

    def test_stop_words_do_not_change_what_is_found(self, backend):
        assert titles(run(backend, "het zwembad van de gemeente")) == titles(
            run(backend, "zwembad gemeente")
        )

    def test_every_word_must_match(self, backend):
        assert titles(run(backend, "zwembad leencafé")) == set()

    def test_taxonomy_labels_are_searchable_as_text(self, backend):
        found = titles(run(backend, "faciliteren"))
        assert ZWOLLE in found
        assert "Loket voor initiatiefnemers" in found

    def test_synonyms_from_the_editable_list(self, backend):
        # The Leencafé text says "wijken"; people type "buurt".
        assert ASSEN in titles(run(backend, "buurten"))

    def test_a_query_without_matches_is_empty_with_empty_facets(self, backend):
        result = run(backend, "qqqzzz")
        assert result.total == 0
        assert all(not counts for counts in result.facets.values())

    # Browsing, filters and facets --------------------------------------------------------
    def test_an_empty_query_lists_everything_published(self, backend):
        documents = list(published_documents())
        assert run(backend).total == len(documents)

    def test_a_facet_filter_narrows_to_its_practices(self, backend):
        result = run(backend, filters={"form": {VOLUNTEERING}})
        assert titles(result) == {OUDEWATER, ASSEN}

    def test_values_within_a_facet_are_ored_and_facets_anded(self, backend):
        either = run(backend, filters={"size": {"tot-20000", "50000-100000"}})
        assert titles(either) == {OUDEWATER, ASSEN}
        both = run(backend, filters={"size": {"tot-20000"}, "province": {"drenthe"}})
        assert both.total == 0

    @pytest.mark.parametrize(
        "filters",
        [{}, {"form": {VOLUNTEERING}}, {"type": {"praktijk"}, "size": {"100000-plus"}}],
    )
    def test_facet_counts_ignore_their_own_selection(self, backend, filters):
        documents = list(published_documents())
        result = run(backend, filters=filters)
        for facet, counts in result.facets.items():
            frozen = {name: set(values) for name, values in filters.items()}
            assert {c.value: c.count for c in counts if c.count} == expected_counts(
                frozen, facet, documents
            ), facet

    def test_selected_values_are_marked(self, backend):
        result = run(backend, filters={"form": {VOLUNTEERING}})
        selected = [c.value for c in result.facets["form"] if c.selected]
        assert selected == [VOLUNTEERING]

    def test_practices_and_tools_are_told_apart(self, backend):
        counts = {c.value: c.count for c in run(backend).facets["type"]}
        documents = list(published_documents())
        assert counts == dict(Counter(d.kind for d in documents))

    def test_start_year_range(self, backend):
        assert titles(run(backend, year_from=2013, year_to=2013)) == {OUDEWATER}

    # Order, pages, highlights ------------------------------------------------------------
    def test_newest_first(self, backend):
        result = run(backend, sort=NEWEST)
        published = [hit.published for hit in result.hits]
        assert published == sorted(published, reverse=True)

    def test_a_title_match_ranks_above_a_passing_mention(self, backend):
        result = run(backend, "zwembad")
        assert result.hits[0].title == OUDEWATER

    def test_boost_puts_similar_municipalities_first_without_filtering(self, backend):
        plain = run(backend, "vrijwilligers")
        boosted = run(backend, "vrijwilligers", boost={"size": {"50000-100000"}})
        assert boosted.total == plain.total
        assert boosted.hits[0].title == ASSEN

    def test_pages_do_not_overlap_and_keep_the_total(self, backend):
        first = run(backend, sort=NEWEST, per_page=5, page=1)
        second = run(backend, sort=NEWEST, per_page=5, page=2)
        assert first.total == second.total
        assert not titles(first) & titles(second)
        assert len(first.hits) == 5

    def test_highlights_mark_matches_and_escape_markup(self, backend):
        hit = next(h for h in run(backend, "zwembaden").hits if h.title == OUDEWATER)
        assert "<mark>" in hit.highlight
        assert "<script" not in hit.highlight

    def test_hits_carry_what_a_result_card_shows(self, backend):
        hit = next(h for h in run(backend, "leencafe").hits if h.title == ASSEN)
        assert hit.municipality == "Assen"
        assert hit.url.endswith("/")
        assert hit.forms

    # Keeping the index true --------------------------------------------------------------
    def test_fingerprints_match_what_is_published(self, backend):
        documents = {d.key: d.fingerprint for d in published_documents()}
        assert backend.indexed_fingerprints() == documents

    def test_delete_removes_and_index_replaces(self, backend):
        document = next(d for d in published_documents() if d.title == ASSEN)
        backend.delete([document.key])
        assert ASSEN not in titles(run(backend, "leencafe"))
        backend.index([document])
        backend.index([document])
        assert [h.title for h in run(backend, "leencafe").hits].count(ASSEN) == 1

    def test_type_ahead_suggests_titles(self, backend):
        assert OUDEWATER in backend.suggest("zwem")
        assert backend.suggest("") == []

    # Vergelijkbare praktijken ------------------------------------------------------------
    def test_similar_practices_share_taxonomy_and_leave_out_the_page_itself(self, backend):
        documents = {d.key: d for d in published_documents()}
        zwolle = next(d for d in documents.values() if d.title == ZWOLLE)
        hits = backend.similar(zwolle.key, 4)
        assert 0 < len(hits) <= 4
        assert zwolle.key not in {hit.key for hit in hits}
        assert {hit.kind for hit in hits} == {"praktijk"}
        first = documents[hits[0].key].keywords
        shared = {
            name: set(first.get(name, ())) & set(zwolle.keywords.get(name, ()))
            for name in ("form", "strategy")
        }
        assert any(shared.values())

    def test_similar_practices_leave_out_what_editors_already_linked(self, backend):
        zwolle = next(d for d in published_documents() if d.title == ZWOLLE)
        first = backend.similar(zwolle.key, 1)[0]
        assert first.key not in {hit.key for hit in backend.similar(zwolle.key, 4, [first.key])}

    def test_a_page_that_is_not_indexed_has_no_similar_practices(self, backend):
        assert backend.similar("page:999999", 4) == []
