"""Refusals of the site itself, before any view: a form without its token, a body that cannot
be read. Each is a 4xx page in Dutch, in the site's style, without inline style or script (the
Content-Security-Policy would block them)."""

import re

import pytest
from django.test import Client

START_URL = "/praktijk-insturen/"


def assert_a_dutch_page(response, status, heading):
    text = response.content.decode()
    assert response.status_code == status
    assert re.search(r'<html[^>]*lang="nl"', text)
    assert heading in text
    assert "<style" not in text and "style=" not in text
    assert "CSRF" not in text  # a word for developers, not for visitors


@pytest.mark.django_db
@pytest.mark.parametrize("path", [START_URL, "/i18n/setlang/"])
def test_a_form_without_the_token_of_its_page_is_refused_with_a_dutch_page(path):
    response = Client(enforce_csrf_checks=True).post(path, {"language": "en"})
    assert_a_dutch_page(response, 403, "Het formulier is verlopen")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=" + "x" * 100 + "\x00"],
)
def test_a_form_body_that_cannot_be_read_is_refused_with_a_dutch_page(content_type):
    body = b'--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnna'
    response = Client().post(START_URL, body, content_type=content_type)
    assert_a_dutch_page(response, 400, "Dit verzoek kunnen we niet lezen")
