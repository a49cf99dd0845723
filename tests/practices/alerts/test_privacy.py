"""The address is personal data: stored apart, shown nowhere, named in the privacy statement."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.search.backends import get_search_backend

from practices.alerts.models import AlertRecipient, SearchAlert

from .journey import FORM, SUBSCRIBE_URL, subscribe, subscribed_and_confirmed

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "geheim.adres@gemeente.example"


def public_pages(alert):
    """Every public address that could show something of a search or its followers."""
    token = alert.token
    return [
        "/",
        "/zoeken/",
        f"/zoeken/?form={FORM}",
        "/zoeken/?q=geheim",
        "/feeds/praktijken/",
        f"/feeds/praktijken/?form={FORM}",
        "/api/v1/practices",
        "/api/v1/practices?q=geheim",
        "/api/v1/practices/export.csv",
        "/api/v1/practices/export.json",
        "/api/v1/openapi.json",
        "/open-data/dcat.jsonld",
        "/sitemap.xml",
        "/privacy/",
        f"{SUBSCRIBE_URL}?form={FORM}",
        f"{SUBSCRIBE_URL}verstuurd/",
        f"{SUBSCRIBE_URL}bevestigen/{token}/",
        f"{SUBSCRIBE_URL}uitschrijven/{token}/",
        f"{SUBSCRIBE_URL}gegevens-wissen/{token}/",
    ]


def test_the_address_is_on_no_public_page_feed_export_or_api_answer(client):
    alert, _message = subscribed_and_confirmed(client, email=SECRET_ADDRESS)
    for url in public_pages(alert):
        response = client.get(url)
        assert response.status_code in (200, 301, 302), url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"geheim.adres" not in body.lower(), url


def test_the_address_is_not_in_the_search_index_nor_in_the_admin(client, admin_client):
    subscribed_and_confirmed(client, email=SECRET_ADDRESS)
    for model in (AlertRecipient, SearchAlert):
        assert not hasattr(model, "search_fields")
    assert not get_search_backend().search("geheim.adres", SearchAlert.objects.none())
    for url in ("/admin/", "/admin/snippets/", "/django-admin/"):
        body = admin_client.get(url, follow=True).content.decode().lower()
        assert "geheim.adres" not in body and "alertrecipient" not in body


def test_a_recipient_printed_in_a_log_line_shows_no_address(client):
    alert, _message = subscribed_and_confirmed(client, email=SECRET_ADDRESS)
    assert "geheim" not in str(alert.recipient) and "geheim" not in str(alert)


def test_only_a_hash_of_the_token_is_looked_up(client):
    subscribe(client)
    alert = SearchAlert.objects.get()
    assert SearchAlert.objects.by_token(alert.token) == alert
    assert SearchAlert.objects.by_token(alert.token[:-1] + "x") is None
    assert re.fullmatch(r"[0-9a-f]{64}", alert.token_hash)
    assert len(alert.token) >= 43  # secrets.token_urlsafe(32): 256 random bits
    assert mail.outbox


def test_the_privacy_statement_names_what_an_alert_keeps_and_for_how_long(client, settings):
    settings.ALERT_CONFIRMATION_DAYS = 5
    text = client.get("/privacy/").content.decode()
    assert "E-mailadres en zoekopdracht voor ‘E-mail bij nieuwe praktijken’" in text
    assert "Tot u zich afmeldt. Zonder bevestiging: 5 dagen" in text
    assert "Als u e-mail krijgt bij nieuwe praktijken" in text  # the statement's own section


def test_editors_have_no_screen_with_the_addresses(admin_client):
    get_user_model()  # an admin exists (admin_client)
    assert admin_client.get("/admin/snippets/alerts/alertrecipient/").status_code == 404
    assert admin_client.get("/django-admin/alerts/alertrecipient/").status_code == 404
