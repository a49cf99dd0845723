"""The practice finder page: words, facets, similar municipalities and ways out of nothing.

Above the results the page says what the search understood: a typo it fixed (with the way
back to the words as typed), taxonomy terms the words name (offered as a filter), and that no
result has all the words.
"""

import html as html_module
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from search.facets import FACETS
from search.forms import MAX_QUERY_LENGTH
from search.help import meaningful_words
from search.interpretation import Correction, Interpretation
from search.models import IndexEntry

pytestmark = pytest.mark.django_db

VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
SELF_MANAGEMENT = "zelfbeheer-openbare-ruimte"
OUDEWATER, ASSEN = "GM0589", "GM0106"
POOL = "Stichting Beheer Zwembad Oudewater"


def titles(html):
    """The result titles on a finder page, in the order shown."""
    found = re.findall(r'class="utrecht-heading-3 card__title"[^>]*><a [^>]*>([^<]+)</a>', html)
    return [html_module.unescape(title) for title in found]


def links(html):
    """{link text without markup: href} of a page, with &amp; read as &."""
    return {
        re.sub(r"<[^>]+>", "", text).strip(): html_module.unescape(href)
        for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S)
    }


def section(html, heading_id):
    """The markup of the <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


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


# -- What the search understood --------------------------------------------------------------
def test_a_typo_is_searched_corrected_and_says_so_with_a_link_to_the_words_as_typed(client):
    html = client.get("/zoeken/", {"q": "zwembd"}).text
    assert POOL in titles(html)
    assert "Resultaten voor <strong>zwembad</strong>. Zocht u toch op ‘" in html
    assert links(html)["zwembd"] == "?q=zwembd&literal=1"


def test_only_the_corrected_word_is_replaced_in_the_typed_text(client):
    html = client.get("/zoeken/", {"q": "Bibiotheek vrijwilligers"}).text
    assert "Leencafé" in titles(html)
    assert "Resultaten voor <strong>bibliotheek</strong> vrijwilligers." in html
    assert links(html)["Bibiotheek vrijwilligers"] == "?q=Bibiotheek+vrijwilligers&literal=1"


def test_markup_around_a_corrected_word_is_shown_as_text(client):
    html = client.get("/zoeken/", {"q": "<b>zwembd</b>"}).text
    assert "Resultaten voor &lt;b&gt;<strong>zwembad</strong>&lt;/b&gt;." in html
    assert "<b>zwembd" not in html


def test_the_words_as_typed_are_searched_literally_without_a_notice(client):
    html = client.get("/zoeken/", {"q": "zwembd", "literal": "1"}).text
    assert "Zocht u toch op" not in html
    assert titles(html) == []
    # The way out is the correction the search would have made.
    assert links(html)["Zoek op ‘zwembad’"] == "?q=zwembd"


def test_a_way_out_never_repeats_the_correction_the_search_already_made(client):
    html = client.get("/zoeken/", {"q": "zwembd", "form": "sociaal-ondernemerschap"}).text
    assert "Resultaten voor <strong>zwembad</strong>." in html
    assert "Zoek op" not in html
    assert "Zonder het filter ‘Sociaal ondernemerschap’" in links(html)


def test_a_word_that_names_a_taxonomy_term_offers_it_as_a_filter(client):
    html = client.get("/zoeken/", {"q": "zelfbeheer"}).text
    assert "Bedoelt u de vorm <em>Zelfbeheer openbare ruimte</em>?" in html
    offer = links(html)["Filter hierop (de vorm Zelfbeheer openbare ruimte)"]
    assert offer == f"?q=zelfbeheer&form={SELF_MANAGEMENT}"
    filtered = client.get("/zoeken/" + offer).text
    chosen = "Vorm van doe-democratie: Zelfbeheer openbare ruimte ✕ (filter weghalen)"
    assert chosen in links(filtered)
    assert "Bedoelt u de vorm" not in filtered  # chosen: no longer offered


def test_an_offer_keeps_the_filters_already_chosen(client):
    html = client.get("/zoeken/", {"q": "faciliteren zwembad", "size": "tot-20000"}).text
    assert "Bedoelt u de trede <em>Faciliteren</em>?" in html
    offer = links(html)["Filter hierop (de trede Faciliteren)"]
    assert offer == "?q=faciliteren+zwembad&rung=faciliteren&size=tot-20000"


def test_results_without_all_the_words_say_so(client):
    html = client.get("/zoeken/", {"q": "zwembad bibliotheek"}).text
    assert {POOL, "Leencafé"} <= set(titles(html))
    notice = "Geen resultaat bevat al uw zoekwoorden. Dit zijn de resultaten die er het meest op"
    assert notice in html
    assert notice not in client.get("/zoeken/", {"q": "zwembad"}).text


def test_what_was_understood_is_said_in_english_under_en(client):
    corrected = client.get("/en/zoeken/", {"q": "zwembd"}).text
    assert "Showing results for <strong>zwembad</strong>. Search instead for ‘" in corrected
    offered = client.get("/en/zoeken/", {"q": "faciliteren zwembad"}).text
    assert "Do you mean the rung <em>Facilitating</em>?" in offered
    assert "No result contains all of your search terms." in offered


# -- An empty page --------------------------------------------------------------------------
def test_ways_out_offer_only_words_that_carry_meaning(client):
    html = client.get(
        "/zoeken/", {"q": "hoe help ik bewoners met qqqzzz", "form": "sociaal-ondernemerschap"}
    ).text
    assert "Geen resultaten voor" in html
    assert "Alleen ‘help’, zonder het filter ‘Sociaal ondernemerschap’" in links(html)
    for stop_word in ("hoe", "ik", "met"):
        assert f"‘{stop_word}’" not in html


def test_the_meaningful_words_leave_out_stop_words_and_bare_numbers():
    assert meaningful_words("Hoe help ik bewoners met 2013 en met qqqzzz?") == [
        "help",
        "bewoners",
        "qqqzzz",
    ]


def test_the_meaningful_words_are_the_words_as_the_search_used_them():
    understood = Interpretation(corrections=(Correction("zwembd", "zwembad"),), ignored=("vind",))
    assert meaningful_words("Vind Zwembd vrijwilligers", understood) == ["zwembad", "vrijwilligers"]


def test_the_empty_page_says_what_gave_nothing(client):
    def heading(params):
        html = client.get("/zoeken/", params).text
        return re.search(r'site-empty">\s*<p [^>]*><strong>(.*?)</strong>', html)[1]

    assert heading({"q": "qqqzzz"}) == "Geen resultaten voor ‘qqqzzz’."
    with_filter = {"q": "bibliotheek", "form": "sociaal-ondernemerschap"}
    assert heading(with_filter) == "Geen resultaten voor ‘bibliotheek’ met deze filters."
    only_filters = {"form": "sociaal-ondernemerschap", "size": "tot-20000"}
    assert heading(only_filters) == "Geen resultaten met deze filters."
    IndexEntry.objects.all().delete()
    assert heading({}) == "Er zijn nog geen praktijken."


# -- Gemeenten zoals de mijne ---------------------------------------------------------------
def test_my_municipality_puts_its_practices_first_when_browsing(client):
    assert titles(client.get("/zoeken/").text).index(POOL) > 0  # newest first: 10th
    assert titles(client.get("/zoeken/", {"mijn_gemeente": OUDEWATER}).text)[0] == POOL


def test_my_municipality_puts_its_practices_first_among_the_matches(client):
    assert titles(client.get("/zoeken/", {"q": "vrijwilligers"}).text)[-1] == "Leencafé"
    ranked = client.get("/zoeken/", {"q": "vrijwilligers", "mijn_gemeente": ASSEN}).text
    assert titles(ranked)[0] == "Leencafé"


@pytest.mark.parametrize("code", ["GM0\x00589", "\x00", "x" * 500, "GM05890", "gm 0589"])
def test_a_malformed_municipality_code_is_no_choice_and_never_reaches_the_database(client, code):
    # PostgreSQL refuses a NUL byte in any query (a 500); SQLite, the test database, takes it.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/", {"mijn_gemeente": code})
    assert response.status_code == 200
    assert "mijn_gemeente" not in client.session
    assert not [query for query in queries if '"cbs_code" =' in query["sql"]]


def test_my_municipality_is_remembered_shown_and_can_be_undone(client):
    client.get("/zoeken/", {"mijn_gemeente": ASSEN})
    later = section(client.get("/zoeken/", {"q": "vrijwilligers"}).text, "mine-heading")
    assert f'<option value="{ASSEN}" selected>Assen</option>' in later
    assert "dezelfde provincie als Assen staan bovenaan" in later
    undo = links(later)["Niet meer voorrang geven"]
    assert undo == "?q=vrijwilligers&mijn_gemeente="
    undone = section(client.get("/zoeken/" + undo).text, "mine-heading")
    assert "selected" not in undone
    assert "Niet meer voorrang geven" not in undone


def test_choosing_my_municipality_keeps_the_words_and_filters(client):
    params = {"q": "vrijwilligers", "form": VOLUNTEERING, "sort": "newest", "page": "1"}
    mine = section(client.get("/zoeken/", params).text, "mine-heading")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', mine))
    assert hidden == {"q": "vrijwilligers", "form": VOLUNTEERING, "sort": "newest"}


def test_newest_first_does_not_claim_my_municipality_comes_first(client):
    html = client.get("/zoeken/", {"sort": "newest", "mijn_gemeente": OUDEWATER}).text
    assert "staan bovenaan" not in section(html, "mine-heading")
    assert "komen bovenaan als u sorteert op ‘Best passend’" in html


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
    st.one_of(
        FACET_NAMES,
        st.sampled_from(["q", "page", "sort", "year_from", "year_to", "literal", "mijn_gemeente"]),
    ),
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
