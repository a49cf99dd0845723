"""The behaviour every search backend must have, run unchanged against each engine.

An engine's test module subclasses ``SearchContract`` and provides a ``backend`` fixture that
returns the backend with every published demo page indexed.
"""

from collections import Counter

import pytest

from search.documents import SearchDocument, published_documents
from search.query import NEWEST, SearchQuery
from search.service import search_on
from search.understanding import interpret

OUDEWATER = "Stichting Beheer Zwembad Oudewater"
ASSEN = "Leencafé"
ZWOLLE = "Samen maken we de stad"
ZONNESTEIN = "De Zonnestein"
ROOTZ = "Mijn Rootz Jouw Beeld"
VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"


def run(backend, text="", **fields):
    """The search as the finder runs it (understanding, and the fallback to any concept)."""
    query = SearchQuery.build(text=text, per_page=fields.pop("per_page", 50), **fields)
    return search_on(backend, query)


def titles(result):
    return {hit.title for hit in result.hits}


def ranked(result):
    return [hit.title for hit in result.hits]


def extra_document(key, title, body="", **keywords):
    """A practice that is not in the demo, to pin one ranking rule down."""
    return SearchDocument(
        key=key,
        page_id=900_000 + len(key),
        kind="praktijk",
        title=title,
        url=f"/{key}/",
        summary="",
        body=body,
        municipality="",
        labels="",
        factors="",
        keywords={"type": ("praktijk",), **keywords},
        published=None,
        start_year=None,
        forms=(),
        strategies=(),
    )


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

    # Ranking instead of all-or-nothing ---------------------------------------------------
    def test_a_word_the_practice_does_not_use_does_not_empty_the_page(self, backend):
        # Oudewater's text says "overgedragen", not "overnemen"; "hoe" is a question word.
        result = run(backend, "hoe zwembad overnemen vrijwilligers")
        assert ranked(result)[0] == OUDEWATER

    def test_a_practice_matching_more_concepts_ranks_higher(self, backend):
        order = ranked(run(backend, "bibliotheek vrijwilligers"))
        assert order[0] == ASSEN
        assert OUDEWATER not in order or order.index(OUDEWATER) > order.index(ASSEN)

    def test_two_unrelated_words_find_each_of_them_rather_than_nothing(self, backend):
        result = run(backend, "zwembad leencafé")
        assert {OUDEWATER, ASSEN} <= titles(result)
        assert result.interpretation.relaxed

    def test_practices_with_every_concept_come_before_those_with_some(self, backend):
        result = run(backend, "zwembad vrijwilligers")
        assert not result.interpretation.relaxed
        order = ranked(result)
        assert order[0] == OUDEWATER
        assert order.index(ASSEN) > order.index(OUDEWATER)  # volunteers, but no pool
        assert result.strict_total < result.total

    def test_a_word_in_most_documents_scores_but_does_not_decide_the_tier(self, backend):
        documents = list(published_documents())
        with_gemeente = [d for d in documents if "gemeente" in " ".join(d.words)]
        assert len(with_gemeente) * 2 >= len(documents)  # the premise: a generic word
        result = run(backend, "gemeente zwembad")
        gemeente, zwembad = result.interpretation.concepts
        assert gemeente.generic and not zwembad.generic
        assert result.interpretation.minimum_match == 1  # of the one specific concept
        assert ranked(result)[0] == OUDEWATER

    # Typos ---------------------------------------------------------------------------------
    @pytest.mark.parametrize(
        "typed, meant",
        [
            ("zwembd", OUDEWATER),
            ("bibiotheek", ASSEN),
            ("oudwater", OUDEWATER),
            ("zonnestijn", ZONNESTEIN),
            ("mijn roots jouw beeld", ROOTZ),
        ],
    )
    def test_a_typo_finds_the_word_meant(self, backend, typed, meant):
        result = run(backend, typed)
        assert ranked(result)[0] == meant
        assert result.interpretation.corrections

    def test_the_correction_is_said_and_can_be_undone(self, backend):
        result = run(backend, "zwembd")
        assert [(c.typed, c.used) for c in result.interpretation.corrections] == [
            ("zwembd", "zwembad")
        ]
        literal = run(backend, "zwembd", literal=True)
        assert literal.total == 0
        assert not literal.interpretation.corrections

    def test_a_word_in_the_index_is_never_corrected(self, backend):
        assert not run(backend, "zwembad").interpretation.corrections
        assert not run(backend, "wijken").interpretation.corrections
        # Not written so anywhere, but another form of "lenen", which the Leencafé text has.
        assert not run(backend, "leen").interpretation.corrections

    def test_words_of_three_letters_are_never_corrected(self, backend):
        assert not run(backend, "bqd").interpretation.corrections

    # Compounds and joined words ----------------------------------------------------------
    @pytest.mark.parametrize(
        "typed, meant",
        [
            ("filialen", ASSEN),  # bibliotheekfilialen
            ("ontmoeting", ASSEN),  # ontmoetingsplek
            ("ontmoetingsplaats", ASSEN),  # ontmoetingsplek
            ("bad", OUDEWATER),  # buitenzwembad
            ("leen café", ASSEN),  # leencafé
        ],
    )
    def test_compounds_are_found_by_their_parts(self, backend, typed, meant):
        assert meant in titles(run(backend, typed))

    def test_a_joined_query_finds_the_words_written_apart(self, backend):
        backend.index([extra_document("extra:apart", "Het ideeën makelaar spreekuur")])
        assert "Het ideeën makelaar spreekuur" in titles(run(backend, "ideeënmakelaar"))

    def test_a_compound_ranks_below_the_whole_word(self, backend):
        backend.index(
            [
                extra_document("extra:whole", "Een bad voor iedereen"),
                extra_document("extra:compound", "Een buitenbad voor iedereen"),
            ]
        )
        order = ranked(run(backend, "bad"))
        assert order.index("Een bad voor iedereen") < order.index("Een buitenbad voor iedereen")

    def test_highlights_mark_compound_parts_and_corrected_words(self, backend):
        hit = next(h for h in run(backend, "filialen").hits if h.title == ASSEN)
        assert "<mark>bibliotheekfilialen</mark>" in hit.highlight
        hit = next(h for h in run(backend, "zwembd").hits if h.title == OUDEWATER)
        assert "<mark>" in hit.highlight and "zwembad" in hit.highlight.lower()

    # The taxonomy as a thesaurus ---------------------------------------------------------
    def test_a_status_word_pulls_the_practices_with_that_status(self, backend):
        backend.index(
            [
                extra_document("extra:stopped", "Buurtbus Ergens", outcome=("gestopt",)),
                extra_document("extra:running", "Buurtbus Elders", outcome=("lopend",)),
            ]
        )
        order = ranked(run(backend, "mislukt buurtbus"))
        assert order[0] == "Buurtbus Ergens"

    def test_a_form_named_by_its_examples_pulls_its_practices(self, backend):
        tagged = extra_document(
            "extra:green", "Groen in de straat", form=("zelfbeheer-openbare-ruimte",)
        )
        backend.index([tagged, extra_document("extra:other", "Straatfeest in de straat")])
        order = ranked(run(backend, "knotwilgen straat"))
        assert order[0] == "Groen in de straat"

    def test_a_rung_typed_with_another_word_is_offered_as_a_filter(self, backend):
        result = run(backend, "faciliteren initiatiefnemers")
        offers = [(offer.facet, offer.value) for offer in result.interpretation.offers]
        assert ("rung", "faciliteren") in offers
        assert "Loket voor initiatiefnemers" in titles(result)

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

    @pytest.mark.parametrize(
        ("text", "fields"),
        [
            ("", {}),
            ("zwembaden", {}),
            ("zwembd vrijwilligers", {}),
            ("vrijwilligers", {"filters": {"form": {VOLUNTEERING}}}),
            ("bibliotheek", {"year_from": 2010, "filters": {"type": {"praktijk"}}}),
            ("kwantumfysica", {}),
        ],
    )
    def test_counting_gives_the_total_a_search_gives(self, backend, text, fields):
        query = SearchQuery.build(text=text, **fields)
        interpretation = interpret(query.text, backend)
        assert backend.count(query, interpretation) == search_on(backend, query).total

    def test_a_search_for_no_hits_still_gives_the_total_and_the_facets(self, backend):
        full = run(backend, "vrijwilligers")
        counts_only = run(backend, "vrijwilligers", per_page=0)
        assert counts_only.hits == ()
        assert counts_only.total == full.total > 0
        assert counts_only.facets == full.facets

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
