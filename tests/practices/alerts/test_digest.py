"""The weekly digest: only confirmed alerts, only what is new in their search, once a week."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from practices.alerts.digest import send_due
from practices.alerts.models import SearchAlert
from practices.library.models import PracticePage
from practices.taxonomy.models import Form

from .journey import (
    ADDRESS,
    age,
    days_ago,
    everything_published_long_ago,
    links_in,
    republish,
    subscribe,
    subscribed_and_confirmed,
)

pytestmark = pytest.mark.django_db

# A form that several demo practices have, and others not.
NETWORKS = "nieuwe-netwerken-en-coalities"
SEARCH = f"form={NETWORKS}"


@pytest.fixture
def quiet_site():
    """Nothing on the site is news, until a test republishes a page."""
    everything_published_long_ago()


@pytest.fixture
def in_the_search():
    return PracticePage.objects.live().filter(forms__slug=NETWORKS).first()


@pytest.fixture
def outside_the_search():
    return PracticePage.objects.live().exclude(forms__slug=NETWORKS).first()


def run_command():
    out = io.StringIO()
    call_command("send_search_alerts", stdout=out)
    return out.getvalue()


def test_a_confirmed_alert_gets_the_practices_of_its_search_updated_since(
    client, quiet_site, in_the_search, outside_the_search
):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    republish(in_the_search)
    republish(outside_the_search)
    output = run_command()
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert in_the_search.title in message.body
    assert outside_the_search.title not in message.body
    assert "https://praktijkbank.example" + in_the_search.url in message.body
    assert in_the_search.title in message.alternatives[0][0]
    assert "1 verstuurd" in output
    alert.refresh_from_db()
    assert alert.last_sent_at is not None


def test_every_digest_has_one_click_unsubscribe_headers_and_both_links(
    client, quiet_site, in_the_search
):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    republish(in_the_search)
    send_due()
    (message,) = mail.outbox
    unsubscribe = (
        f"https://praktijkbank.example/e-mail-bij-nieuwe-praktijken/uitschrijven/{alert.token}/"
    )
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(links_in(message)) == {"uitschrijven", "gegevens-wissen"}
    assert unsubscribe in message.alternatives[0][0]
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_no_mail_when_nothing_in_the_search_is_new(
    client, quiet_site, in_the_search, outside_the_search
):
    age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    republish(outside_the_search)
    output = run_command()
    assert not mail.outbox
    assert "0 verstuurd, 1 zonder nieuws" in output


def test_an_unconfirmed_alert_gets_no_digest(client, quiet_site, in_the_search):
    subscribe(client, search=SEARCH)
    age(SearchAlert.objects.get(), days=7)
    mail.outbox.clear()
    republish(in_the_search)
    send_due()
    assert not mail.outbox


def test_no_digest_before_a_week_has_passed(client, quiet_site, in_the_search):
    age(subscribed_and_confirmed(client, search=SEARCH)[0], days=6)
    republish(in_the_search)
    assert send_due().sent == 0
    assert not mail.outbox


def test_a_daily_run_sends_a_digest_once_a_week_with_only_what_is_new_since(
    client, quiet_site, in_the_search, outside_the_search
):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    republish(in_the_search)
    assert send_due().sent == 1
    republish(in_the_search)
    assert send_due().sent == 0  # the next day: not twice in one week
    sent_at = days_ago(7)
    SearchAlert.objects.filter(pk=alert.pk).update(last_sent_at=sent_at)
    outside_the_search.forms.add(in_the_search.forms.get(slug=NETWORKS))
    assert send_due().sent == 1
    first, second = mail.outbox
    assert in_the_search.title in first.body and in_the_search.title in second.body


def test_what_was_sent_last_week_is_not_sent_again(client, quiet_site, in_the_search):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=14)
    republish(in_the_search)
    SearchAlert.objects.filter(pk=alert.pk).update(last_sent_at=days_ago(7))
    # Published before the last digest: it was in that one.
    type(in_the_search).objects.filter(pk=in_the_search.pk).update(last_published_at=days_ago(8))
    assert send_due().nothing_new == 1
    assert not mail.outbox


def test_the_digest_is_in_the_alerts_language(client, quiet_site, in_the_search):
    client.post(f"/en/e-mail-bij-nieuwe-praktijken/?{SEARCH}", {"email": ADDRESS})
    client.post(links_in(mail.outbox[0])["bevestigen"])
    mail.outbox.clear()
    age(SearchAlert.objects.get(), days=7)
    republish(in_the_search)
    send_due()
    (message,) = mail.outbox
    assert f"Form of do-democracy: {Form.objects.get(slug=NETWORKS).name_en}" in message.body
    with translation.override("nl"):
        dutch_path = in_the_search.url
    assert f"https://praktijkbank.example/en{dutch_path}" in message.body
    assert (
        "/en/e-mail-bij-nieuwe-praktijken/uitschrijven/"
        in message.extra_headers["List-Unsubscribe"]
    )


def test_an_unfiltered_alert_follows_every_new_practice(client, quiet_site, in_the_search):
    age(subscribed_and_confirmed(client, search="")[0], days=7)
    republish(in_the_search)
    send_due()
    (message,) = mail.outbox
    assert in_the_search.title in message.body


def test_a_search_the_finder_no_longer_accepts_is_skipped_and_counted(client, quiet_site):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    SearchAlert.objects.filter(pk=alert.pk).update(search="form=verdwenen-vorm")
    output = run_command()
    assert not mail.outbox
    assert "1 met een zoekopdracht die niet meer werkt" in output


def test_a_mail_server_that_is_down_is_counted_logged_without_the_address_and_retried(
    client, quiet_site, in_the_search, settings, caplog
):
    alert = age(subscribed_and_confirmed(client, search=SEARCH)[0], days=7)
    republish(in_the_search)
    # A real SMTP backend on a port where nothing listens: the mail server is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert send_due().failed == 1
    assert ADDRESS not in caplog.text and f"Alert {alert.pk}" in caplog.text
    alert.refresh_from_db()
    assert alert.last_sent_at is None  # the next run tries again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due().sent == 1
