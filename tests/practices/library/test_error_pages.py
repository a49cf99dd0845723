"""A server error shows a friendly Dutch page that needs nothing from the database."""

from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_500_page_is_friendly_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert '<html lang="nl"' in text
    assert "Er ging iets mis" in text or "er ging iets mis" in text.lower()
