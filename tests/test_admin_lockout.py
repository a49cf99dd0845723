"""The admin's login locks out after five wrong passwords, per username and client address.

django-axes counts failed logins (config/settings/base.py: AXES_*); the lockout page is
templates/axes/lockout.html. The lockout is on in the test settings as in production.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
USERNAME = "redacteur"
PASSWORD = "het-goede-wachtwoord"
NGINX = "127.0.0.1"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser(
        USERNAME, "redacteur@praktijkbank.example", PASSWORD
    )


def log_in(client, username=USERNAME, password=PASSWORD):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def fail_five_times(client, username=USERNAME):
    for _ in range(4):
        response = log_in(client, username=username, password="fout")
        assert response.status_code == 200  # the login form again, with its error
    # The fifth failure already answers with the lockout page.
    assert log_in(client, username=username, password="fout").status_code == 429


def logged_in(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/")


def test_five_wrong_passwords_lock_out_even_the_right_password(editor):
    client = Client()
    fail_five_times(client)
    response = log_in(client)
    assert response.status_code == 429
    assert '<html lang="nl"' in response.text
    assert "U kunt even niet inloggen" in response.text
    assert "Probeer het over 15 minuten opnieuw." in response.text
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock_out(editor):
    client = Client()
    for _ in range(4):
        log_in(client, password="fout")
    assert logged_in(log_in(client))


def test_the_lockout_page_does_not_tell_whether_the_username_exists(editor):
    existing, unknown = Client(), Client()
    fail_five_times(existing)
    fail_five_times(unknown, username="bestaat-niet")
    locked_existing = log_in(existing)
    locked_unknown = log_in(unknown, username="bestaat-niet")
    assert locked_existing.status_code == locked_unknown.status_code == 429
    assert without_tokens(locked_existing.text) == without_tokens(locked_unknown.text)
    assert USERNAME not in locked_existing.text


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_another_username_from_the_same_address_is_not_locked_out(editor):
    other = get_user_model().objects.create_superuser(
        "collega", "collega@praktijkbank.example", PASSWORD
    )
    client = Client()
    fail_five_times(client)
    assert logged_in(log_in(client, username=other.username))


def test_a_stranger_elsewhere_cannot_lock_the_editor_out(editor):
    fail_five_times(Client(REMOTE_ADDR="203.0.113.66"))
    assert logged_in(log_in(Client(REMOTE_ADDR="198.51.100.10")))


def test_behind_nginx_the_lockout_is_per_visitor_not_per_proxy(editor, settings):
    settings.PRAKTIJKBANK_TRUSTED_PROXIES = [NGINX]
    fail_five_times(Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.66"))
    editor_at_work = Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert logged_in(log_in(editor_at_work))


def test_after_the_cool_off_the_right_password_works_again(editor):
    client = Client()
    fail_five_times(client)
    assert log_in(client).status_code == 429
    sixteen_minutes_ago = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
    assert logged_in(log_in(client))


def test_a_successful_login_forgets_the_earlier_failures(editor):
    client = Client()
    for _ in range(4):
        log_in(client, password="fout")
    assert logged_in(log_in(client))
    client.logout()
    for _ in range(4):
        log_in(client, password="fout")
    assert logged_in(log_in(client))
