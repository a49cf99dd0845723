"""The dossier in real headless Chromium: chosen by keyboard alone, without a script, no WCAG
violations on the finder with its dossier controls or on "Wat werkt?" with its links."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser import accessibility_violations

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]

FINDER = "/zoeken/?type=praktijk"


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit=200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    pytest.fail(f"{limit} presses of Tab never reached {locator}")


def pdf_text(path):
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(Path(path).read_bytes())).pages
    )
    return " ".join(text.split())


def card_titles(page):
    return page.locator(".finder__results .card__title").all_inner_texts()


def test_practices_are_chosen_and_the_pdf_made_by_keyboard_alone(browser, demo_site_live):
    page = browser.new_page()
    page.goto(demo_site_live.url + FINDER)
    titles = card_titles(page)
    boxes = page.get_by_role("checkbox", name="Opnemen in dossier")
    assert boxes.count() == len(titles) >= 3
    for index in (0, 2):
        tab_to(page, boxes.nth(index))
        page.keyboard.press("Space")
    assert [boxes.nth(index).is_checked() for index in range(3)] == [True, False, True]
    button = page.get_by_role("button", name="Dossier maken (PDF)")
    tab_to(page, button)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = pdf_text(download.value.path())
    assert "Een korte notitie over 2 praktijken" in text
    assert titles[0] in text and titles[2] in text and titles[1] not in text
    page.close()


def test_without_javascript_the_boxes_and_the_docx_button_still_make_a_dossier(
    browser, demo_site_live
):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(demo_site_live.url + FINDER)
    page.get_by_role("checkbox", name="Opnemen in dossier").first.check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Dossier maken (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"
    context.close()


def test_the_finder_and_what_works_with_their_dossier_controls_have_no_wcag_violations(
    browser, demo_site_live
):
    page = browser.new_page()
    failures = {}
    page.goto(demo_site_live.url + FINDER)
    page.get_by_role("checkbox", name="Opnemen in dossier").first.check()
    page.get_by_role("button", name="Dossier maken (PDF)").focus()
    count, report = accessibility_violations(page)
    if count:
        failures["finder with a practice chosen"] = report
    page.goto(demo_site_live.url + "/wat-werkt/")
    for summary in page.locator("details.ww-term > summary").all():
        summary.click()
    assert page.get_by_role("link", name="PDF").count() >= 1
    count, report = accessibility_violations(page)
    if count:
        failures["what works, every strategy open"] = report
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
