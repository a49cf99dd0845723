"""What machines read in a page's head: schema.org JSON-LD on practice and tool pages (parsed
as JSON here, as a search engine or harvester parses it), and on every public page its
canonical address, its address per language and its Open Graph preview."""

import datetime
import json
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.library.instruments import load_instruments
from practices.library.models import PracticeIndexPage, PracticePage, ToolPage
from practices.library.templatetags.structured_data import json_ld_script
from practices.municipalities.models import Municipality
from practices.submissions.models import Submission
from tests.interface_text import ROOT, messages_in

pytestmark = pytest.mark.django_db

SUFFIX = " – Praktijkbank doe-democratie"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"


class Head(HTMLParser):
    """The JSON-LD scripts, <link> and <meta property> elements and the <title> of a page."""

    def __init__(self, html):
        super().__init__()
        self.scripts, self.links, self.properties, self.title = [], [], {}, ""
        self._script = self._in_title = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and "property" in attrs:
            self.properties.setdefault(attrs["property"], []).append(attrs["content"])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif self._in_title:
            self.title += data

    def json_ld(self):
        return [json.loads(script) for script in self.scripts]

    def link(self, rel, **extra):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in extra.items())
        ]

    def og(self, name):
        values = self.properties.get(f"og:{name}", [])
        assert len(values) <= 1, (name, values)
        return values[0] if values else None


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.text)


def the_json_ld(client, url):
    (data,) = head_of(client, url).json_ld()
    return data


def is_absolute(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def practice_with_everything():
    return PracticePage.objects.live().filter(forms__isnull=False, strategies__isnull=False)[0]


# Practice pages ------------------------------------------------------------------------------


def test_a_practice_page_describes_itself_as_a_schema_org_article(client):
    page = practice_with_everything()
    data = the_json_ld(client, page.url)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["name"] == data["headline"] == page.title
    assert data["description"] == page.summary
    assert data["inLanguage"] == "nl"
    assert is_absolute(data["url"]) and urlsplit(data["url"]).path == page.url
    assert data["isAccessibleForFree"] is True
    assert data["license"] == CC_BY_4
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"]
    published = datetime.datetime.fromisoformat(data["datePublished"])
    assert published == page.first_published_at.replace(microsecond=published.microsecond)
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= published


def test_a_practice_is_about_its_forms_and_strategies_with_their_listings(client):
    page = practice_with_everything()
    data = the_json_ld(client, page.url)
    terms = {term["name"]: term for term in data["about"]}
    index = PracticeIndexPage.objects.get()
    for term, route in [
        *((form, "vorm") for form in page.forms.all()),
        *((strategy, "strategie") for strategy in page.strategies.all()),
    ]:
        described = terms[term.name_nl]
        assert described["@type"] == "DefinedTerm"
        assert urlsplit(described["url"]).path == f"{index.url}{route}/{term.slug}/"
        assert client.get(urlsplit(described["url"]).path).status_code == 200
    assert len(terms) == page.forms.count() + page.strategies.count()


def test_a_practice_names_its_municipality_with_its_cbs_code(client):
    page = PracticePage.objects.live().filter(municipality__isnull=False, illustrative=False)[0]
    place = the_json_ld(client, page.url)["spatialCoverage"]
    assert place["@type"] == "AdministrativeArea"
    assert place["name"] == page.municipality.name
    assert place["identifier"]["value"] == page.municipality.cbs_code
    assert place["identifier"]["propertyID"] == "CBS-gemeentecode"


def test_a_practice_under_en_is_described_in_dutch_at_its_dutch_address(client):
    page = practice_with_everything()
    dutch, english = the_json_ld(client, page.url), the_json_ld(client, "/en" + page.url)
    assert english == dutch


def test_a_fictitious_practice_is_marked_as_fictitious_and_names_no_real_place(client):
    page = PracticePage.objects.live().filter(municipality__isnull=False)[0]
    PracticePage.objects.filter(pk=page.pk).update(illustrative=True)
    response = client.get(page.url)
    (data,) = Head(response.text).json_ld()
    assert data["creativeWorkStatus"] == "fictief voorbeeld"
    assert data["disambiguatingDescription"].startswith("Deze praktijk is verzonnen.")
    assert data["disambiguatingDescription"] in response.text  # the page says the same
    assert "spatialCoverage" not in data


def test_a_real_practice_carries_no_fictitious_mark(client):
    data = the_json_ld(client, practice_with_everything().url)
    assert "creativeWorkStatus" not in data and "disambiguatingDescription" not in data


def test_the_json_ld_reuses_sentences_the_site_already_translates():
    """No new text to translate: the fictitious mark and the site's description are the
    msgids of the page's notice and of the footer."""
    from practices.library.templatetags import structured_data

    ours = {m.msgid for m in messages_in(structured_data.__file__)}
    theirs = {
        m.msgid
        for path in ("templates/includes/illustrative_mark.html", "templates/base.html")
        for m in messages_in(ROOT / path)
    }
    assert ours <= theirs


def test_the_licence_is_cc_by_4_unless_the_settings_name_another(client, settings):
    page = practice_with_everything()
    if hasattr(settings, "PRAKTIJKBANK_CONTENT_LICENCE"):
        del settings.PRAKTIJKBANK_CONTENT_LICENCE
    assert the_json_ld(client, page.url)["license"] == CC_BY_4
    zero = "https://creativecommons.org/publicdomain/zero/1.0/"
    settings.PRAKTIJKBANK_CONTENT_LICENCE = {"name": "CC0 1.0", "url": zero}
    assert the_json_ld(client, page.url)["license"] == zero


def test_a_practice_with_years_gives_its_period(client):
    page = practice_with_everything()
    PracticePage.objects.filter(pk=page.pk).update(start_year=2011, end_year=None)
    assert the_json_ld(client, page.url)["temporalCoverage"] == "2011/.."
    PracticePage.objects.filter(pk=page.pk).update(start_year=2011, end_year=2014)
    assert the_json_ld(client, page.url)["temporalCoverage"] == "2011/2014"


# Tool pages ----------------------------------------------------------------------------------


def test_a_tool_page_describes_itself_with_its_downloads_as_media_objects(client):
    tool = load_instruments()[0].page
    data = the_json_ld(client, tool.url)
    assert data["@type"] == "CreativeWork"
    assert data["name"] == tool.title
    assert data["description"] == tool.summary
    assert data["genre"] == tool.get_tool_type_display()
    assert data["license"] == CC_BY_4
    downloads = data["encoding"]
    assert len(downloads) == tool.documents.count() == 3
    formats = {item["encodingFormat"] for item in downloads}
    assert formats == {
        "application/pdf",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    for item in downloads:
        assert item["@type"] == "MediaObject"
        assert is_absolute(item["contentUrl"])
        assert client.get(urlsplit(item["contentUrl"]).path).status_code == 200


def test_a_tool_without_downloads_has_an_empty_encoding(client):
    tool = ToolPage.objects.live().filter(documents__isnull=True)[0]
    assert the_json_ld(client, tool.url)["encoding"] == []


def test_other_pages_carry_no_json_ld(client):
    for url in ("/", "/praktijken/", "/instrumenten/", "/zoeken/", "/privacy/"):
        assert head_of(client, url).scripts == [], url


# Nothing breaks out of the script -------------------------------------------------------------

BREAKOUTS = [
    "</script><script>alert(1)</script>",
    "</SCRIPT ><!--",
    "<!--<script>",
    "]]> & &amp; \u2028 \u2029 </scr\u0131pt>",
]


def test_a_title_with_a_script_end_tag_cannot_break_out_of_the_json_ld(client):
    page = practice_with_everything()
    title = "Buurt</script><script>alert(1)</script><!--"
    PracticePage.objects.filter(pk=page.pk).update(title=title, summary="<!-- " + title)
    html = client.get(page.url).text
    head = Head(html)
    (data,) = head.json_ld()
    assert data["name"] == title and data["description"] == "<!-- " + title
    assert "<script>alert(1)" not in html
    assert head.og("title") == title


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.sampled_from(BREAKOUTS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(data=JSON)
def test_any_value_comes_out_of_the_json_ld_script_unchanged_and_closed(data):
    script = str(json_ld_script(data))
    opening = '<script type="application/ld+json">'
    assert script.startswith(opening) and script.endswith("</script>")
    inner = script[len(opening) : -len("</script>")]
    assert not set("<>&") & set(inner)  # no tag, comment or entity can start inside
    assert json.loads(inner) == data
    assert Head(script).json_ld() == [data]


PAGE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(str.strip) | st.sampled_from(BREAKOUTS)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=PAGE_TEXT, summary=PAGE_TEXT)
def test_any_title_and_summary_come_out_of_the_page_as_they_were_written(title, summary):
    page = practice_with_everything()
    PracticePage.objects.filter(pk=page.pk).update(title=title, summary=summary)
    head = Head(Client().get(page.url).text)
    (data,) = head.json_ld()
    assert (data["name"], data["description"]) == (title, summary)
    assert head.og("title") == " ".join(title.split())
    assert head.og("description") == summary.strip()


# Canonical address, languages and Open Graph on every public page ---------------------------


def main_public_pages():
    practice = practice_with_everything()
    tool = ToolPage.objects.live().first()
    return {
        "/": "nl",
        "/praktijken/": "nl",
        practice.url: "nl",
        "/praktijken/vorm/sociaal-ondernemerschap/": "nl",
        "/praktijken/kennisniveaus/": "nl",
        "/instrumenten/": "nl",
        tool.url: "nl",
        "/zoeken/": "nl",
        "/zoeken/?q=zwembad": "nl",
        "/wat-werkt/": "nl",
        "/praktijk-insturen/": "nl",
        "/toegankelijkheid/": "nl",
        "/privacy/": "nl",
        "/en/": "en",
        "/en" + practice.url: "en",
        "/en/zoeken/": "en",
        "/en/privacy/": "en",
    }


def test_every_main_public_page_names_its_absolute_canonical_address_and_preview(client):
    for url, language in main_public_pages().items():
        head = head_of(client, url)
        (canonical,) = head.link("canonical")
        assert is_absolute(canonical), url
        assert urlsplit(canonical).path == urlsplit(url).path, url
        assert head.og("url") == canonical, url
        assert head.og("site_name") == "Praktijkbank doe-democratie"
        assert head.og("title") == head.title.removesuffix(SUFFIX), url
        assert head.og("description"), url
        assert head.og("locale") == {"nl": "nl_NL", "en": "en_GB"}[language], url
        assert head.og("type") in ("website", "article"), url


def test_every_main_public_page_names_its_address_in_each_language(client):
    for url in main_public_pages():
        head = head_of(client, url)
        (dutch,) = head.link("alternate", hreflang="nl")
        (english,) = head.link("alternate", hreflang="en")
        (default,) = head.link("alternate", hreflang="x-default")
        assert is_absolute(dutch) and is_absolute(english), url
        assert default == dutch
        assert urlsplit(english).path == "/en" + urlsplit(dutch).path, url
        assert client.get(urlsplit(english).path).status_code == 200, url


def test_practice_tool_and_statement_pages_are_articles_listings_are_websites(client):
    tool = ToolPage.objects.live().first()
    for url in (practice_with_everything().url, tool.url, "/privacy/"):
        head = head_of(client, url)
        assert head.og("type") == "article", url
        assert head.properties["article:published_time"], url
    for url in ("/", "/praktijken/", "/praktijken/vorm/sociaal-ondernemerschap/", "/zoeken/"):
        assert head_of(client, url).og("type") == "website", url


def test_the_finders_canonical_keeps_the_search_and_drops_what_only_pages_or_orders_it(client):
    municipality = Municipality.objects.first().cbs_code
    url = (
        "/zoeken/?sort=newest&q=zwembad&page=1&form=sociaal-ondernemerschap"
        f"&mijn_gemeente={municipality}&utm_source=nieuwsbrief"
    )
    (canonical,) = head_of(client, url).link("canonical")
    assert urlsplit(canonical).path == "/zoeken/"
    assert parse_qs(urlsplit(canonical).query) == {
        "q": ["zwembad"],
        "form": ["sociaal-ondernemerschap"],
    }
    (other_order,) = head_of(client, "/zoeken/?form=sociaal-ondernemerschap&q=zwembad").link(
        "canonical"
    )
    assert other_order == canonical


def test_a_finder_with_an_error_names_the_finder_itself(client):
    response = client.get("/zoeken/", {"year_from": "gisteren"})
    assert response.status_code == 400
    (canonical,) = Head(response.text).link("canonical")
    assert urlsplit(canonical).path == "/zoeken/" and not urlsplit(canonical).query


def test_a_later_page_of_a_listing_is_its_own_canonical_address(client):
    index = PracticeIndexPage.objects.get()
    for number in range(13 - PracticePage.objects.for_listing().count()):
        practice = PracticePage(title=f"Extra praktijk {number}", summary="Een praktijk.")
        index.add_child(instance=practice)
        practice.save_revision().publish()
    (second,) = head_of(client, index.url + "?page=2&utm_source=x").link("canonical")
    assert urlsplit(second).path == index.url and urlsplit(second).query == "page=2"
    (first,) = head_of(client, index.url + "?page=1").link("canonical")
    assert not urlsplit(first).query


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(["page", "q", "utm_source", "x"]), st.text(max_size=20), max_size=3
    )
)
def test_any_parameters_on_a_page_that_is_no_listing_leave_its_canonical_bare(params):
    response = Client().get("/toegankelijkheid/", params)
    assert response.status_code == 200
    (canonical,) = Head(response.text).link("canonical")
    assert urlsplit(canonical).path == "/toegankelijkheid/" and not urlsplit(canonical).query


def test_the_not_found_page_names_no_canonical_address(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    head = Head(response.text)
    assert head.link("canonical") == [] and head.og("url") is None


def test_a_page_behind_a_private_link_names_no_canonical_address(client):
    _submission, token = Submission.start(municipality=Municipality.objects.first())
    response = client.get(f"/praktijk-insturen/{token}/")
    assert response.status_code == 200
    head = Head(response.text)
    assert head.link("canonical") == [] and head.og("url") is None
    assert token not in "".join(link.get("href", "") for link in head.links)
