"""Fixtures for e-mail alerts: the site's one address for links, generous limits, a fresh cache."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

GENEROUS_LIMITS = {
    **django_settings.SUBMISSION_RATE_LIMITS,
    "alert_per_ip": (10_000, 3600),
    "alert_per_email": (10_000, 3600),
}


@pytest.fixture(autouse=True)
def alert_settings(settings):
    settings.SUBMISSION_RATE_LIMITS = GENEROUS_LIMITS
    # The one address e-mails use for links (PRAKTIJKBANK_BASE_URL), not the request's Host.
    settings.WAGTAILADMIN_BASE_URL = "https://praktijkbank.example"
    cache.clear()
    yield settings
    cache.clear()
