"""English is available under /en/: the interface and the categories are English, the content
stays Dutch, says so, and is marked lang="nl" for screen readers. The Dutch site is unchanged."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from practices.library.models import PracticeIndexPage, PracticePage, ToolIndexPage, ToolPage
from practices.taxonomy.models import Form, Rung, Sector, SizeClass, Strategy

pytestmark = pytest.mark.django_db

TAXONOMY_FACETS = {"form": Form, "strategy": Strategy, "rung": Rung, "sector": Sector}


@pytest.mark.parametrize(
    ("url", "english"),
    [
        ("/en/zoeken/", "Search practices"),
        ("/en/wat-werkt/", "What works"),
        ("/en/praktijk-insturen/", "Step 1 of 6"),
    ],
)
def test_interface_is_english_under_en(client, url, english):
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert english in response.text


class LanguageOfText(HTMLParser):
    """For each piece of text on a page, the language it is in: the nearest lang attribute."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else None)
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass  # an element left open (<li>, <p>) ends with its parent

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.texts.append((" ".join(data.split()), self.stack[-1][1]))


def languages_of(html, text):
    """The languages in which ``text`` appears on the page (as a whole text of an element)."""
    parser = LanguageOfText()
    parser.feed(html)
    return {lang for found, lang in parser.texts if found == text}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def english(message):
    with translation.override("en"):
        return gettext(message)


def practice_with_terms():
    return PracticePage.objects.live().filter(forms__isnull=False, municipality__isnull=False)[0]


# Taxonomy names -------------------------------------------------------------------------


def test_a_form_page_under_en_shows_the_english_name_and_description(client):
    form = Form.objects.get(slug="sociaal-ondernemerschap")
    index = PracticeIndexPage.objects.get()
    html = get(client, "/en" + index.url + f"vorm/{form.slug}/")
    assert languages_of(html, form.name_en) >= {"en"}
    assert languages_of(html, form.description_en) == {"en"}
    assert form.name_nl not in html


def facet_labels(html, facet):
    """Value → the label of its checkbox, for one facet of the finder."""
    found = re.findall(rf'for="f-{facet}-([^"]+)"><span[^>]*>([^<]*)</span>', html)
    return dict(found)


def test_the_finder_facets_under_en_name_the_terms_in_english(client):
    html = get(client, "/en/zoeken/")
    for facet, model in [*TAXONOMY_FACETS.items(), ("size", SizeClass)]:
        labels = facet_labels(html, facet)
        assert labels, facet
        for term in model.objects.filter(slug__in=labels):
            assert labels[term.slug] == term.name_en


def section(html, heading_id):
    """The HTML of the page section that the heading with this id opens."""
    return html[html.index(f'id="{heading_id}"') :].split("</section>")[0]


def test_a_practice_page_under_en_names_its_terms_in_english(client):
    page = practice_with_terms()
    html = get(client, "/en" + page.url)
    facts, classification = section(html, "facts-heading"), section(html, "terms-heading")
    size = page.municipality.size_class
    assert languages_of(facts, size.name_en) == {"en"}
    assert size.name_nl not in facts
    for term in [*page.forms.all(), *page.sectors.all()]:
        assert term.name_en in classification
        assert term.name_nl not in classification


def test_size_classes_under_en_read_in_english_with_english_numbers(client):
    html = get(client, "/en/zoeken/")
    for size in SizeClass.objects.exclude(min_inhabitants=0):
        with translation.override("en"):
            lower = number_format(size.min_inhabitants, force_grouping=True)  # 20,000
        with translation.override("nl"):
            dutch_lower = number_format(size.min_inhabitants, force_grouping=True)  # 20.000
        assert lower in size.name_en
        assert size.name_en in html
        assert dutch_lower not in html


def test_the_dutch_site_keeps_the_dutch_names(client):
    page = practice_with_terms()
    html = get(client, page.url)
    for term in [*page.forms.all(), page.municipality.size_class]:
        assert term.name_nl in html
        assert term.name_en not in html
    finder = get(client, "/zoeken/")
    for form in page.forms.all():
        assert form.name_nl in finder
        assert form.name_en not in finder


def test_a_term_without_an_english_name_shows_its_dutch_name_marked_as_dutch(client):
    form = Form.objects.get(slug="sociaal-ondernemerschap")
    Form.objects.filter(pk=form.pk).update(name_en=None, description_en="")
    index = PracticeIndexPage.objects.get()
    html = get(client, "/en" + index.url + f"vorm/{form.slug}/")
    assert languages_of(html, form.name_nl) == {"nl"}
    assert languages_of(html, form.description_nl) == {"nl"}


# The menu and the fixed pages ------------------------------------------------------------


def main_menu(html):
    return html[html.index('<nav class="utrecht-nav-bar site-nav"') :].split("</nav>")[0]


def test_the_menu_under_en_names_the_fixed_pages_in_english(client):
    html = get(client, "/en/")
    for page, label in [
        (PracticeIndexPage.objects.get(), "Praktijken"),
        (ToolIndexPage.objects.get(), "Instrumenten"),
    ]:
        assert f">{english(label)}</a>" in main_menu(html)
        assert languages_of(html, english(label)) == {"en"}
        if english(label) != page.title:
            assert page.title not in main_menu(html)


def test_the_dutch_menu_shows_the_editable_page_titles(client):
    index = PracticeIndexPage.objects.get()
    index.title = "Voorbeelden uit gemeenten"
    index.save_revision().publish()
    menu = main_menu(get(client, "/"))
    for page in (index, ToolIndexPage.objects.get()):
        assert f">{page.title}</a>" in menu


# Content that exists only in Dutch -------------------------------------------------------

PRACTICE_NOTICE = (
    "De tekst van deze praktijk is alleen in het Nederlands. "
    "De kopjes en de categorieën zijn in het Engels."
)


def test_a_practice_page_under_en_says_that_its_text_is_dutch_only(client):
    page = practice_with_terms()
    html = get(client, "/en" + page.url)
    assert languages_of(html, english(PRACTICE_NOTICE)) == {"en"}
    assert languages_of(html, page.title) == {"nl"}
    assert languages_of(html, page.summary) == {"nl"}


def test_the_dutch_site_has_no_language_notice(client):
    for url in ("/", practice_with_terms().url, ToolPage.objects.live().first().url):
        assert "site-language-notice" not in get(client, url)


def test_every_english_page_says_that_most_content_is_dutch(client):
    tool = ToolPage.objects.live().first()
    for url in ("/en/", "/en/zoeken/", "/en" + tool.url):
        assert 'class="utrecht-paragraph site-callout site-language-notice"' in get(client, url)


def test_the_home_page_introduces_the_site_in_english_under_en(client):
    english = client.get("/en/").text
    assert "Here municipalities share what works" in english
    assert "Hier delen gemeenten" not in english
    dutch = client.get("/").text
    assert "Hier delen gemeenten wat werkt" in dutch
    assert "Here municipalities share" not in dutch


# Every label in the language it is shown in ------------------------------------------------


def dutch_url(page):
    """The page's Dutch address: Wagtail builds URLs in the active language, which a request
    under /en/ leaves active in the test's thread."""
    with translation.override("nl"):
        return page.url


def test_the_listing_pages_under_en_are_titled_in_english(client):
    for page, dutch in [
        (PracticeIndexPage.objects.get(), "Praktijken"),
        (ToolIndexPage.objects.get(), "Instrumenten"),
    ]:
        html = get(client, "/en" + dutch_url(page))
        heading = re.search(r"<h1[^>]*>([^<]*)</h1>", html).group(1)
        assert heading == english(dutch) != page.title
        assert languages_of(html, heading) >= {"en"}
        assert re.search(r"<title>([^<]*)</title>", html).group(1).startswith(english(dutch))


def breadcrumb(html):
    return html[html.index('class="utrecht-breadcrumb-nav site-breadcrumb"') :].split("</nav>")[0]


def test_the_breadcrumb_under_en_names_the_listing_in_english_and_the_practice_in_dutch(client):
    page = practice_with_terms()
    html = get(client, "/en" + dutch_url(page))
    assert languages_of(html, english("Praktijken")) == {"en"}  # the menu's and the trail's
    assert f">{english('Praktijken')}</a>" in breadcrumb(html)
    assert PracticeIndexPage.objects.get().title not in breadcrumb(html)
    assert languages_of(html, page.title) == {"nl"}


def test_the_dutch_breadcrumb_shows_the_editable_titles(client):
    page = practice_with_terms()
    index = PracticeIndexPage.objects.get()
    assert f">{index.title}</a>" in breadcrumb(get(client, dutch_url(page)))


def test_a_listing_page_shows_its_english_introduction_under_en(client):
    index = ToolIndexPage.objects.get()
    index.intro, index.intro_en = "<p>Gereedschap voor gemeenten.</p>", "<p>Tools to adapt.</p>"
    index.save_revision().publish()
    assert languages_of(get(client, "/en" + dutch_url(index)), "Tools to adapt.") == {"en"}
    assert "Tools to adapt." not in get(client, dutch_url(index))
    assert languages_of(get(client, dutch_url(index)), "Gereedschap voor gemeenten.") == {"nl"}


def result_cards(html):
    return html[html.index('class="card card--praktijk"') :]


def test_search_results_under_en_name_their_forms_and_strategies_in_english(client):
    page = practice_with_terms()
    cards = result_cards(get(client, "/en/zoeken/?" + f"q={page.title}"))
    for term in [*page.forms.all(), *page.strategies.all()]:
        assert languages_of(cards, term.name_en) == {"en"}
        assert term.name_nl not in cards


def test_a_result_card_keeps_the_dutch_name_of_an_untranslated_term_marked_as_dutch(client):
    page = practice_with_terms()
    form = page.forms.first()
    Form.objects.filter(pk=form.pk).update(name_en=None)
    cards = result_cards(get(client, "/en/zoeken/?" + f"q={page.title}"))
    assert languages_of(cards, form.name_nl) == {"nl"}


def test_finder_labels_carry_the_language_they_are_written_in(client):
    form, untranslated = Form.objects.filter(practices__isnull=False).distinct()[:2]
    Form.objects.filter(pk=untranslated.pk).update(name_en=None)
    html = get(client, "/en/zoeken/")
    assert languages_of(html, form.name_en) >= {"en"}
    assert "nl" not in languages_of(html, form.name_en)
    assert languages_of(html, untranslated.name_nl) == {"nl"}
    assert languages_of(html, english("Praktijk")) >= {"en"}


def test_practice_cards_under_en_mark_their_english_term_names_as_english(client):
    html = get(client, "/en" + dutch_url(PracticeIndexPage.objects.get()))
    page = practice_with_terms()
    for form in page.forms.all():
        assert languages_of(html, form.name_en) == {"en"}


def test_a_factor_with_an_english_name_reads_in_english_under_en(client):
    page = PracticePage.objects.live().filter(factors__isnull=False).first()
    factor = page.factors.first().factor
    type(factor).objects.filter(pk=factor.pk).update(name_en="Support from the neighbourhood")
    html = get(client, "/en" + dutch_url(page))
    assert languages_of(html, "Support from the neighbourhood") == {"en"}
    assert factor.name_nl not in html


def test_what_works_under_en_marks_its_english_labels_as_english(client):
    html = get(client, "/en/wat-werkt/")
    for strategy in Strategy.objects.all():
        assert languages_of(html, strategy.name_en) == {"en"}
    for size in SizeClass.objects.all():
        assert "nl" not in languages_of(html, size.name_en)
