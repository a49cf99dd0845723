"""Every page of the submission form passes axe-core (WCAG 2.2 AA) in real headless Chromium,
with and without error messages, and the form works by keyboard without JavaScript."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.browser import accessibility_violations

from .journey import (
    START_URL,
    fill_all_steps,
    new_submission,
    pdf_bytes,
    review_url,
    start_data,
    status_url,
    step_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def scan(page, url):
    page.goto(url)
    count, report = accessibility_violations(page)
    return report if count else None


def test_every_step_has_no_wcag_violations(browser, demo_site_live):
    base = demo_site_live.url
    _, token = new_submission()
    client = Client()
    client.post(
        step_url(token, 5),
        {"attachment": SimpleUploadedFile("evaluatie.pdf", pdf_bytes()), "action": "upload"},
    )
    _, incomplete = new_submission()
    _, submitted = new_submission()
    fill_all_steps(client, submitted)
    client.post(review_url(submitted))
    changes, with_comment = new_submission()
    changes.status, changes.editor_comment = "wijzigingen-gevraagd", "Vul de aanleiding aan."
    changes.save()
    rejected, with_reason = new_submission()
    rejected.status, rejected.editor_comment = "afgewezen", "Dit is geen doe-democratie."
    rejected.save()
    later, saved_for_later = new_submission()
    later.proposed_municipality, later.proposed_province = "Nieuw-Hollandsveen", "overijssel"
    later.municipality = None
    later.save()
    client.post(step_url(saved_for_later, 2), {"title": "Buurtbus", "action": "later"})

    urls = {
        "start": START_URL,
        **{f"step {number}": step_url(token, number) for number in range(1, 6)},
        "review (incomplete)": review_url(incomplete),
        "status (draft)": status_url(token),
        "status (submitted)": status_url(submitted),
        "status (changes requested)": status_url(with_comment),
        "status (rejected)": status_url(with_reason),
        "status (saved for later, municipality proposed)": status_url(saved_for_later),
        "step 1 (municipality proposed)": step_url(saved_for_later, 1),
        "step 2 (saved for later)": step_url(saved_for_later, 2),
        "review (saved for later)": review_url(saved_for_later),
        "home, with the call to submit": "/",
        "receipt": f"/praktijk-insturen/{submitted}/ontvangen/",
    }
    page = browser.new_page()
    failures = {name: scan(page, base + url) for name, url in urls.items()}
    page.close()
    failures = {name: report for name, report in failures.items() if report}
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())


def test_error_messages_pass_axe_and_the_summary_links_to_the_field(browser, demo_site_live):
    _, token = new_submission()
    page = browser.new_page()  # axe itself needs JavaScript; the form does not
    page.goto(demo_site_live.url + step_url(token, 2))
    page.fill("#id_title", "<b>x</b>")
    page.fill("#id_summary", "Te kort")
    with page.expect_navigation():  # read the title of the answer, not of the page sent
        page.click("button[value=next]")
    assert "Fout:" in page.title()
    assert page.locator("#id_summary_error").inner_text().strip().startswith("Fout:")
    summary_link = page.locator(".submission-error-summary a[href='#id_summary']")
    assert summary_link.count() == 1
    count, report = accessibility_violations(page)
    assert not count, report
    page.goto(demo_site_live.url + START_URL)
    with page.expect_navigation():
        page.click("button[value=next]")
    count, report = accessibility_violations(page)
    page.close()
    assert not count, report


def test_a_submitter_without_javascript_starts_by_keyboard(browser, demo_site_live):
    page = browser.new_page(java_script_enabled=False)
    page.goto(demo_site_live.url + START_URL)
    data = start_data()
    page.select_option("#id_municipality", label="Oudewater")
    page.fill("#id_name", data["name"])
    page.fill("#id_role", data["role"])
    page.fill("#id_email", data["email"])
    page.focus("#id_email")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stap/2/")
    assert page.locator("h1").inner_text() == "De praktijk"
    page.close()
