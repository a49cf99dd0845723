"""Under the Content-Security-Policy, every public page loads in real headless Chromium without
one violation, and the site's own scripts and stylesheets still do their work.

A violation is what the browser reports: a `securitypolicyviolation` event (recorded from
before the page's first script) or a console message about the policy.
"""

import re

import pytest

from tests.test_content_security_policy import public_urls

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
      `(${event.sourceFile || ""}:${event.lineNumber})`
  );
});
"""


@pytest.fixture
def csp_page(browser):
    """A page that records every violation; `page.csp_reports()` returns and clears them."""
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def reports():
        found = console + page.evaluate("window.cspViolations || []")
        console.clear()
        return found

    page.csp_reports = reports
    yield page
    page.close()


def visit(page, url):
    page.goto(url)
    # Reports are queued as tasks: let the page's deferred scripts and requests finish.
    page.wait_for_load_state("networkidle")


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_every_public_page_loads_without_a_policy_violation(
    csp_page, demo_site_live, private_media
):
    violations = {}
    for name, url in public_urls().items():
        visit(csp_page, demo_site_live.url + url)
        if name == "api docs":  # Swagger UI renders after it fetched the OpenAPI document
            csp_page.locator(".opblock").first.wait_for()
        if reports := csp_page.csp_reports():
            violations[f"{name} ({url})"] = reports
    assert not violations, "\n".join(
        f"{page}:\n  " + "\n  ".join(reports) for page, reports in violations.items()
    )


def test_the_finders_scripts_run_under_the_policy(csp_page, demo_site_live):
    visit(csp_page, demo_site_live.url + "/zoeken/?q=vrijwilligers")
    assert csp_page.locator("[data-finder-hint]").is_visible()  # finder.js unhid it
    csp_page.locator("#id_q").fill("zwem")  # suggest.js asks the API (connect-src)
    csp_page.locator("#suggestions option").first.wait_for(state="attached")
    box = csp_page.locator("#filters input[type=checkbox]").first
    name, value = box.get_attribute("name"), box.get_attribute("value")
    with csp_page.expect_navigation():  # ticking a filter applies it at once
        box.check()
    assert re.search(rf"{name}={value}", csp_page.url)
    assert csp_page.csp_reports() == []


def test_what_works_gets_its_layout_from_its_own_stylesheet(csp_page, demo_site_live):
    visit(csp_page, demo_site_live.url + "/wat-werkt/")
    fields = csp_page.locator(".ww-filters__fields")
    assert fields.evaluate("element => getComputedStyle(element).display") == "grid"
    target = csp_page.locator("details.ww-term").first
    anchor = target.get_attribute("id")
    visit(csp_page, demo_site_live.url + f"/wat-werkt/#{anchor}")  # what_works.js opens it
    assert target.evaluate("details => details.open")
    assert csp_page.csp_reports() == []


def test_the_api_docs_render_and_try_a_request_under_the_policy(csp_page, demo_site_live):
    visit(csp_page, demo_site_live.url + "/api/v1/docs")
    operation = csp_page.locator(".opblock").first
    operation.locator(".opblock-summary").click()
    csp_page.get_by_role("button", name="Try it out").click()
    with csp_page.expect_response(re.compile(r"/api/v1/")):
        csp_page.get_by_role("button", name="Execute").click()
    csp_page.locator(".responses-wrapper .live-responses-table").wait_for()
    assert csp_page.csp_reports() == []
