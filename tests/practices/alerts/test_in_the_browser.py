"""Subscribe and confirm in real headless Chromium, with no WCAG violations on any alert page."""

import pytest
from django.core import mail

from practices.alerts.models import AlertRecipient, SearchAlert
from tests.browser import accessibility_violations

from .journey import links_in

pytestmark = [
    pytest.mark.browser,
    # The live server reads committed data; each test loads the demo site itself.
    pytest.mark.django_db(transaction=True),
]

FINDER = "/zoeken/?form=nieuwe-netwerken-en-coalities"


def assert_accessible(page, failures, name):
    count, report = accessibility_violations(page)
    if count:
        failures[name] = report


def test_a_visitor_subscribes_from_the_finder_and_confirms_with_the_button(browser, demo_site_live):
    page = browser.new_page()
    failures = {}
    page.goto(demo_site_live.url + FINDER)
    page.get_by_role("link", name="E-mail bij nieuwe praktijken").click()
    assert page.get_by_role("heading", level=1).inner_text() == "E-mail bij nieuwe praktijken"
    assert_accessible(page, failures, "subscribe")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_role("alert").count() == 1  # the error summary for an empty address
    assert_accessible(page, failures, "subscribe with an error")
    page.get_by_label("Uw e-mailadres").fill("ambtenaar@gemeente.example")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw mailbox"
    assert_accessible(page, failures, "sent")

    (message,) = mail.outbox
    page.goto(demo_site_live.url + links_in(message)["bevestigen"])
    assert_accessible(page, failures, "confirm")
    assert SearchAlert.objects.get().confirmed_at is None
    page.get_by_role("button", name="Ja, stuur mij deze e-mails").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw aanmelding is bevestigd"
    assert_accessible(page, failures, "confirmed")
    assert SearchAlert.objects.get().confirmed_at is not None

    alert = SearchAlert.objects.get()
    base = demo_site_live.url + "/e-mail-bij-nieuwe-praktijken/"
    page.goto(f"{base}gegevens-wissen/{alert.token}/")
    assert_accessible(page, failures, "delete all my data")
    page.goto(f"{base}uitschrijven/{alert.token}/")
    assert_accessible(page, failures, "unsubscribe")
    page.get_by_role("button", name="Afmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "U bent afgemeld"
    assert_accessible(page, failures, "unsubscribed")
    assert not SearchAlert.objects.exists()
    page.goto(f"{base}uitschrijven/{alert.token}/")
    assert_accessible(page, failures, "a link that no longer works")

    recipient = AlertRecipient.objects.create(email="ander@gemeente.example")
    other = SearchAlert.objects.create(recipient=recipient, search="", language="nl")
    page.goto(f"{base}gegevens-wissen/{other.token}/")
    page.get_by_role("button", name="Alles wissen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Uw gegevens zijn gewist"
    assert_accessible(page, failures, "data deleted")
    assert not AlertRecipient.objects.exists()
    page.close()
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
