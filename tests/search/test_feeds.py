"""The Atom feed of the finder (search/feeds.py), read back by a real feed parser.

A feed reader subscribes to /feeds/praktijken/ with the finder's parameters: the feed must be
valid Atom, hold the finder's results for those parameters, the last updated first, mark a
fictitious example, follow a republished practice to the top, and refuse a bad parameter
with a plain-Dutch 400, never a 500.
"""

import html
import io
from datetime import datetime, timedelta

import feedparser
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Site

from practices.library.models import PracticePage, ToolPage
from search import feeds, service
from search.documents import page_id_of, published_documents
from search.facets import FACETS, choices_read_once
from search.forms import FinderForm

pytestmark = pytest.mark.django_db

FEED = "/feeds/praktijken/"
SERVER = "http://testserver"
SELF_MANAGEMENT = "zelfbeheer-openbare-ruimte"
VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
OUDEWATER = "Stichting Beheer Zwembad Oudewater"
BAD_PARAMETERS = "Deze feed kunnen we niet maken. Verander dit in het adres:"


def parsed(response):
    """The feed as a feed reader reads it; it must be well-formed Atom 1.0."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(io.BytesIO(response.content))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def feed_of(client, params=None, path=FEED):
    return parsed(client.get(path, params or {}))


def paths(feed):
    return [entry.link.removeprefix(SERVER) for entry in feed.entries]


def finder_results(client, params):
    """The URLs of every result of the finder for these parameters (all its pages, through
    the API, which answers with the finder's form and search)."""
    found, page = [], 1
    while True:
        data = client.get("/api/v1/practices/", {**params, "page": page}).json()
        found += [hit["url"] for hit in data["results"]]
        if page >= data["pages"]:
            return found
        page += 1


def published_pages():
    return Page.objects.live().public().type(PracticePage, ToolPage).specific()


def last_updated_first(pages):
    return sorted(pages, key=lambda page: (page.last_published_at, page.pk), reverse=True)


def republish(page):
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk)


def moment(text):
    return datetime.fromisoformat(text)


# -- A valid feed ------------------------------------------------------------------------------
def test_the_feed_is_valid_atom_with_its_title_links_id_and_last_update(client):
    feed = feed_of(client)
    assert feed.feed.title == "Praktijkbank doe-democratie: alle praktijken en instrumenten"
    assert feed.feed.link == f"{SERVER}/zoeken/"
    own = [link.href for link in feed.feed.links if link.rel == "self"]
    assert own == [f"{SERVER}{FEED}"]
    assert feed.feed.id == f"{SERVER}{FEED}"
    assert feed.feed.author == "Praktijkbank doe-democratie"
    newest = max(page.last_published_at for page in published_pages())
    assert moment(feed.feed.updated) == newest


def test_the_feed_lists_every_published_practice_and_tool_last_updated_first(client):
    feed = feed_of(client)
    expected = last_updated_first(published_pages())[: feeds.FEED_SIZE]
    assert paths(feed) == [page.url for page in expected]
    assert [entry.title for entry in feed.entries] == [page.title for page in expected]
    assert sorted(paths(feed)) == sorted(finder_results(client, {}))


def test_an_entry_has_its_title_link_id_dates_summary_and_categories(client, site):
    page = PracticePage.objects.get(title=OUDEWATER)
    entry = next(entry for entry in feed_of(client).entries if entry.title == OUDEWATER)
    assert entry.link == f"{SERVER}{page.url}"
    date = page.first_published_at.date().isoformat()
    assert entry.id == f"tag:{site.hostname},{date}:page/{page.pk}"
    assert moment(entry.updated) == page.last_published_at
    assert moment(entry.published) == page.first_published_at
    assert html.unescape(entry.summary) == page.summary
    terms = {tag.term for tag in entry.tags}
    names = {term.name for term in [*page.forms.all(), *page.strategies.all()]}
    assert names and names | {"Praktijk", page.municipality.name} == terms


def test_a_tool_says_it_is_a_tool(client):
    tool = ToolPage.objects.live().first()
    entry = next(entry for entry in feed_of(client).entries if entry.title == tool.title)
    assert "Instrument" in {tag.term for tag in entry.tags}


def test_markup_in_a_summary_is_read_as_text(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    page.summary = "Bad & zwembad <b>blijven</b> open."
    republish(page)
    entry = feed_of(client).entries[0]
    assert entry.title == OUDEWATER
    assert html.unescape(entry.summary) == "Bad & zwembad <b>blijven</b> open."


def test_characters_xml_cannot_hold_are_left_out_of_the_words_and_the_pages(client):
    page = PracticePage.objects.get(title=OUDEWATER)
    page.summary = "Het zwembad\x0bblijft open.\x1b"
    republish(page)
    feed = feed_of(client, {"q": "zwembad\x1b"})
    assert feed.feed.title == "Praktijkbank doe-democratie: ‘zwembad’"
    assert [html.unescape(entry.summary) for entry in feed.entries] == ["Het zwembadblijft open."]


def test_the_english_feed_links_the_english_pages_with_the_same_entry_ids(client):
    dutch = feed_of(client)
    english = feed_of(client, path="/en" + FEED)
    assert english.feed.language == "en"
    assert english.feed.link == f"{SERVER}/en/zoeken/"
    assert all(path.startswith("/en/") for path in paths(english))
    assert [entry.id for entry in english.entries] == [entry.id for entry in dutch.entries]


# -- Fictitious examples -----------------------------------------------------------------------
def test_a_fictitious_example_says_so_in_its_title_and_a_category(client):
    PracticePage.objects.filter(title=OUDEWATER).update(illustrative=True)
    entries = feed_of(client).entries
    marked = [entry for entry in entries if entry.title.startswith("[Fictief voorbeeld] ")]
    assert [entry.title for entry in marked] == [f"[Fictief voorbeeld] {OUDEWATER}"]
    assert "Fictief voorbeeld" in {tag.term for tag in marked[0].tags}
    others = [entry for entry in entries if entry not in marked]
    assert not any("Fictief voorbeeld" in {tag.term for tag in e.tags} for e in others)


def test_the_english_feed_marks_a_fictitious_example_in_english(client):
    PracticePage.objects.filter(title=OUDEWATER).update(illustrative=True)
    titles = [entry.title for entry in feed_of(client, path="/en" + FEED).entries]
    assert f"[Fictitious example] {OUDEWATER}" in titles


# -- Republishing ------------------------------------------------------------------------------
def test_a_republished_practice_moves_to_the_top_with_its_new_update(client):
    before = feed_of(client)
    oldest = PracticePage.objects.live().order_by("first_published_at").first()
    assert paths(before)[0] != oldest.url
    republished = republish(oldest)
    after = feed_of(client)
    top = after.entries[0]
    assert top.link == f"{SERVER}{oldest.url}"
    assert moment(top.updated) == republished.last_published_at > oldest.last_published_at
    assert moment(top.published) == oldest.first_published_at
    assert moment(after.feed.updated) == republished.last_published_at
    assert top.id == next(e.id for e in before.entries if e.link == top.link)


def test_a_republished_practice_moves_to_the_top_of_a_filtered_feed(client):
    params = {"type": "praktijk", "form": VOLUNTEERING}
    in_results = finder_results(client, params)
    oldest = min(
        (page for page in PracticePage.objects.live() if page.url in in_results),
        key=lambda page: page.first_published_at,
    )
    republish(oldest)
    assert paths(feed_of(client, params))[0] == oldest.url


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_last_updated_results_are_found_however_the_results_are_read(data, monkeypatch):
    """recently_updated reads the results a few at a time in order of first publication; a
    page republished later, far down that order, must still come out on top."""
    with transaction.atomic():
        query = _finder_query(data.draw(st.sampled_from([{"type": "praktijk"}, {"q": "buurt"}])))
        results = _all_results(query)
        updated = data.draw(st.lists(st.sampled_from(results), unique=True, max_size=4))
        for hours, page_id in enumerate(updated, start=1):
            later = Page.objects.get(pk=page_id).last_published_at + timedelta(hours=hours)
            Page.objects.filter(pk=page_id).update(last_published_at=later)
        monkeypatch.setattr(feeds, "SCAN_PAGE", data.draw(st.integers(1, 4)))
        limit = data.draw(st.integers(1, 6))
        found = [page.pk for page in feeds.recently_updated(query, limit=limit)]
        every = last_updated_first(Page.objects.filter(pk__in=results))
        assert found == [page.pk for page in every[:limit]]
        transaction.set_rollback(True)


def _finder_query(params):
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    with choices_read_once():
        form = FinderForm(data)
        assert form.is_valid(), form.errors
        return form.to_query()


def _all_results(query):
    result = service.search(query.replace(per_page=1000))
    return [page_id_of(hit.key) for hit in result.hits]


# -- The feed of a search ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"form": SELF_MANAGEMENT},
        {"q": "zwembad"},
        {"q": "zwembd"},  # corrected as in the finder
        {"q": "groen", "form": SELF_MANAGEMENT},
        {"form": VOLUNTEERING, "size": "tot-20000"},
        {"type": "praktijk"},
        {"type": "instrument"},
        {"year_from": "2005", "year_to": "2012"},
        {"q": "bibliotheek", "form": "sociaal-ondernemerschap"},  # nothing
    ],
)
def test_the_feed_of_a_search_holds_the_finders_results_last_updated_first(client, params):
    feed = feed_of(client, params)
    assert sorted(paths(feed)) == sorted(finder_results(client, params))
    updates = [moment(entry.updated) for entry in feed.entries]
    assert updates == sorted(updates, reverse=True)
    assert feed.feed.link == f"{SERVER}/zoeken/?{_canonical(params)}"
    assert feed.feed.id == f"{SERVER}{FEED}?{_canonical(params)}"


def _canonical(params):
    return feeds._canonical(_finder_query(params)).as_params()


def test_the_feed_title_names_the_words_and_the_filters(client):
    feed = feed_of(client, {"q": "groen", "form": SELF_MANAGEMENT, "year_from": "2010"})
    assert feed.feed.title == (
        "Praktijkbank doe-democratie: ‘groen’; Vorm van doe-democratie: Zelfbeheer openbare "
        "ruimte; Gestart vanaf 2010"
    )


def test_the_page_and_the_order_of_the_finder_do_not_make_another_feed(client):
    plain = feed_of(client, {"form": VOLUNTEERING})
    paged = feed_of(client, {"form": VOLUNTEERING, "page": "2", "sort": "newest"})
    assert paged.feed.id == plain.feed.id
    assert paths(paged) == paths(plain)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_search_of_known_values_gives_the_finders_results(data):
    client = Client()
    params = {}
    if text := data.draw(st.sampled_from(["", "zwembad", "buurt", "vrijwilligers", "bibiotheek"])):
        params["q"] = text
    with choices_read_once():
        choices = {facet.name: [value for value, _ in facet.choices()] for facet in FACETS}
    for name in data.draw(st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=2)):
        if choices[name]:
            params[name] = data.draw(
                st.lists(st.sampled_from(choices[name]), min_size=1, max_size=2)
            )
    feed = feed_of(client, params)
    assert sorted(paths(feed)) == sorted(finder_results(client, params))


def test_the_feed_reads_the_database_as_often_however_many_entries_it_has(client):
    many, few = {"type": "praktijk"}, {"type": "praktijk", "size": "tot-20000"}
    assert len(feed_of(client, many).entries) > len(feed_of(client, few).entries) > 0
    counts = []
    for params in (many, few):
        with CaptureQueriesContext(connection) as queries:
            client.get(FEED, params)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_on_the_search_engine_the_feed_holds_the_finders_results_too(client, engine, monkeypatch):
    engine.rebuild(published_documents())
    for params in ({"form": SELF_MANAGEMENT}, {"q": "zwembad"}, {"type": "praktijk"}):
        assert sorted(paths(feed_of(client, params))) == sorted(finder_results(client, params))
    oldest = PracticePage.objects.live().order_by("first_published_at").first()
    republish(oldest)
    monkeypatch.setattr(feeds, "SCAN_PAGE", 2)  # read the engine's results two at a time
    found = feeds.recently_updated(_finder_query({"type": "praktijk"}), limit=3)
    assert found[0].pk == oldest.pk


# -- Bad parameters ----------------------------------------------------------------------------
def test_an_unknown_filter_value_gets_a_400_in_plain_dutch(client):
    response = client.get(FEED, {"form": "bestaat-niet", "year_from": "vroeger"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(BAD_PARAMETERS)
    assert "- form: ‘bestaat-niet’ is geen bekende keuze bij ‘Vorm van doe-democratie’." in text
    assert "- year_from: Vul een jaartal in tussen" in text


PARAMETERS = sorted(
    {*FinderForm.base_fields, *(facet.name for facet in FACETS), "mijn_gemeente", "onbekend"}
)


@settings(max_examples=150, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.lists(st.text(max_size=30), min_size=1, max_size=2),
        max_size=4,
    )
)
@example(params={"q": ["\x1b"]})  # the finder searches it; XML 1.0 cannot hold it
def test_any_parameters_get_a_feed_or_a_dutch_400_as_the_finder_decides(params):
    client = Client()
    response = client.get(FEED, params)
    assert response.status_code == client.get("/zoeken/", params).status_code
    if response.status_code == 400:
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().startswith(BAD_PARAMETERS)
    else:
        parsed(response)


# -- "Volg deze zoekopdracht" on the finder --------------------------------------------------
def test_the_follow_link_leads_to_the_feed_of_the_search_on_the_page(client):
    query = _finder_query({"q": "zwembad", "form": SELF_MANAGEMENT, "page": "1"})
    url = feeds.feed_url(query)
    assert url == f"{FEED}?q=zwembad&form={SELF_MANAGEMENT}"
    link = render_to_string("search/includes/follow_link.html", {"feed_url": url})
    assert f'href="{html.escape(url)}" type="application/atom+xml">Volg deze zoekopdracht</a>' in (
        link
    )
    head = render_to_string("search/includes/follow_link.html", {"feed_url": url, "head": True})
    assert head.strip() == (
        '<link rel="alternate" type="application/atom+xml" title="Volg deze zoekopdracht" '
        f'href="{html.escape(url)}">'
    )
    followed = paths(feed_of(client, path=url))
    assert sorted(followed) == sorted(
        finder_results(client, {"q": "zwembad", "form": SELF_MANAGEMENT})
    )


def test_the_finder_links_the_feed_of_its_search_in_the_page_and_its_head(client):
    page = client.get("/zoeken/", {"q": "zwembad", "form": SELF_MANAGEMENT, "page": "1"}).text
    url = html.escape(f"{FEED}?q=zwembad&form={SELF_MANAGEMENT}")
    head = page[: page.index("</head>")]
    assert f'type="application/atom+xml" title="Volg deze zoekopdracht" href="{url}">' in head
    assert f'<a class="utrecht-link utrecht-link--html-a" href="{url}"' in page
    refused = client.get("/zoeken/", {"form": "bestaat-niet"})
    assert refused.status_code == 400
    assert FEED not in refused.text


def test_the_follow_link_is_left_out_without_a_search():
    assert render_to_string("search/includes/follow_link.html", {}).strip() == ""


def test_the_tag_uri_names_the_wagtail_site_not_the_address_it_was_read_at(site):
    page = PracticePage.objects.get(title=OUDEWATER)
    ids = set()
    for host in ("127.0.0.1", "localhost"):
        feed = parsed(Client(HTTP_HOST=host).get(FEED))
        ids.add(next(entry.id for entry in feed.entries if entry.title == OUDEWATER))
    assert ids == {f"tag:{site.hostname},{page.first_published_at:%Y-%m-%d}:page/{page.pk}"}
    assert Site.objects.count() == 1


def test_the_feed_states_the_content_licence(client):
    feed = feedparser.parse(client.get("/feeds/praktijken/").content)
    licence = django_settings.PRAKTIJKBANK_CONTENT_LICENCE
    assert feed.feed.rights == f"{licence['name']}: {licence['url']}"
