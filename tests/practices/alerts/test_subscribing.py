"""Subscribing with double opt-in: a neutral answer, a confirmation e-mail, a button to confirm."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from practices.alerts.models import AlertRecipient, SearchAlert

from .journey import (
    ADDRESS,
    FORM,
    SUBSCRIBE_URL,
    age,
    confirmation_path,
    links_in,
    subscribe,
)

pytestmark = pytest.mark.django_db


def test_the_subscribe_page_names_the_search_in_words(client):
    response = client.get(SUBSCRIBE_URL, {"form": FORM, "q": "buurt"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "‘buurt’" in text and "Sociaal ondernemerschap" in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_finder_links_to_the_alert_for_the_same_search(client):
    page = client.get("/zoeken/", {"form": FORM, "page": "1", "sort": "newest"}).content.decode()
    assert f'href="{SUBSCRIBE_URL}?form={FORM}"' in page
    assert "E-mail bij nieuwe praktijken" in page


def test_subscribing_answers_look_in_your_mailbox_and_sends_a_confirmation_link(client):
    response = subscribe(client, follow=True)
    assert response.redirect_chain[-1][0] == f"{SUBSCRIBE_URL}verstuurd/"
    assert "Kijk in uw mailbox" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert confirmation_path(message).startswith(f"{SUBSCRIBE_URL}bevestigen/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "https://praktijkbank.example/" in html
    alert = SearchAlert.objects.get()
    assert alert.search == f"form={FORM}" and alert.confirmed_at is None and alert.language == "nl"


def test_the_confirmation_mail_repeats_nothing_the_subscriber_typed(client):
    """Anyone may type any address: the mail must not carry their words to a stranger."""
    subscribe(client, search="q=koop+goedkoop+bij+spam.example")
    (message,) = mail.outbox
    assert "spam.example" not in message.body + message.alternatives[0][0]


def test_the_links_use_the_sites_address_never_the_requests_host(client):
    subscribe(client, HTTP_HOST="evil.example")
    (message,) = mail.outbox
    assert "evil.example" not in message.body
    assert "evil.example" not in message.alternatives[0][0]


def test_opening_the_confirmation_link_does_not_confirm_only_the_button_does(client):
    subscribe(client)
    path = confirmation_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Ja, stuur mij deze e-mails" in page.content.decode()
    assert SearchAlert.objects.get().confirmed_at is None
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "Uw aanmelding is bevestigd" in confirmed.content.decode()
    assert SearchAlert.objects.get().confirmed_at is not None


def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_confirmed_address(client):
    first = subscribe(client)
    second = subscribe(client)
    client.post(confirmation_path(mail.outbox[0]))
    third = subscribe(client)
    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    # A waiting alert gets its link again; a confirmed one gets no mail at all.
    assert len(mail.outbox) == 2
    assert SearchAlert.objects.count() == AlertRecipient.objects.count() == 1


def test_an_address_is_kept_once_however_it_is_typed(client):
    subscribe(client, email=" Ambtenaar@Gemeente.EXAMPLE ")
    subscribe(client, search="q=buurt")
    assert AlertRecipient.objects.get().email == ADDRESS
    assert AlertRecipient.objects.get().alerts.count() == 2


def test_the_search_is_kept_as_the_feed_keeps_it_without_page_and_order(client):
    subscribe(client, search=f"page=3&sort=newest&form={FORM}&mijn_gemeente=GM0106")
    assert SearchAlert.objects.get().search == f"form={FORM}"


def test_english_visitors_get_an_english_alert_with_links_under_en(client):
    client.post(f"/en{SUBSCRIBE_URL}?form={FORM}", {"email": ADDRESS})
    (message,) = mail.outbox
    assert SearchAlert.objects.get().language == "en"
    assert confirmation_path(message).startswith(f"/en{SUBSCRIBE_URL}bevestigen/")
    page = client.get(confirmation_path(message)).content.decode()
    assert "Form of do-democracy: Social entrepreneurship" in page


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Vul uw e-mailadres in."),
        ("geen-adres", "Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
        ("a" * 250 + "@x.nl", "Dit e-mailadres is te lang."),
        ("naam\x00@gemeente.nl", "Uw e-mailadres bevat een teken dat niet kan."),
    ],
)
def test_a_wrong_address_is_refused_in_plain_dutch_and_stores_nothing(client, email, error):
    response = subscribe(client, email=email)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not AlertRecipient.objects.exists() and not SearchAlert.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "search", ["form=bestaat-niet", "year_from=abc", "page=0", "q=" + "x" * 201]
)
def test_a_search_the_finder_refuses_is_a_400_in_plain_dutch(client, search):
    for response in (client.get(f"{SUBSCRIBE_URL}?{search}"), subscribe(client, search=search)):
        assert response.status_code == 400
        assert "Deze zoekopdracht kunnen we niet volgen" in response.content.decode()
    assert not SearchAlert.objects.exists()


def test_too_many_subscriptions_from_one_address_are_refused(client, settings):
    settings.SUBMISSION_RATE_LIMITS = {**settings.SUBMISSION_RATE_LIMITS, "alert_per_ip": (2, 60)}
    assert subscribe(client, email="een@gemeente.example").status_code == 302
    assert subscribe(client, email="twee@gemeente.example").status_code == 302
    refused = subscribe(client, email="drie@gemeente.example")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert not AlertRecipient.objects.filter(email="drie@gemeente.example").exists()


def test_too_many_confirmation_mails_to_one_mailbox_are_not_sent_nor_told(client, settings):
    settings.SUBMISSION_RATE_LIMITS = {
        **settings.SUBMISSION_RATE_LIMITS,
        "alert_per_email": (2, 60),
    }
    answers = [subscribe(client, search=f"q=woord{number}") for number in range(4)]
    assert {response.status_code for response in answers} == {302}
    assert len(mail.outbox) == 2
    assert SearchAlert.objects.count() == 2


def test_an_unconfirmed_alert_is_deleted_after_the_confirmation_period(client, settings):
    settings.ALERT_CONFIRMATION_DAYS = 7
    subscribe(client)
    subscribe(client, email="ander@gemeente.example")
    path = confirmation_path(mail.outbox[0])
    age(SearchAlert.objects.get(recipient__email=ADDRESS), days=8)
    age(SearchAlert.objects.get(recipient__email="ander@gemeente.example"), days=6)
    assert client.get(path).status_code == 404  # the link expires before the clean-up
    assert client.post(path).status_code == 404
    call_command("send_search_alerts", stdout=io.StringIO())
    assert list(AlertRecipient.objects.values_list("email", flat=True)) == [
        "ander@gemeente.example"
    ]


def test_an_expired_alert_can_be_asked_for_again(client):
    subscribe(client)
    age(SearchAlert.objects.get(), days=30)
    mail.outbox.clear()
    subscribe(client)
    alert = SearchAlert.objects.get()
    assert alert.created_at > timezone.now() - datetime.timedelta(minutes=1)
    assert client.post(confirmation_path(mail.outbox[0])).status_code == 200


def test_a_wrong_token_gives_a_404_on_every_page(client):
    wrong = "A" * 43
    for name in ("bevestigen", "uitschrijven", "gegevens-wissen"):
        assert client.get(f"{SUBSCRIBE_URL}{name}/{wrong}/").status_code == 404
    assert client.post(f"{SUBSCRIBE_URL}bevestigen/{wrong}/").status_code == 404


def test_the_confirmation_mail_carries_the_links_to_leave_again(client):
    subscribe(client)
    assert set(links_in(mail.outbox[0])) == {"bevestigen"}
