"""The submission form and the editors' side in real headless Chromium: saving for later, a
form filled in at once, errors only after interaction with focus on the summary, a
municipality missing from a list of 342, the editor's way between a case and its page, and an
attachment linked on whatever address the site runs on."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from practices.library.models import PracticePage
from practices.municipalities.models import Municipality
from practices.submissions.models import Submission
from tests.browser import accessibility_violations

from .journey import (
    START_URL,
    fill_all_steps,
    new_submission,
    pdf_bytes,
    review_url,
    start_data,
    step_url,
)
from .test_review_journey_browser import fill, log_in, next_step, restore_editorial_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# How a form control looks, from its computed style.
LOOK = """el => {
  const style = getComputedStyle(el);
  return [style.borderTopColor, style.borderBottomColor, style.borderBottomWidth,
          style.backgroundColor, style.color].join(" | ");
}"""

# The controls whose look differs from their own look when valid (not required).
LOOKING_WRONG = """() => {
  const look = el => {
    const style = getComputedStyle(el);
    return [style.borderTopColor, style.borderBottomColor, style.borderBottomWidth,
            style.backgroundColor, style.color].join(" | ");
  };
  const controls = document.querySelectorAll(
    ".submission-form input:not([type=hidden]), .submission-form textarea, " +
    ".submission-form select");
  return [...controls].filter(el => {
    const shown = look(el);
    const required = el.required;
    el.required = false;
    const valid = look(el);
    el.required = required;
    return shown !== valid;
  }).map(el => el.name);
}"""


@pytest.fixture
def new_page(browser, demo_site_live):
    """Browser tabs, closed before the live server stops and its database is flushed."""
    pages = []

    def make():
        pages.append(browser.new_page())
        return pages[-1]

    yield make
    for page in pages:
        page.close()


@pytest.fixture
def moderator(demo_site_live, django_user_model):
    restore_editorial_setup()
    user = django_user_model.objects.create_user("moderator", "mod@example.org", "geheim")
    user.groups.add(Group.objects.get(name="Moderatoren"))
    return user


FOCUS_ON_SUMMARY = (
    "document.activeElement && document.activeElement.matches('.submission-error-summary')"
)


# Saving for later and a fast start ---------------------------------------------------------


def test_step_1_filled_in_at_once_goes_on_and_saving_for_later_keeps_what_was_typed(
    new_page, demo_site_live
):
    page = new_page()
    page.goto(demo_site_live.url + START_URL)
    # As autofill does: everything at once, sent within a second.
    fill(page, start_data())
    next_step(page)
    page.wait_for_url("**/stap/2/")

    page.fill("#id_title", "Buurtbus door vrijwilligers")
    page.fill("#id_summary", "Inwoners rijden zelf een buurtbus.")
    page.click("button[name=action][value=later]")
    page.wait_for_load_state()
    assert "Uw antwoorden zijn bewaard zoals u ze typte" in page.content()
    assert "Buurtbus door vrijwilligers" in page.locator("main").inner_text()

    token = page.url.rstrip("/").split("/")[-1]  # the status page, on the private link
    page.goto(demo_site_live.url + step_url(token, 2))
    assert page.input_value("#id_title") == "Buurtbus door vrijwilligers"
    assert page.input_value("#id_summary") == "Inwoners rijden zelf een buurtbus."
    assert page.locator(".submission-error-summary").count() == 0


# Errors only after interaction, focus on the summary ---------------------------------------


@pytest.mark.parametrize("number", [1, 2])
def test_no_field_looks_wrong_before_anyone_typed(new_page, demo_site_live, number):
    _, token = new_submission()
    page = new_page()
    page.goto(demo_site_live.url + (START_URL if number == 1 else step_url(token, number)))
    assert page.evaluate("document.querySelectorAll('.submission-form :invalid').length"), (
        "the step has empty required fields"
    )
    assert page.evaluate(LOOKING_WRONG) == []


def test_a_required_text_box_shows_its_error_after_the_submitter_left_it_empty(
    new_page, demo_site_live
):
    _, token = new_submission()
    page = new_page()
    page.goto(demo_site_live.url + step_url(token, 2))
    summary = page.locator("#id_summary")
    untouched = summary.evaluate(LOOK)
    summary.fill("x")
    summary.fill("")
    page.locator("#id_what_happened").focus()
    assert summary.evaluate("el => el.matches(':user-invalid')")
    assert summary.evaluate(LOOK) != untouched
    # What the server marks after a check looks the same as what the browser marks.
    next_step(page)
    assert page.locator("#id_summary").evaluate(LOOK) != untouched


@pytest.mark.parametrize("where", ["start", "step 2", "review"])
def test_after_a_failed_submit_focus_is_on_the_error_summary(new_page, demo_site_live, where):
    _, token = new_submission()
    page = new_page()
    if where == "review":
        page.goto(demo_site_live.url + review_url(token))
        page.get_by_role("button", name="Praktijk versturen naar de redactie").click()
    else:
        page.goto(demo_site_live.url + (START_URL if where == "start" else step_url(token, 2)))
        next_step(page)
    page.wait_for_function(FOCUS_ON_SUMMARY)
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "-1"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    # From the summary, the first Tab goes to the first link to a field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.submission-error-summary') !== null")
    count, report = accessibility_violations(page)
    assert not count, report


# A municipality missing from the list -------------------------------------------------------


def fill_the_list_to(total):
    """As many municipalities as the country has, whatever the database holds now."""
    taken = set(Municipality.objects.values_list("cbs_code", flat=True))
    codes = (f"GM{number:04d}" for number in range(9999, 0, -1) if f"GM{number:04d}" not in taken)
    missing = total - Municipality.objects.count()
    Municipality.objects.bulk_create(
        Municipality(name=f"Proefgemeente {index:03d}", cbs_code=next(codes), province="utrecht")
        for index in range(missing)
    )


def announced_disclosure(page, name):
    """How Chromium tells a screen reader about the disclosure: its role and expanded state."""
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    for node in tree["nodes"]:
        if node.get("name", {}).get("value") == name and node["role"]["value"] != "StaticText":
            states = {item["name"]: item["value"].get("value") for item in node["properties"]}
            return node["role"]["value"], states.get("expanded")
    return None


def test_with_342_municipalities_the_list_and_the_missing_path_work_by_keyboard(
    new_page, demo_site_live
):
    fill_the_list_to(342)
    page = new_page()
    page.goto(demo_site_live.url + START_URL)
    assert page.locator("#id_municipality option").count() == 342 + 1

    # The native list: typing the first letters chooses.
    page.focus("#id_municipality")
    page.keyboard.type("Oudew")
    assert page.evaluate("document.activeElement.selectedOptions[0].text") == "Oudewater"
    # Its description, read out with it, names the way when the municipality is missing.
    described_by = page.get_attribute("#id_municipality", "aria-describedby")
    hint = page.locator(f"#{described_by.split()[0]}").inner_text()
    assert "Mijn gemeente staat er niet bij" in hint

    page.select_option("#id_municipality", "")
    page.focus("#id_municipality")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("document.activeElement.innerText") == "Mijn gemeente staat er niet bij"
    assert page.locator("details.submission-other").evaluate("el => !el.open")
    assert announced_disclosure(page, "Mijn gemeente staat er niet bij") == (
        "DisclosureTriangle",
        False,
    )
    page.keyboard.press("Enter")
    assert page.locator("details.submission-other").evaluate("el => el.open")
    assert announced_disclosure(page, "Mijn gemeente staat er niet bij")[1] is True
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_proposed_municipality"
    page.keyboard.type("Nieuw-Hollandsveen")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_proposed_province"
    page.select_option("#id_proposed_province", label="Overijssel")
    count, report = accessibility_violations(page)
    assert not count, report

    data = start_data()
    for name in ("name", "role", "email"):
        page.fill(f"#id_{name}", data[name])
    next_step(page)
    page.wait_for_url("**/stap/2/")
    submission = Submission.objects.get()
    assert submission.municipality is None
    assert submission.proposed_municipality_text == "Nieuw-Hollandsveen (Overijssel)"


def test_a_missing_province_opens_the_disclosure_with_the_error(new_page, demo_site_live):
    page = new_page()
    page.goto(demo_site_live.url + START_URL)
    page.click("summary.submission-other__summary")
    page.fill("#id_proposed_municipality", "Nieuw-Hollandsveen")
    next_step(page)
    assert page.locator("details.submission-other").evaluate("el => el.open")
    page.click(".submission-error-summary a[href='#id_proposed_province']")
    assert page.evaluate("document.activeElement.id") == "id_proposed_province"
    count, report = accessibility_violations(page)
    assert not count, report


# The editor's way, and the attachment on the live site --------------------------------------


def test_an_editor_goes_from_the_dashboard_to_the_case_to_its_page_and_back(
    new_page, demo_site_live, moderator
):
    base = demo_site_live.url
    client = Client()
    submission, token = new_submission()
    client.post(
        step_url(token, 5),
        {"attachment": SimpleUploadedFile("evaluatie.pdf", pdf_bytes()), "action": "upload"},
    )
    fill_all_steps(client, token)
    client.post(review_url(token))
    submission.refresh_from_db()

    admin = new_page()
    log_in(admin, base, "moderator")
    admin.locator("#waiting-submissions-content, [id^=waiting-submissions]").first.wait_for()
    admin.get_by_role("link", name=f"{submission.reference}: {submission.title}").click()
    admin.wait_for_url(f"**/admin/inzendingen/inspect/{submission.pk}/")
    admin.locator("dd a", has_text=submission.title).click()  # "Conceptpagina"
    admin.wait_for_url(f"**/admin/pages/{submission.page_id}/edit/")
    admin.get_by_role("link", name="Inzending bekijken").click()
    admin.wait_for_url(f"**/admin/inzendingen/inspect/{submission.pk}/")
    admin.goto(base + "/admin/inzendingen/")
    admin.get_by_role("link", name=submission.reference).click()
    admin.wait_for_url(f"**/admin/inzendingen/inspect/{submission.pk}/")

    # Published, the page links the attachment on the address the site runs on.
    PracticePage.objects.get(pk=submission.page_id).get_latest_revision().publish()
    visitor = new_page()
    visitor.goto(base + PracticePage.objects.get(pk=submission.page_id).url)
    # Named by number and kind, not by the file's own name, which may name the submitter.
    link = visitor.get_by_role("link", name="Bijlage 1 (PDF)")
    assert link.get_attribute("href").startswith("/praktijk-insturen/bijlage/")
    with visitor.expect_download() as download:
        link.click()
    assert download.value.url.startswith(base + "/praktijk-insturen/bijlage/")
    assert re.fullmatch(r"bijlage-[0-9a-f]{8}\.pdf", download.value.suggested_filename)
