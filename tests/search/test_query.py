"""The query shape: dropping filters gives the query the finder links to, from page 1."""

from search.query import SearchQuery

QUERY = SearchQuery.build(
    text="zwembad",
    filters={"form": {"zelfbeheer", "sociaal-ondernemerschap"}, "size": {"tot-20000"}},
    page=3,
)


def test_without_a_value_drops_the_whole_facet():
    broader = QUERY.without("form")
    assert "form" not in broader.filters
    assert broader.selected("form") == frozenset()
    assert broader.filters == {"size": frozenset({"tot-20000"})}


def test_without_one_value_keeps_the_facets_other_values():
    broader = QUERY.without("form", "zelfbeheer")
    assert broader.filters == {
        "form": frozenset({"sociaal-ondernemerschap"}),
        "size": frozenset({"tot-20000"}),
    }


def test_without_its_only_value_drops_the_facet():
    assert "size" not in QUERY.without("size", "tot-20000").filters


def test_without_a_facet_that_is_not_chosen_changes_only_the_page():
    assert QUERY.without("tag") == QUERY.replace(page=1)
    assert QUERY.without("tag", "zwembad") == QUERY.replace(page=1)


def test_a_broader_query_starts_at_page_1_with_the_same_words():
    broader = QUERY.without("form")
    assert (broader.page, broader.text) == (1, "zwembad")
    assert "form=" not in broader.as_params()
