"""Every public template passes an axe-core WCAG 2.2 AA scan in real headless Chromium."""

import pytest

from practices.library.instruments import load_instruments
from practices.library.models import (
    PracticeIndexPage,
    PracticePage,
    StatementPage,
    ToolIndexPage,
    ToolPage,
)
from tests.browser import accessibility_violations

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]


def one_url_per_template():
    index = PracticeIndexPage.objects.get()
    statements = {page.statement_type: page.url for page in StatementPage.objects.live()}
    return {
        "home": "/",
        "practice index": index.url,
        "practices by form": index.url + "vorm/sociaal-ondernemerschap/",
        "practices by strategy (empty)": index.url + "strategie/maatschappelijk-aanbesteden/",
        "evidence levels": index.url + "kennisniveaus/",
        "practice": PracticePage.objects.get(title="Samen maken we de stad").url,
        "tool index": ToolIndexPage.objects.get().url,
        "tool": ToolPage.objects.filter(practice_links__isnull=False).first().url,
        "instrument with downloads": load_instruments()[0].page.url,
        "search form": "/zoeken/",
        "search results": "/zoeken/?q=zwembad",
        "search without results": "/zoeken/?q=qqqqq",
        "search with a corrected typo": "/zoeken/?q=zwembd",
        "search offering a filter, without all the words": "/zoeken/?q=faciliteren+zwembad",
        "search with my municipality first": "/zoeken/?q=vrijwilligers&mijn_gemeente=GM0106",
        "search with a filter, newest first": "/zoeken/?form=sociaal-ondernemerschap&sort=newest",
        "english search": "/en/zoeken/",
        "not found": "/bestaat-niet/",
        "dossier that cannot be made (400)": "/dossier/?formaat=pdf",
        "english home": "/en/",
        "english practice": "/en" + PracticePage.objects.get(title="Samen maken we de stad").url,
        "english practices by form": "/en" + index.url + "vorm/sociaal-ondernemerschap/",
        "english search offering a filter": "/en/zoeken/?q=volunteers",
        "accessibility statement": statements["toegankelijkheid"],
        "privacy statement, with its table of retention periods": statements["privacy"],
        "english privacy statement": "/en" + statements["privacy"],
        # E-mail bij nieuwe praktijken (practices/alerts); the pages behind an e-mail's link
        # are scanned in tests/practices/alerts/test_in_the_browser.py.
        "alert subscribe": "/e-mail-bij-nieuwe-praktijken/?form=sociaal-ondernemerschap",
        "alert sent": "/e-mail-bij-nieuwe-praktijken/verstuurd/",
        "alert link that does not work": f"/e-mail-bij-nieuwe-praktijken/bevestigen/{'A' * 43}/",
        "alert for a search the finder refuses": "/e-mail-bij-nieuwe-praktijken/?page=0",
        "english alert subscribe": "/en/e-mail-bij-nieuwe-praktijken/?q=volunteers",
    }


def test_every_public_template_has_no_wcag_violations(browser, demo_site_live):
    page = browser.new_page()
    failures = {}
    for name, url in one_url_per_template().items():
        page.goto(demo_site_live.url + url)
        count, report = accessibility_violations(page)
        if count:
            failures[name] = report
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


@pytest.mark.parametrize("width", [320, 390])  # WCAG's narrowest, and a common phone
def test_every_public_template_reflows_at_320_and_390_css_pixels(browser, demo_site_live, width):
    """WCAG 1.4.10, which axe does not test: no sideways scrolling on a narrow screen."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    too_wide = {}
    urls = {
        **one_url_per_template(),
        "submission start": "/praktijk-insturen/",
        "what works": "/wat-werkt/",
    }
    for name, url in urls.items():
        page.goto(demo_site_live.url + url)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            too_wide[name] = page_width
    page.close()
    assert not too_wide, f"wider than {width} px: {too_wide}"


def test_the_site_is_usable_by_keyboard_from_the_skip_link(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.close()


def test_a_visitor_searches_from_the_home_page_and_opens_a_practice(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/")
    search_box = page.get_by_role("searchbox").first
    search_box.fill("zwembad")
    search_box.press("Enter")
    page.get_by_role("link", name="Stichting Beheer Zwembad Oudewater").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Stichting Beheer Zwembad Oudewater"
    page.close()
