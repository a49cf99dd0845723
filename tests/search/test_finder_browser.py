"""The finder in real headless Chromium: what it understood, used by keyboard and by form."""

import re

import pytest

from tests.browser import accessibility_violations

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


# -- Phone and keyboard -----------------------------------------------------------------------
# The results come first in the page and in the focus order; the filters follow, folded on a
# phone. Phone sizes: 390 × 844 is a common phone today, 320 px the narrowest WCAG asks for
# (800 px high, as the reflow test in tests/practices/library/test_accessibility.py).
PHONES = [(320, 800), (390, 844)]
FIRST_RESULT = ".finder__results .card__title a"


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_presses_until(page, locator, limit=200):
    """How many presses of Tab bring the focus to the element; fails if it never gets there."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return presses
    pytest.fail(f"{limit} presses of Tab never reached {locator}")


def filters_are_open(page):
    return page.locator("#filters details").first.evaluate("details => details.open")


def test_the_skip_link_brings_the_first_result_within_five_tab_presses(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    skip_link = page.get_by_role("link", name="Naar de resultaten")
    presses = tab_presses_until(page, skip_link, limit=5)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    presses += tab_presses_until(page, page.locator(FIRST_RESULT).first, limit=5)
    assert presses <= 5
    page.close()


def test_the_first_result_comes_before_the_filters_in_the_focus_order(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    presses = tab_presses_until(page, page.locator(FIRST_RESULT).first)
    assert presses <= 20, f"{presses} presses of Tab to the first result"
    assert page.locator("#filters input:focus, #filters select:focus").count() == 0
    page.close()


@pytest.mark.parametrize("width, height", PHONES)
def test_on_a_phone_the_results_come_first_and_the_filters_are_folded(
    browser, demo_site_live, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(demo_site_live.url + "/zoeken/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    first_result = page.locator(FIRST_RESULT).first.bounding_box()
    assert first_result["y"] + first_result["height"] <= height  # on the first screen
    assert not filters_are_open(page)
    assert not page.locator("#filters input[type=checkbox]").first.is_visible()
    page.get_by_role("link", name=re.compile("^Naar de filters")).click()
    assert filters_are_open(page)
    assert page.locator("#filters input[type=checkbox]").first.is_visible()
    page.close()


def test_on_a_phone_the_header_and_menu_take_at_most_a_third_of_the_screen(browser, demo_site_live):
    width, height = PHONES[1]
    page = browser.new_page(viewport={"width": width, "height": height})
    too_tall = {}
    for path in ["/", "/zoeken/"]:  # with the site's search box in the header, and without
        page.goto(demo_site_live.url + path)
        menu = page.locator(".site-nav").bounding_box()
        if menu["y"] + menu["height"] > height / 3:
            too_tall[path] = menu["y"] + menu["height"]
    page.close()
    assert not too_tall, f"the menu ends lower than {height / 3:.0f} px: {too_tall}"


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(browser, demo_site_live):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(demo_site_live.url + "/zoeken/")
    assert filters_are_open(page)
    filters = page.locator("#filters").bounding_box()
    results = page.locator(".finder__results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]  # the filter column on the left
    assert abs(filters["y"] - results["y"]) < 1
    page.close()


def longest_facet(page):
    """The fieldset of the facet with the most values on the page."""
    fieldsets = page.locator("#filters fieldset").all()
    return max(fieldsets, key=lambda fieldset: fieldset.locator("input[type=checkbox]").count())


def test_a_long_facet_list_shows_a_few_values_and_the_rest_behind_show_all(browser, demo_site_live):
    from search.views import FACET_VALUES_SHOWN

    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    facet = longest_facet(page)
    boxes = facet.locator("input[type=checkbox]")
    total = boxes.count()
    assert total > FACET_VALUES_SHOWN + 2  # the demo has a list long enough to fold
    visible = [box.is_visible() for box in boxes.all()]
    assert sum(visible) == FACET_VALUES_SHOWN
    facet.get_by_text(f"Toon alle {total}").click()
    assert all(box.is_visible() for box in boxes.all())
    page.close()


def test_a_chosen_value_is_never_folded_away(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    last = longest_facet(page).locator("input[type=checkbox]").last
    name, value = last.get_attribute("name"), last.get_attribute("value")
    assert not last.is_visible()
    page.goto(demo_site_live.url + f"/zoeken/?{name}={value}")
    chosen = page.locator(f"#filters input[type=checkbox][name='{name}'][value='{value}']")
    assert chosen.is_checked() and chosen.is_visible()
    page.close()


@pytest.mark.parametrize("width, height", [PHONES[1], (1280, 900)])
def test_a_filter_chosen_with_the_keyboard_applies_and_keeps_the_focus_on_it(
    browser, demo_site_live, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(demo_site_live.url + "/zoeken/")
    if not filters_are_open(page):
        page.locator("#filters summary").first.focus()
        page.keyboard.press("Enter")
    box = page.locator("#filters input[type=checkbox]").nth(1)
    box_id, name, value = (box.get_attribute(a) for a in ("id", "name", "value"))
    count = re.search(r"\((\d+)", page.locator(f"label[for='{box_id}']").inner_text())[1]
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"[?&]{name}={value}"))
    page.wait_for_function(f"document.activeElement.id === '{box_id}'")
    assert page.locator(f"#{box_id}").is_checked()
    announced = f"{count} resulta"  # "1 resultaat", "5 resultaten"
    assert page.locator("#results-heading").inner_text().startswith(announced)
    page.locator("#finder-announcement").filter(has_text=announced).wait_for()
    page.close()


def test_the_sort_order_changes_with_one_action(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/?q=vrijwilligers")
    newest = page.get_by_role("link", name="Nieuwste eerst")
    assert newest.get_attribute("aria-current") is None
    newest.click()
    page.wait_for_url(re.compile(r"sort=newest"))
    assert "q=vrijwilligers" in page.url
    assert page.get_by_role("link", name="Nieuwste eerst").get_attribute("aria-current") == "true"
    assert page.get_by_role("link", name="Best passend").get_attribute("aria-current") is None
    assert is_focused(page.get_by_role("link", name="Nieuwste eerst"))  # where it was
    page.close()


def test_the_filter_button_applies_the_years_and_leads_to_the_results(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    page.get_by_label("Vanaf").fill("2010")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"year_from=2010"))
    page.wait_for_function("document.activeElement.id === 'results-heading'")
    page.close()


def test_without_javascript_the_filters_stand_open_after_the_results(browser, demo_site_live):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_site_live.url + "/zoeken/")
    assert filters_are_open(page)
    first_result = page.locator(FIRST_RESULT).first.bounding_box()
    assert first_result["y"] + first_result["height"] <= 844
    assert page.locator("#filters").bounding_box()["y"] > first_result["y"]
    assert not page.get_by_text("Kiest u een filter, dan ziet u meteen").is_visible()
    box = page.locator("#filters input[type=checkbox]").first
    name, value = box.get_attribute("name"), box.get_attribute("value")
    box.check()  # nothing happens until the button is pressed
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(rf"[?&]{name}={value}"))
    context.close()


@pytest.mark.parametrize("width, height", [PHONES[0], (1280, 900)])
def test_the_finder_has_no_wcag_violations_with_the_filters_folded_or_open(
    browser, demo_site_live, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    failures = {}
    for url in ["/zoeken/", f"/zoeken/?q=vrijwilligers&form={VOLUNTEERING}"]:
        page.goto(demo_site_live.url + url)
        count, report = accessibility_violations(page)
        if count:
            failures[f"{url} as it loads"] = report
        closed = page.locator("#filters details:not([open]) > summary")
        while closed.count():
            closed.first.click()
        assert filters_are_open(page)
        count, report = accessibility_violations(page)
        if count:
            failures[f"{url} with every filter open"] = report
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
