"""The practice finder page: words, facets, similar municipalities and ways out of nothing."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from search.facets import FACETS
from search.forms import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db

VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"


def test_dutch_words_find_the_practice_with_the_match_highlighted(client):
    html = client.get("/zoeken/", {"q": "zwembaden"}).text
    assert "Stichting Beheer Zwembad Oudewater" in html
    assert "<mark>" in html


def test_facets_show_counts_and_only_values_that_give_results(client):
    html = client.get("/zoeken/", {"form": VOLUNTEERING}).text
    assert 'value="tot-20000"' in html
    assert 'value="100000-plus"' not in html  # Zwolle's size: no volunteering practice there


def test_a_chosen_filter_can_be_removed_on_its_own(client):
    html = client.get("/zoeken/", {"form": VOLUNTEERING, "size": "tot-20000"}).text
    assert "size=tot-20000" in html.replace("&amp;", "&")
    assert "(filter weghalen)" in html


def test_no_results_offers_a_way_out_with_its_count(client):
    html = client.get("/zoeken/", {"q": "bibliotheek", "form": "sociaal-ondernemerschap"}).text
    assert "Geen resultaten" in html
    assert "Zonder het filter" in html
    assert "q=bibliotheek" in html


def test_a_typo_gets_a_did_you_mean(client):
    html = client.get("/zoeken/", {"q": "zwembd"}).text
    assert "zwembad" in html.lower()
    assert "Zoek op ‘zwembad’" in html


def test_my_municipality_is_remembered_ranks_similar_ones_first_and_can_be_undone(client):
    first = client.get("/zoeken/", {"q": "vrijwilligers", "mijn_gemeente": "GM0106"}).text
    assert "Niet meer voorrang geven" in first
    later = client.get("/zoeken/", {"q": "vrijwilligers"}).text
    assert later.index("Leencafé") < later.index("Stichting Beheer Zwembad Oudewater")
    client.get("/zoeken/", {"mijn_gemeente": ""})
    assert "Niet meer voorrang geven" not in client.get("/zoeken/").text


def test_bad_parameters_get_a_dutch_message_and_a_400(client):
    response = client.get("/zoeken/", {"form": "bestaat-niet", "year_from": "twintig"})
    assert response.status_code == 400
    assert "geen bekende keuze" in response.text
    assert "Vul een jaartal in" in response.text


def test_a_query_that_is_too_long_is_refused_plainly(client):
    response = client.get("/zoeken/", {"q": "zwembad " * 40})
    assert response.status_code == 400
    assert f"maximaal {MAX_QUERY_LENGTH} tekens" in response.text


FACET_NAMES = st.sampled_from([facet.name for facet in FACETS])
PARAMS = st.dictionaries(
    st.one_of(FACET_NAMES, st.sampled_from(["q", "page", "sort", "year_from", "year_to"])),
    st.text(max_size=60),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(params=PARAMS)
def test_any_parameters_get_an_answer_never_a_server_error(params):
    response = Client().get("/zoeken/", params)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_markup_in_parameters_is_shown_as_text(client, payload):
    response = client.get("/zoeken/", {"q": payload, "form": payload})
    assert payload not in response.text
    assert payload not in client.get("/zoeken/", {"q": payload}).text


def test_editors_maintain_synonyms_and_search_uses_them_at_once(client, django_user_model):
    from search.models import SynonymGroup

    editor = django_user_model.objects.create_superuser("syn", "syn@example.org", "geheim")
    client.force_login(editor)
    assert client.get("/admin/snippets/search/synonymgroup/", {"q": "wijk"}).status_code == 200
    assert "Leencafé" not in client.get("/zoeken/", {"q": "uitleenpunt"}).text
    SynonymGroup.objects.create(terms="uitleenpunt, leencafé")
    assert "Leencafé" in client.get("/zoeken/", {"q": "uitleenpunt"}).text
