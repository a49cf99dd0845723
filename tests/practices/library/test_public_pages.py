"""Every public page renders with the demo content, in Dutch, and answers clearly when not found."""

import pytest
from wagtail.models import Page

from practices.library.models import PracticeIndexPage, PracticePage, ToolPage
from practices.taxonomy.models import Form, Strategy

pytestmark = pytest.mark.django_db


def practice_index():
    return PracticeIndexPage.objects.get()


def public_urls():
    index = practice_index()
    urls = [page.url for page in Page.objects.live().public().specific() if page.depth > 1]
    urls += [index.url + f"vorm/{form.slug}/" for form in Form.objects.all()]
    urls += [index.url + f"strategie/{strategy.slug}/" for strategy in Strategy.objects.all()]
    urls += [index.url + "kennisniveaus/", "/zoeken/", "/zoeken/?q=zwembad", "/sitemap.xml"]
    return urls


def test_every_public_page_renders(client):
    urls = public_urls()
    assert len(urls) > 30
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_pages_are_dutch_by_default_and_english_on_request(client):
    assert '<html lang="nl"' in client.get("/").text
    assert '<html lang="en"' in client.get("/en/").text


def test_a_practice_page_shows_the_story_facts_and_factors(client):
    page = PracticePage.objects.get(title="Stichting Beheer Zwembad Oudewater")
    html = client.get(page.url).text
    assert "Oudewater" in html
    assert "Utrecht" in html
    assert "Minder dan 20.000 inwoners" in html
    for factor in page.factors.all():
        assert factor.factor.name in html
    assert "Vrijwilligerswerk en zelforganisatie" in html


def test_a_strategy_page_shows_its_2013_baseline_with_the_source(client):
    url = practice_index().url + "strategie/ambtelijke-ondersteuning/"
    html = client.get(url).text
    assert "Initiatiefnemers ondersteunen met tijd en deskundigheid" in html
    assert "56%" in html
    assert "Partners+Pröpper" in html


def test_a_form_page_lists_its_practices(client):
    url = practice_index().url + "vorm/vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen/"
    html = client.get(url).text
    assert "Leencafé" in html
    assert "Stichting Beheer Zwembad Oudewater" in html


def test_a_tool_page_lists_the_practices_that_used_it(client):
    tool = ToolPage.objects.get(practice_links__isnull=False, title__icontains="ideeënmakelaar")
    assert "Samen maken we de stad" in client.get(tool.url).text


@pytest.mark.parametrize(
    "path",
    ["/bestaat-niet/", "/praktijken/vorm/onbekend/", "/praktijken/strategie/onbekend/"],
)
def test_an_unknown_address_gets_the_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "niet gevonden" in response.text.lower()


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "999", "1e3", ""])
def test_a_listing_page_number_that_does_not_exist_is_a_404_not_an_error(client, page_number):
    response = client.get(practice_index().url, {"page": page_number})
    assert response.status_code == 404


def test_sitemap_lists_practices_and_taxonomy_listings(client):
    xml = client.get("/sitemap.xml").text
    for practice in PracticePage.objects.live():
        assert practice.url in xml
    assert "/praktijken/strategie/verbindingen-leggen/" in xml


@pytest.mark.parametrize("page_number", ["²", "٣", "1.0", " 1"])
def test_page_numbers_must_be_plain_digits(client, page_number):
    assert client.get(practice_index().url, {"page": page_number}).status_code == 404


def test_practice_and_tool_pages_link_their_forms_and_strategies_to_the_listings(client):
    practice = PracticePage.objects.get(title="Samen maken we de stad")
    html = client.get(practice.url).text
    assert practice_index().url + "strategie/verbindingen-leggen/" in html
    assert practice_index().url + "vorm/nieuwe-netwerken-en-coalities/" in html
    tool = ToolPage.objects.filter(strategies__isnull=False).first()
    assert practice_index().url + "strategie/" in client.get(tool.url).text


def test_a_practice_page_offers_similar_practices_but_not_itself(client):
    page = PracticePage.objects.get(title="Samen maken we de stad")
    html = client.get(page.url).text
    assert "Vergelijkbare praktijken" in html
    similar = html.split('id="similar-heading"')[1]
    assert f'href="{page.url}"' not in similar
    assert "card--praktijk" in similar
