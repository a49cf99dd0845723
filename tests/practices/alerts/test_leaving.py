"""Leaving again: one-click unsubscribe (RFC 8058), the unsubscribe page, delete all my data."""

import pytest
from django.test import Client

from practices.alerts.models import AlertRecipient, SearchAlert

from .journey import subscribed_and_confirmed

pytestmark = pytest.mark.django_db


def unsubscribe_path(alert):
    return f"/e-mail-bij-nieuwe-praktijken/uitschrijven/{alert.token}/"


def forget_path(alert):
    return f"/e-mail-bij-nieuwe-praktijken/gegevens-wissen/{alert.token}/"


def test_a_mail_programs_one_click_post_without_a_csrf_token_unsubscribes(client):
    alert, _message = subscribed_and_confirmed(client)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        unsubscribe_path(alert),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not SearchAlert.objects.exists()
    assert not AlertRecipient.objects.exists()  # it followed nothing else


def test_opening_the_unsubscribe_link_changes_nothing_until_the_button(client):
    alert, _message = subscribed_and_confirmed(client)
    page = client.get(unsubscribe_path(alert))
    assert page.status_code == 200
    assert SearchAlert.objects.filter(pk=alert.pk).exists()
    assert client.post(unsubscribe_path(alert)).status_code == 200
    assert not SearchAlert.objects.exists()


def test_unsubscribing_from_one_search_keeps_the_others(client):
    first, _message = subscribed_and_confirmed(client)
    second, _message = subscribed_and_confirmed(client, search="q=buurt")
    client.post(unsubscribe_path(first))
    assert list(SearchAlert.objects.all()) == [second]
    assert AlertRecipient.objects.count() == 1


def test_a_second_unsubscribe_answers_the_same(client):
    alert, _message = subscribed_and_confirmed(client)
    first = client.post(unsubscribe_path(alert))
    again = client.post(unsubscribe_path(alert))
    assert first.status_code == again.status_code == 200
    assert client.get(unsubscribe_path(alert)).status_code == 404


def test_delete_all_my_data_deletes_the_address_and_every_alert(client):
    alert, _message = subscribed_and_confirmed(client)
    subscribed_and_confirmed(client, search="q=buurt")
    other, _message = subscribed_and_confirmed(client, email="ander@gemeente.example")
    page = client.get(forget_path(alert))
    assert page.status_code == 200 and "2 zoekopdrachten" in page.content.decode()
    assert SearchAlert.objects.count() == 3
    assert client.post(forget_path(alert)).status_code == 200
    assert list(AlertRecipient.objects.all()) == [other.recipient]
    assert list(SearchAlert.objects.all()) == [other]


def test_delete_all_my_data_needs_the_pages_own_form(client):
    """Only the unsubscribe address skips the CSRF check: another site cannot post this one."""
    alert, _message = subscribed_and_confirmed(client)
    assert Client(enforce_csrf_checks=True).post(forget_path(alert)).status_code == 403
    assert SearchAlert.objects.exists()


def test_the_confirmation_button_needs_the_pages_own_form(client):
    client_with_csrf = Client(enforce_csrf_checks=True)
    page = client_with_csrf.get("/e-mail-bij-nieuwe-praktijken/?q=buurt")
    assert page.status_code == 200
    alert = SearchAlert(search="q=buurt", language="nl")
    alert.recipient = AlertRecipient.objects.create(email="x@gemeente.example")
    alert.save()
    response = client_with_csrf.post(f"/e-mail-bij-nieuwe-praktijken/bevestigen/{alert.token}/")
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.confirmed_at is None
