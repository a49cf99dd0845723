"""The "Wat werkt?" page: its figures, its links to the finder, and its filters."""

import re
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from practices.insights.computation import NARROWING, compute
from practices.insights.forms import WhatWorksForm
from practices.insights.views import what_works_page
from practices.taxonomy.models import Form, Sector, SizeClass
from search.models import IndexEntry
from tests.browser import accessibility_violations

from .counting import by_slug, finder_total

pytestmark = pytest.mark.django_db


def get_page(client, params=None):
    return client.get(reverse("what_works"), params or {})


@pytest.mark.parametrize("url", ["/wat-werkt/", "/en/wat-werkt/"])
def test_the_page_lives_at_wat_werkt_in_dutch_and_english(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.resolver_match.func is what_works_page
    assert response.resolver_match.url_name == "what_works"


def test_page_renders_with_the_demo_content(client):
    response = get_page(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Wat werkt?</h1>' in html
    assert "56%" in html  # ambtelijke ondersteuning, 2013
    assert "nog geen praktijken" in html
    assert 'role="img" aria-labelledby="ww-chart-title ww-chart-desc"' in html
    assert 'id="ww-chart-title"' in html and 'id="ww-chart-desc"' in html
    assert '<th class="utrecht-table__header-cell" scope="col" rowspan="2"' in html
    assert 'scope="colgroup"' in html
    assert "Filters wissen" in html
    # Everything is in the HTML; the one script only opens a folded section a link points to.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/js/what_works.js" defer>'], scripts


def test_page_links_go_to_the_finder_with_the_numbers_parameters(client):
    html = get_page(client).content.decode()
    connections = by_slug(compute({}).strategies)["verbindingen-leggen"]
    finder = resolve(urlsplit(connections.practices.url).path)
    assert f'href="{escape(connections.practices.url)}"' in html
    assert finder.url_name in ("finder", "search")
    assert finder_total(urlsplit(connections.practices.url).query) == 1


def test_page_called_directly_as_a_view():
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


def test_empty_filter_values_mean_all(client):
    response = get_page(client, {"form": "", "size": "", "sector": ""})
    assert response.status_code == 200


def test_filters_without_practices_say_so(client):
    response = get_page(client, {"sector": "jeugd-en-opvoeding"})
    assert response.status_code == 200
    assert "Met deze filters vinden we geen praktijken." in response.content.decode()


def test_no_published_practices_at_all(client):
    IndexEntry.objects.all().delete()
    response = get_page(client)
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
    response = get_page(Client(), {name: values})
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
    url = reverse("what_works")
    for params in ("", "?size=tot-20000", "?sector=jeugd-en-opvoeding", "?size=groot"):
        page.goto(demo_site_live.url + url + params)
        count, report = accessibility_violations(page)
        if count:
            failures[params or "no filters"] = report
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_is_a_short_list_with_a_table_of_contents(browser, demo_site_live, width):
    """Each strategy and form is folded to its title and count; the contents lead to them."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(demo_site_live.url + reverse("what_works"))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 10_000, f"{height} px tall at {width} px wide"  # 21,131 px at 390 before
    folded = page.locator("details.ww-term:not([open])")
    assert folded.count() == page.locator("details.ww-term").count() > 15
    toc = page.get_by_role("navigation", name="Op deze pagina")
    toc.get_by_role("link", name="Per vorm van doe-democratie").click()
    assert page.evaluate("location.hash") == "#ww-forms-heading"
    first_form = page.locator("#ww-forms-heading ~ .ww-terms details.ww-term").first
    first_form.locator("summary").focus()
    page.keyboard.press("Enter")
    assert first_form.evaluate("details => details.open")
    assert first_form.get_by_text("Praktijken op deze site").is_visible()
    count, report = accessibility_violations(page)
    page.close()
    assert count == 0, report


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_link_to_a_strategy_opens_it(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + reverse("what_works"))
    target = page.locator("details.ww-term").first
    anchor = target.get_attribute("id")
    page.goto(demo_site_live.url + reverse("what_works") + "#" + anchor)
    assert target.evaluate("details => details.open")
    page.close()
