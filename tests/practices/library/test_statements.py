"""The accessibility and privacy statements: editable pages that the demo content creates once,
linked from every page's footer, saying what the site does (read from its settings and code)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from practices.library import demo
from practices.library.demo import load_demo_content
from practices.library.models import HomePage, StatementPage, StatementType
from practices.municipalities.models import Municipality
from practices.submissions.models import SubmitterContact
from tests.test_plain_language import (
    CAPITALS,
    long_sentences,
    officialese,
    other_spellings,
    readable,
    straight_quotes,
)

pytestmark = pytest.mark.django_db

STATEMENTS = demo.read_data(demo.STATEMENTS_FILE)["statements"]


def statement(kind):
    return StatementPage.objects.get(statement_type=kind)


def footer_statements(html):
    """The footer's list of statements: (label, href) of each link; [] when there is none."""
    if 'id="footer-statements"' not in html:
        return []
    part = html[html.index('id="footer-statements"') :].split("</nav>")[0]
    return [(label, href) for href, label in re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', part)]


def text_of(html):
    return " ".join(readable(html).split())


# Created by the demo content, kept when editors change them --------------------------------


def test_the_demo_content_publishes_an_accessibility_and_a_privacy_statement_under_the_home_page():
    home = HomePage.objects.get()
    for kind in StatementType:
        page = statement(kind)
        assert page.live
        assert page.get_parent().specific == home
        assert not page.show_in_menus  # the footer links to them, the main menu does not


def test_loading_the_demo_again_keeps_what_editors_changed_in_a_statement():
    page = statement(StatementType.PRIVACY)
    page.title = "Privacy bij de Praktijkbank"
    page.intro = "Onze eigen tekst."
    page.save_revision().publish()
    load_demo_content()
    page.refresh_from_db()
    assert (page.title, page.intro) == ("Privacy bij de Praktijkbank", "Onze eigen tekst.")
    assert StatementPage.objects.filter(statement_type=StatementType.PRIVACY).count() == 1


def test_an_unpublished_statement_is_not_made_again():
    statement(StatementType.ACCESSIBILITY).unpublish()
    load_demo_content()
    assert StatementPage.objects.filter(statement_type=StatementType.ACCESSIBILITY).count() == 1


def test_there_is_one_statement_of_each_kind():
    second = StatementPage(
        title="Nog een verklaring",
        statement_type=StatementType.ACCESSIBILITY,
        last_reviewed=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "statement_type" in error.value.message_dict


def test_a_review_date_in_the_future_is_refused():
    page = statement(StatementType.PRIVACY)
    page.last_reviewed = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "last_reviewed" in error.value.message_dict


def test_editors_open_a_statement_and_can_add_one_under_the_home_page(client, django_user_model):
    editor = django_user_model.objects.create_superuser("redactie", "r@example.org", "geheim")
    client.force_login(editor)
    page = statement(StatementType.PRIVACY)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    home = HomePage.objects.get()
    response = client.get(f"/admin/pages/add/library/statementpage/{home.pk}/")
    assert response.status_code == 200
    assert "bewaartermijnen" in response.text  # the block that shows the periods


# Linked from every page ----------------------------------------------------------------------

PUBLIC_URLS = [
    "/",
    "/praktijken/",
    "/instrumenten/",
    "/zoeken/",
    "/zoeken/?q=zwembad",
    "/wat-werkt/",
    "/praktijk-insturen/",
    "/privacy/",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_links_to_both_statements_in_its_footer(client, url):
    html = client.get(url).text
    expected = [("Toegankelijkheid", "/toegankelijkheid/"), ("Privacy", "/privacy/")]
    assert footer_statements(html) == expected


def test_the_english_footer_links_to_the_statements_under_en(client):
    html = client.get("/en/zoeken/").text
    with translation.override("en"):
        labels = [gettext("Toegankelijkheid"), gettext("Privacy")]
    assert footer_statements(html) == list(
        zip(labels, ["/en/toegankelijkheid/", "/en/privacy/"], strict=True)
    )


def test_a_statement_that_is_not_published_is_not_linked(client):
    statement(StatementType.PRIVACY).unpublish()
    assert footer_statements(client.get("/").text) == [("Toegankelijkheid", "/toegankelijkheid/")]


def test_without_statements_the_footer_has_no_list_and_no_broken_link(client):
    for page in StatementPage.objects.all():
        page.delete()
    html = client.get("/").text
    assert footer_statements(html) == []
    assert "Over deze site" not in html
    assert client.get("/zoeken/").status_code == 200


def test_a_statement_follows_its_page_when_editors_change_its_address(client):
    page = statement(StatementType.ACCESSIBILITY)
    page.slug = "digitale-toegankelijkheid"
    page.save_revision().publish()
    links = dict(footer_statements(client.get("/").text))
    assert links["Toegankelijkheid"] == "/digitale-toegankelijkheid/"
    assert client.get(links["Toegankelijkheid"]).status_code == 200


# What the statements say -----------------------------------------------------------------------


def test_a_statement_shows_when_it_was_last_reviewed(client):
    StatementPage.objects.filter(statement_type=StatementType.PRIVACY).update(
        last_reviewed=datetime.date(2026, 3, 5)
    )
    assert "Laatst gecontroleerd op 5 maart 2026." in text_of(client.get("/privacy/").text)


def test_the_accessibility_statement_claims_no_audit_that_was_not_done(client):
    text = text_of(client.get("/toegankelijkheid/").text)
    assert "De status van deze site is: C – eerste maatregelen genomen." in text
    assert "voldoet gedeeltelijk" not in text
    assert "voldoet volledig" not in text
    assert "nog niet onderzocht" in text
    for standard in ("EN 301 549", "WCAG) 2.1, op niveau AA", "WCAG 2.2"):
        assert standard in text


def test_the_accessibility_statement_names_the_known_problems(client):
    text = text_of(client.get("/toegankelijkheid/").text)
    assert "Swagger UI" in text and "/api/v1/docs" in text and "(WCAG 2.4.7)" in text
    assert "PDF" in text and "(WCAG 1.3.1)" in text


def test_a_statement_has_a_table_of_contents_linking_to_its_headings(client):
    html = client.get("/privacy/").text
    contents = html[html.index('id="contents-heading"') :].split("</nav>")[0]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert len(anchors) == len(STATEMENTS[1]["sections"])
    for anchor in anchors:
        assert f'<h2 class="utrecht-heading-2" id="{anchor}"' in html


def test_every_placeholder_is_shown_in_bold_so_nobody_takes_it_for_real_text(client):
    for url in ("/toegankelijkheid/", "/privacy/"):
        html = client.get(url).text
        placeholders = re.findall(r"(.{3})\[invullen:", html)
        assert placeholders, url
        assert set(placeholders) == {"<b>"}, url


def test_the_privacy_statement_names_every_piece_of_a_submitters_contact_details(client):
    """A new field for submitters (a phone number) fails here until the statement names it."""
    text = text_of(client.get("/privacy/").text).lower()
    personal = [
        field.verbose_name
        for field in SubmitterContact._meta.fields
        if field.name not in {"id", "submission", "created_at"}
    ]
    assert personal
    for name in personal:
        assert str(name).lower() in text


def test_the_privacy_statement_shows_the_retention_periods_the_site_keeps(client, settings):
    settings.SUBMISSION_CONTACT_RETENTION_DAYS = 30
    settings.SUBMISSION_LINK_VALID_DAYS = 90
    settings.SESSION_COOKIE_AGE = 60 * 60
    settings.SUBMISSION_RATE_LIMITS = {"start_per_ip": (1, 10 * 60), "start_per_email": (1, 120)}
    text = text_of(client.get("/privacy/").text)
    assert "Tot 30 dagen nadat de redactie de praktijk plaatste of afwees" in text
    assert "Tot de link niet meer werkt: 90 dagen na uw laatste stap" in text
    assert "De cookie ‘sessionid’" in text and "1 uur" in text
    assert "Hoogstens 10 minuten" in text and "Hoogstens 2 minuten" in text
    assert "365 dagen" not in text


def test_the_statement_texts_name_no_period_that_the_settings_could_contradict():
    for entry in STATEMENTS:
        for section in entry["sections"]:
            assert not re.search(r"\d+ (dagen|dag|maanden|jaar|uur)\b", section.get("text", ""))


def test_every_cookie_the_site_sets_is_in_the_privacy_statement(client):
    client.get("/")
    client.get("/zoeken/", {"mijn_gemeente": Municipality.objects.first().cbs_code})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    set_cookies = set(client.cookies)
    assert {"csrftoken", "sessionid", "django_language"} <= set_cookies
    text = text_of(Client().get("/privacy/").text)
    for name in set_cookies:
        assert f"De cookie ‘{name}’" in text


def test_no_page_loads_anything_from_another_site(client):
    """The privacy statement says the site loads nothing from other parties."""
    for url in PUBLIC_URLS:
        html = client.get(url).text
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if 'rel="canonical"' in tag or 'rel="alternate"' in tag:
                continue  # names an address, loads nothing
            for address in re.findall(r'(?:src|href)="([^"]*)"', tag):
                assert address.startswith("/") and not address.startswith("//"), (url, tag)


# Plain Dutch -------------------------------------------------------------------------------

# Abbreviations in the statements, with the words that explain them before their first use.
EXPLAINED = {
    "AVG": "Algemene verordening gegevensbescherming",
    "WCAG": "Web Content Accessibility Guidelines",
    "API": "koppeling voor andere programma’s",
    "IP": "internetadres",
}
# Names, not abbreviations to explain: a norm, a product, a level, the file types, our numbers.
NAMES = {"AA", "EN", "NL", "UI", "PB", "DOCX", "ODT", "PDF"}


def pieces(entry):
    """Every text a reader meets as one unit: title, intro, headings, paragraphs, list items."""
    yield entry["title"]
    yield entry["intro"]
    for section in entry["sections"]:
        yield section["heading"]
        for chunk in re.split(r"\n\s*\n", section.get("text", "").strip()):
            lines = [line.strip() for line in chunk.splitlines() if line.strip()]
            if all(line.startswith(("- ", "### ")) for line in lines):
                yield from (line.split(" ", 1)[1] for line in lines)
            elif lines:
                yield " ".join(lines)


@pytest.mark.parametrize("entry", STATEMENTS, ids=lambda entry: entry["slug"])
@pytest.mark.parametrize("rule", [officialese, long_sentences, other_spellings, straight_quotes])
def test_the_statements_are_plain_dutch(entry, rule):
    problems = [f"{text!r}: {rule(text)}" for text in pieces(entry) if rule(text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("entry", STATEMENTS, ids=lambda entry: entry["slug"])
def test_the_statements_explain_each_abbreviation_before_they_use_it(entry):
    text = " ".join(readable(piece) for piece in pieces(entry))
    for word in set(CAPITALS.findall(text)) - NAMES:
        assert word in EXPLAINED, f"{word}: explain it, or add it to NAMES"
        first_use = re.search(rf"\b{word}\b", text).start()
        assert 0 <= text.find(EXPLAINED[word]) < first_use, f"{word} is used before it is explained"
