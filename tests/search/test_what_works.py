"""The "what works" index: every number is the size of the finder list behind its link.

Each count is checked three ways: against the search backend with the finder parameters the
number links to, against a count made by hand from ``published_documents()`` (what should be in
the index), and for the main counts against the pages themselves.
"""

import json
from contextlib import contextmanager
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse, QueryDict
from django.test import Client, RequestFactory, override_settings
from django.urls import NoReverseMatch, include, path, resolve, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail import urls as wagtail_urls

from practices.library.models import PracticePage
from practices.taxonomy.models import Form, Sector, SizeClass, Strategy
from search.documents import published_documents
from search.facets import PRACTICE, TOOL
from search.models import IndexEntry
from search.query import SearchQuery
from search.service import search
from search.what_works import NARROWING, WhatWorksForm, compute, what_works_page
from tests.browser import accessibility_violations

pytestmark = pytest.mark.django_db

SOURCE = "Partners+Pröpper, 2013, n=98 gemeenten / n=126 respondenten"
VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
NETWORKS = "nieuwe-netwerken-en-coalities"


# A small urlconf for the page until the project routes it (the real route wins when present).
def _finder_stand_in(request):
    return HttpResponse("")


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    *i18n_patterns(
        path("zoeken/", _finder_stand_in, name="search"),
        path("wat-werkt/", what_works_page, name="what_works"),
        path("", include(wagtail_urls)),
        prefix_default_language=False,
    ),
]


@contextmanager
def page_url():
    try:
        url = reverse("what_works")
    except NoReverseMatch:
        url = None
    if url:
        yield url
        return
    with override_settings(ROOT_URLCONF=__name__):
        yield reverse("what_works")


def get_page(params=None):
    with page_url() as url:
        return Client().get(url, params or {})


# Helpers -----------------------------------------------------------------------------------


@pytest.fixture
def documents():
    return list(published_documents())


@pytest.fixture
def what_works():
    return compute({})


def filters_of(query_string):
    return {name: set(values) for name, values in parse_qs(query_string).items()}


def finder_total(query_string):
    """What the finder shows for these query parameters."""
    return search(SearchQuery.build(filters=filters_of(query_string), per_page=1)).total


def by_hand(documents, filters):
    """The same count, made from the documents that should be in the index."""
    return sum(
        1
        for document in documents
        if all(
            set(document.keywords.get(name, ())) & set(values) for name, values in filters.items()
        )
    )


def by_slug(terms):
    return {term.slug: term for term in terms}


def cell(what_works, form, strategy):
    row = next(row for row in what_works.matrix.rows if row.form.slug == form)
    return next(c for c in row.cells if c.strategy.slug == strategy).link


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
    assert data["survey_source"] == SOURCE


# The page ----------------------------------------------------------------------------------


def test_page_renders_with_the_demo_content():
    response = get_page()
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Wat werkt?</h1>' in html
    assert "56%" in html  # ambtelijke ondersteuning, 2013
    assert SOURCE in html
    assert "nog geen praktijken" in html
    assert 'role="img" aria-labelledby="ww-chart-title ww-chart-desc"' in html
    assert 'id="ww-chart-title"' in html and 'id="ww-chart-desc"' in html
    assert '<th class="utrecht-table__header-cell" scope="col" rowspan="2"' in html
    assert 'scope="colgroup"' in html
    assert "Filters wissen" in html
    assert "<script" not in html


def test_page_links_go_to_the_finder_with_the_numbers_parameters():
    with page_url() as url:
        html = Client().get(url).content.decode()
        connections = by_slug(compute({}).strategies)["verbindingen-leggen"]
        finder = resolve(urlsplit(connections.practices.url).path)
    assert f'href="{escape(connections.practices.url)}"' in html
    assert finder.url_name in ("finder", "search")
    assert finder_total(urlsplit(connections.practices.url).query) == 1


def test_page_called_directly_as_a_view():
    with override_settings(ROOT_URLCONF=__name__):
        request = RequestFactory().get("/wat-werkt/", {"size": "tot-20000"})
        response = what_works_page(request)
    assert response.status_code == 200
    html = response.content.decode()
    assert "(uw keuze)" in html
    assert "42%" in html  # verbindingen leggen in small municipalities, 2013


def test_the_form_reports_errors_per_parameter_for_the_api():
    form = WhatWorksForm(QueryDict("size=tot-20000&size=heel-groot&sector=" + "x" * 300))
    assert not form.is_valid()
    errors = dict(form.error_list())
    assert set(errors) == {"size", "sector"}
    assert errors["size"].startswith("‘heel-groot’ kennen we niet als gemeentegrootte.")
    assert len(errors["sector"]) < 150  # a long value is shortened in the message
    form = WhatWorksForm(QueryDict("size=tot-20000&form="))
    assert form.is_valid()
    assert form.narrow() == {"form": set(), "size": {"tot-20000"}, "sector": set()}


def test_empty_filter_values_mean_all():
    response = get_page({"form": "", "size": "", "sector": ""})
    assert response.status_code == 200


def test_filters_without_practices_say_so():
    response = get_page({"sector": "jeugd-en-opvoeding"})
    assert response.status_code == 200
    assert "Met deze filters vinden we geen praktijken." in response.content.decode()


def test_no_published_practices_at_all():
    IndexEntry.objects.all().delete()
    response = get_page()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er staan nog geen gepubliceerde praktijken op deze site." in html
    assert "56%" in html  # the 2013 baseline stays
    assert 'role="img"' not in html


@hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(NARROWING),
    bad=st.text(min_size=1, max_size=80),
    with_a_good_value=st.booleans(),
)
def test_unknown_filter_values_give_400_with_a_dutch_message(name, bad, with_a_good_value):
    facet_model = {"form": Form, "size": SizeClass, "sector": Sector}[name]
    good = list(facet_model.objects.values_list("slug", flat=True))
    assume(bad not in good)
    values = [good[0], bad] if with_a_good_value else [bad]
    response = get_page({name: values})
    assert response.status_code == 400
    html = response.content.decode()
    assert "kennen we niet als" in html
    assert "Kies een" in html
    assert f'id="ww-filter-{name}-error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_has_no_wcag_violations(browser, demo_site_live):
    page = browser.new_page()
    failures = {}
    with page_url() as url:
        for params in ("", "?size=tot-20000", "?sector=jeugd-en-opvoeding", "?size=groot"):
            page.goto(demo_site_live.url + url + params)
            count, report = accessibility_violations(page)
            if count:
                failures[params or "no filters"] = report
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
