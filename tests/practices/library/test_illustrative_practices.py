"""The fictitious example practices that show a newcomer a full index (platform/run only).

Every one is marked as fictitious wherever it appears: its page, the listing cards, the finder's
cards and the API's results. With them loaded, every form and strategy has practices.
"""

import io
import math
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction

from practices.insights.computation import compute
from practices.library.demo import ILLUSTRATIVE_FILE, load_illustrative_practices, read_data
from practices.library.models import PAGE_SIZE, PracticeIndexPage, PracticePage
from practices.municipalities.models import Province
from practices.taxonomy.models import Form, SizeClass, Strategy

pytestmark = pytest.mark.django_db

MARK = "Fictief voorbeeld"


@pytest.fixture(scope="module", autouse=True)
def illustrative_set(django_db_setup, django_db_blocker):
    """The set, loaded once for this module and rolled back after it: every other test sees
    only the report's examples."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_illustrative_practices()
        # Publishing queues index updates for after the commit, which never comes here.
        call_command("reconcile_search_index", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def illustrative_pages():
    return (
        PracticePage.objects.live()
        .filter(illustrative=True)
        .select_related("municipality")
        .prefetch_related("forms", "strategies", "factors")
    )


def soup(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.text, "html.parser")


def is_marked(card):
    return any(" ".join(p.get_text().split()) == MARK for p in card.find_all("p"))


def test_the_command_loads_every_practice_of_the_set_at_least_fifty():
    entries = read_data(ILLUSTRATIVE_FILE)["practices"]
    assert len(entries) >= 50
    assert {page.slug for page in illustrative_pages()} == {entry["slug"] for entry in entries}


def test_loading_again_changes_nothing():
    before = sorted(PracticePage.objects.values_list("url_path", "illustrative"))
    out = io.StringIO()
    call_command("load_illustrative_practices", stdout=out)
    assert "niets nieuw" in out.getvalue()
    assert sorted(PracticePage.objects.values_list("url_path", "illustrative")) == before


def test_the_reports_examples_stay_as_they_are_and_real():
    real = PracticePage.objects.live().filter(illustrative=False)
    assert real.count() == len(read_data(ILLUSTRATIVE_FILE.with_name("demo.toml"))["practices"])


def test_the_set_covers_every_form_strategy_size_province_and_outcome():
    pages = list(illustrative_pages())
    assert {form for page in pages for form in page.forms.all()} == set(Form.objects.all())
    strategies = {strategy for page in pages for strategy in page.strategies.all()}
    assert strategies == set(Strategy.objects.all())
    sizes = {page.municipality.size_class for page in pages}
    assert sizes == set(SizeClass.objects.all())
    assert {page.municipality.province for page in pages} == set(Province.values)
    outcomes = Counter(page.status for page in pages)
    assert set(outcomes) == {"lopend", "afgerond", "gestopt"}


def test_stopped_practices_say_why_and_what_others_can_learn():
    stopped = [page for page in illustrative_pages() if page.status == "gestopt"]
    assert len(stopped) >= 5
    for page in stopped:
        assert page.stop_reason.strip(), page.title
        assert page.factor_list["failure"], page.title
        result = next(block for block in page.body if block.block_type == "result")
        assert "Wat we ervan leren" in result.value.source, page.title


def test_success_and_failure_factors_come_with_their_explanation():
    uses = [use for page in illustrative_pages() for use in page.factors.all()]
    assert {use.kind for use in uses} == {"success", "failure"}
    assert all(use.explanation.strip() for use in uses)


def test_every_form_page_lists_practices(client):
    index = PracticeIndexPage.objects.get()
    for form in Form.objects.all():
        html = soup(client, index.url + f"vorm/{form.slug}/")
        assert "Er zijn nog geen praktijken" not in html.get_text(), form.name
        assert html.select("#practices-heading ~ ul li.card"), form.name


def test_every_strategy_has_practices_in_the_what_works_ranking():
    ranking = compute().ranking
    assert len(ranking) == Strategy.objects.count()
    assert [s.label for s in ranking if not s.practices.count] == []


def page_notice(html):
    """The notice at the top of a practice page (cards further down carry their own mark)."""
    return html.select_one("article > .site-notice")


def test_every_fictitious_practice_says_so_on_its_page(client):
    for page in illustrative_pages():
        notice = page_notice(soup(client, page.url))
        assert notice is not None and MARK in notice.get_text(), page.title


def test_a_practice_from_the_report_carries_no_mark(client):
    for page in PracticePage.objects.live().filter(illustrative=False):
        assert page_notice(soup(client, page.url)) is None, page.title


def test_listing_cards_mark_the_fictitious_practices_and_only_them(client):
    index = PracticeIndexPage.objects.get()
    illustrative = {page.url for page in illustrative_pages()}
    seen = set()
    for number in range(1, math.ceil(PracticePage.objects.live().count() / PAGE_SIZE) + 1):
        for card in soup(client, index.url, page=number).select("li.card"):
            url = card.h3.a["href"]
            assert is_marked(card) == (url in illustrative), url
            seen.add(url)
    assert illustrative <= seen
    strategy = Strategy.objects.get(slug="maatschappelijk-aanbesteden")
    cards = soup(client, index.url + f"strategie/{strategy.slug}/").select("li.card")
    assert cards and all(is_marked(card) for card in cards)


def test_every_fictitious_practice_is_marked_on_its_card_in_the_finder(client):
    illustrative = {page.url for page in illustrative_pages()}
    seen = set()
    number, pages = 1, 1
    while number <= pages:
        response = client.get("/api/v1/practices/", {"type": "praktijk", "page": number})
        pages = response.json()["pages"]
        html = soup(client, "/zoeken/", type="praktijk", page=number)
        for card in html.select("li.card"):
            url = card.h3.a["href"]
            assert is_marked(card) == (url in illustrative), url
            seen.add(url)
        number += 1
    assert seen >= illustrative


def test_every_api_hit_says_whether_it_is_fictitious(client):
    illustrative = {page.url for page in illustrative_pages()}
    flags = {}
    number, pages = 1, 1
    while number <= pages:
        data = client.get("/api/v1/practices/", {"page": number}).json()
        pages = data["pages"]
        flags.update({hit["url"]: hit["illustrative"] for hit in data["results"]})
        number += 1
    assert {url for url, flag in flags.items() if flag} == illustrative
    assert all(isinstance(flag, bool) for flag in flags.values())
