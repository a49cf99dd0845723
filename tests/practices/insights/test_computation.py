"""The "what works" index: every number is the size of the finder list behind its link.

Each count is checked three ways: against the search backend with the finder parameters the
number links to, against a count made by hand from ``published_documents()`` (what should be in
the index), and for the main counts against the pages themselves.
"""

import json
from itertools import pairwise

import pytest
from django.conf import settings

from practices.insights.computation import compute
from practices.library.models import PracticePage
from practices.taxonomy.models import Form, Sector, SizeClass, Strategy
from search.facets import PRACTICE, TOOL

from .counting import NETWORKS, VOLUNTEERING, by_hand, by_slug, cell, filters_of, finder_total

pytestmark = pytest.mark.django_db


# Counts ------------------------------------------------------------------------------------


def test_every_strategy_and_form_is_there_in_order(what_works):
    assert [s.slug for s in what_works.strategies] == list(
        Strategy.objects.values_list("slug", flat=True)
    )
    assert [f.slug for f in what_works.forms] == list(Form.objects.values_list("slug", flat=True))
    assert len(what_works.strategies) == 15
    assert len(what_works.forms) == 7
    assert [rung.slug for rung in what_works.rungs] == ["faciliteren", "stimuleren", "regisseren"]
    assert [len(rung.strategies) for rung in what_works.rungs] == [6, 4, 5]


def test_practice_counts_equal_the_finder_and_the_documents(what_works, documents):
    for term in (*what_works.strategies, *what_works.forms):
        link = term.practices
        expected = {"type": {PRACTICE}, term.kind: {term.slug}}
        assert filters_of(link.query_string) == expected
        assert link.count == finder_total(link.query_string), term.slug
        assert link.count == by_hand(documents, expected), term.slug
    assert what_works.total.count == by_hand(documents, {"type": {PRACTICE}}) == 7


def test_practice_counts_equal_the_published_pages(what_works):
    pages = PracticePage.objects.live().public()
    for strategy in what_works.strategies:
        expected = pages.filter(strategies__slug=strategy.slug).distinct().count()
        assert strategy.practices.count == expected, strategy.slug
    for form in what_works.forms:
        assert form.practices.count == pages.filter(forms__slug=form.slug).distinct().count()
    # The demo content: Zwolle's ideeënmakelaar connects parties; five practices make networks.
    assert by_slug(what_works.strategies)["verbindingen-leggen"].practices.count == 1
    assert by_slug(what_works.forms)[NETWORKS].practices.count == 5
    assert by_slug(what_works.forms)[VOLUNTEERING].practices.count == 2


def test_every_linked_number_is_the_length_of_its_list(what_works, documents):
    links = list(what_works.linked_counts())
    assert len(links) > 300
    for link in links:
        assert link.url.endswith("?" + link.query_string)
        assert link.count == finder_total(link.query_string), link.query_string
        assert link.count == by_hand(documents, filters_of(link.query_string)), link.query_string


def test_the_finder_page_shows_the_same_numbers(what_works, client):
    """Through the real finder page, for every number that is not zero and every term."""
    terms = (*what_works.strategies, *what_works.forms)
    links = {link.url: link for link in what_works.linked_counts() if link.count}
    links.update({term.practices.url: term.practices for term in terms})
    for url, link in links.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["result"].total == link.count, url


def test_splits_of_a_form(what_works):
    volunteering = by_slug(what_works.forms)[VOLUNTEERING]
    assert {o.value: o.count for o in volunteering.outcomes} == {
        "lopend": 2,
        "afgerond": 0,
        "gestopt": 0,
    }
    assert volunteering.outcome_unknown == 0
    assert {s.value: s.count for s in volunteering.sizes} == {
        "tot-20000": 1,
        "20000-50000": 0,
        "50000-100000": 1,
        "100000-plus": 0,
    }
    # Named by both practices, so first; then by name.
    assert [f.value for f in volunteering.success_factors] == [
        "vrijwilligers-nemen-beheer-over",
        "bestaande-vereniging-als-drager",
    ]
    assert volunteering.success_factors[0].count == 2
    assert volunteering.failure_factors == ()
    networks = by_slug(what_works.forms)[NETWORKS]
    assert networks.outcome_unknown == 2  # two Zwolle practices state no status
    assert len(networks.success_factors) == 3


def test_tools_are_counted_per_strategy_and_form(what_works, documents):
    strategies = by_slug(what_works.strategies)
    assert strategies["verbindingen-leggen"].tools.count == 1
    assert filters_of(strategies["verbindingen-leggen"].tools.query_string) == {
        "type": {TOOL},
        "strategy": {"verbindingen-leggen"},
    }
    assert by_slug(what_works.forms)[NETWORKS].tools.count == by_hand(
        documents, {"type": {TOOL}, "form": {NETWORKS}}
    )


def test_matrix_cells_equal_the_finder_for_form_and_strategy(what_works, documents):
    matrix = what_works.matrix
    assert [row.form.slug for row in matrix.rows] == [f.slug for f in what_works.forms]
    assert [s.slug for s in matrix.strategies] == [s.slug for s in what_works.strategies]
    for row in matrix.rows:
        assert [c.strategy.slug for c in row.cells] == [s.slug for s in matrix.strategies]
        for matrix_cell in row.cells:
            link = matrix_cell.link
            expected = {
                "type": {PRACTICE},
                "form": {row.form.slug},
                "strategy": {matrix_cell.strategy.slug},
            }
            assert filters_of(link.query_string) == expected
            assert link.count == finder_total(link.query_string)
            assert link.count == by_hand(documents, expected)
    assert cell(what_works, NETWORKS, "verbindingen-leggen").count == 1
    assert matrix.gaps == 7 * 15 - 1


def test_a_strategy_is_the_sum_of_nothing_more_than_its_matrix_column(what_works):
    # A practice can have several forms, so a column may add up to more, never to less.
    for strategy in what_works.strategies:
        column = sum(cell(what_works, f.slug, strategy.slug).count for f in what_works.forms)
        assert column >= strategy.practices.count


# Narrowing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["size", "sector"])
def test_narrowing_by_size_or_sector_matches_the_split(what_works, documents, name):
    model = SizeClass if name == "size" else Sector
    for slug in model.objects.values_list("slug", flat=True):
        narrowed = compute({name: {slug}})
        assert narrowed.total.count == by_hand(documents, {"type": {PRACTICE}, name: {slug}})
        for kind in ("strategies", "forms"):
            before = by_slug(getattr(what_works, kind))
            for term in getattr(narrowed, kind):
                split = {c.value: c.count for c in getattr(before[term.slug], f"{name}s")}
                assert term.practices.count == split[slug], (slug, term.slug)
                assert term.practices.count <= before[term.slug].practices.count
                assert filters_of(term.practices.query_string)[name] == {slug}
                assert term.practices.count == finder_total(term.practices.query_string)


def test_the_size_classes_add_up_to_the_practices_with_a_known_size(what_works, documents):
    for term in (*what_works.strategies, *what_works.forms):
        with_size = by_hand(
            documents,
            {"type": {PRACTICE}, term.kind: {term.slug}, "size": {s.value for s in term.sizes}},
        )
        assert sum(size.count for size in term.sizes) == with_size


def test_narrowing_by_form_limits_forms_and_narrows_strategies(what_works):
    narrowed = compute({"form": {VOLUNTEERING}})
    assert [f.slug for f in narrowed.forms] == [VOLUNTEERING]
    assert [row.form.slug for row in narrowed.matrix.rows] == [VOLUNTEERING]
    assert narrowed.total.count == 2
    for strategy in narrowed.strategies:
        assert strategy.practices.count == cell(what_works, VOLUNTEERING, strategy.slug).count
    networks = compute({"form": {NETWORKS}})
    assert by_slug(networks.strategies)["verbindingen-leggen"].practices.count == 1


def test_combined_narrowing_agrees_with_the_documents(documents):
    narrow = {"size": {"100000-plus"}, "sector": {"zorg-en-volksgezondheid"}, "form": {NETWORKS}}
    narrowed = compute(narrow)
    assert narrowed.total.count == 1  # De Zonnestein
    for link in narrowed.linked_counts():
        assert link.count == finder_total(link.query_string)
        assert link.count == by_hand(documents, filters_of(link.query_string))
    # Tools have no size or sector: only the form narrows them.
    tools = by_slug(narrowed.strategies)["verbindingen-leggen"].tools
    assert filters_of(tools.query_string) == {
        "type": {TOOL},
        "strategy": {"verbindingen-leggen"},
        "form": {NETWORKS},
    }
    assert tools.count == 1


def test_only_form_size_and_sector_narrow():
    with pytest.raises(ValueError):
        compute({"strategy": {"verbindingen-leggen"}})


# Ranking and baseline ----------------------------------------------------------------------


def test_ranking_puts_most_practices_first_then_the_2013_figure(what_works):
    ranking = what_works.ranking
    assert {s.slug for s in ranking} == {s.slug for s in what_works.strategies}
    assert ranking[0].slug == "verbindingen-leggen"
    for first, second in pairwise(ranking):
        assert first.practices.count >= second.practices.count
        if first.practices.count == second.practices.count and second.regularly:
            assert first.regularly and first.regularly.value >= second.regularly.value
    # Of the strategies without practices, the one most used in 2013 comes first.
    assert ranking[1].slug == "betrouwbare-samenwerkingspartner"  # 73%
    assert ranking[-1].slug == "loket-voor-initiatiefnemers"  # no 'vaak of regelmatig' figure


def test_baseline_shows_figures_for_all_municipalities(what_works):
    support = by_slug(what_works.strategies)["ambtelijke-ondersteuning"]
    assert support.regularly.display == "56%"
    assert [f.display for f in support.survey_2013] == ["56%", "61×", "48%"]
    connections = by_slug(what_works.strategies)["verbindingen-leggen"]
    assert [f.display for f in connections.survey_2013] == ["53%"]


def test_baseline_adds_the_figures_for_the_chosen_size_class():
    strategies = by_slug(compute({"size": {"tot-20000"}}).strategies)
    assert [f.display for f in strategies["verbindingen-leggen"].survey_2013] == ["53%", "42%"]
    strategies = by_slug(compute({"size": {"100000-plus"}}).strategies)
    assert [f.display for f in strategies["verbindingen-leggen"].survey_2013] == ["53%", "89%"]
    assert "30%" in [f.display for f in strategies["zeggenschap-overdragen"].survey_2013]
    # Two size classes: no single class, so only the figures for all municipalities.
    strategies = by_slug(compute({"size": {"tot-20000", "100000-plus"}}).strategies)
    assert [f.display for f in strategies["verbindingen-leggen"].survey_2013] == ["53%"]


# JSON --------------------------------------------------------------------------------------


def test_as_json_shape(what_works):
    data = json.loads(json.dumps(what_works.as_json()))
    assert {"strategies", "forms", "ranking", "matrix"} <= set(data)
    strategy = next(s for s in data["strategies"] if s["slug"] == "ambtelijke-ondersteuning")
    assert {
        "slug",
        "label",
        "rung",
        "practices",
        "outcomes",
        "success_factors",
        "failure_factors",
        "sizes",
        "sectors",
        "survey_2013",
        "finder",
    } <= set(strategy)
    assert strategy["rung"] == "faciliteren"
    assert set(strategy["outcomes"]) == {"lopend", "afgerond", "gestopt"}
    assert set(strategy["sizes"]) == set(SizeClass.objects.values_list("slug", flat=True))
    assert set(strategy["sectors"]) == set(Sector.objects.values_list("slug", flat=True))
    assert strategy["survey_2013"][0] == {
        "measure": "used_regularly",
        "label": "Vaak of regelmatig ingezet",
        "value": 56.0,
        "value_upper": None,
        "unit": "percent",
        "display": "56%",
        "population": "alle gemeenten",
        "base": "n=98 gemeenten",
        "source": "Paragraaf 3.2, figuur 3.3 (ook paragraaf 1.5, punt 5)",
    }
    form = next(f for f in data["forms"] if f["slug"] == VOLUNTEERING)
    assert "rung" not in form
    assert form["practices"] == 2
    assert finder_total(form["finder"]) == 2
    assert form["outcomes"]["lopend"]["count"] == 2
    assert finder_total(form["outcomes"]["lopend"]["finder"]) == 2
    factor = form["success_factors"][0]
    assert set(factor) >= {"slug", "label", "count"}
    assert finder_total(factor["finder"]) == factor["count"] == 2
    assert data["ranking"][0] == "verbindingen-leggen"
    assert sorted(data["ranking"]) == sorted(s["slug"] for s in data["strategies"])
    matrix = data["matrix"]
    assert matrix["forms"] == [f["slug"] for f in data["forms"]]
    assert matrix["strategies"] == [s["slug"] for s in data["strategies"]]
    assert len(matrix["counts"]) == 7 and all(len(row) == 15 for row in matrix["counts"])
    row = matrix["forms"].index(NETWORKS)
    column = matrix["strategies"].index("verbindingen-leggen")
    assert matrix["counts"][row][column] == 1
    assert data["survey_source"] == str(settings.SURVEY_2013_SOURCE)
