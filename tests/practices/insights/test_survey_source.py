"""The 2013 survey is cited from one setting, on every page that cites it and in the API."""

import pytest
from django.test import override_settings

from practices.library.models import PracticeIndexPage

pytestmark = pytest.mark.django_db

ANOTHER_SOURCE = "Onderzoeksbureau Voorbeeld, 2014, n=12 gemeenten"
# Where the citation is; the practice index's own address comes from the page tree.
PAGES = {
    "what works": ("", "/wat-werkt/"),
    "what works for one size": ("", "/wat-werkt/?size=tot-20000"),
    "a strategy's figures": ("index", "strategie/ambtelijke-ondersteuning/"),
    "a form's figures": ("index", "vorm/nieuwe-netwerken-en-coalities/"),
    "the footer of every page": ("", "/"),
}


def url_of(name):
    base, path = PAGES[name]
    return (PracticeIndexPage.objects.get().url if base == "index" else "") + path


@pytest.mark.parametrize("name", PAGES)
def test_a_page_cites_the_survey_from_the_setting(client, name):
    with override_settings(SURVEY_2013_SOURCE=ANOTHER_SOURCE):
        html = client.get(url_of(name)).content.decode()
    assert ANOTHER_SOURCE in html
    # No copy of the citation typed into a template. (Each figure's own base, such as
    # "n=98 gemeenten", is data of that figure and stays.)
    assert "Pröpper" not in html


def test_the_survey_figures_and_the_what_works_page_say_bron(client):
    html = client.get(url_of("a strategy's figures")).content.decode()
    assert "Bron: Partners+Pröpper, 2013, n=98 gemeenten / n=126 respondenten" in html
    html = client.get("/wat-werkt/").content.decode()
    assert "Bron: Partners+Pröpper, 2013, n=98 gemeenten / n=126 respondenten" in html
    assert "Bron van de cijfers uit 2013: Partners+Pröpper, 2013" in html


def test_the_api_cites_the_survey_from_the_setting(client):
    with override_settings(SURVEY_2013_SOURCE=ANOTHER_SOURCE):
        data = client.get("/api/v1/what-works/").json()
    assert data["survey_source"] == ANOTHER_SOURCE
