"""The finder in real headless Chromium: what it understood, used by keyboard and by form."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]

VOLUNTEERING = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"


def result_titles(page):
    return page.locator(".finder__results .card__title").all_inner_texts()


def test_an_offered_filter_is_reached_and_followed_by_keyboard(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/?q=faciliteren+zwembad")
    offer = page.get_by_role("link", name="Filter hierop (de trede Faciliteren)")
    for _ in range(200):  # tab through the page until the offer has the focus
        page.keyboard.press("Tab")
        if offer.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the offer never got the keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"rung=faciliteren"))
    chosen = page.get_by_role("link", name=re.compile("^Trede op de participatietrap: Faciliteren"))
    assert chosen.count() == 1
    page.close()


def test_the_words_as_typed_are_one_click_away(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/?q=zwembd")
    assert page.get_by_role("status").filter(has_text="Resultaten voor zwembad.").count() == 1
    page.get_by_role("link", name="zwembd", exact=True).click()
    page.wait_for_url(re.compile(r"literal=1"))
    assert page.get_by_text("Zocht u toch op").count() == 0
    assert result_titles(page) == []
    page.close()


def test_choosing_my_municipality_keeps_the_search_and_shows_the_choice(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + f"/zoeken/?q=vrijwilligers&form={VOLUNTEERING}")
    assert result_titles(page)[-1] == "Leencafé"
    page.get_by_label("Mijn gemeente").select_option(label="Assen")
    page.get_by_role("button", name="Voorrang geven").click()
    page.wait_for_url(re.compile(r"mijn_gemeente=GM0106"))
    assert "q=vrijwilligers" in page.url and f"form={VOLUNTEERING}" in page.url
    assert result_titles(page)[0] == "Leencafé"
    page.goto(demo_site_live.url + "/zoeken/")  # remembered for the visit
    assert page.get_by_label("Mijn gemeente").evaluate("select => select.value") == "GM0106"
    page.get_by_role("link", name="Niet meer voorrang geven").click()
    page.wait_for_url(re.compile(r"mijn_gemeente=$"))
    assert page.get_by_label("Mijn gemeente").evaluate("select => select.value") == ""
    page.close()
