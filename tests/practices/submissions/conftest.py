"""Fixtures for the submission form: private files in a temporary folder, a fresh cache."""

import pytest
from django.core.cache import cache

GENEROUS_LIMITS = {
    "start_per_ip": (10_000, 3600),
    "start_per_email": (10_000, 3600),
    "post_per_ip": (100_000, 600),
}


@pytest.fixture(autouse=True)
def submission_settings(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.SUBMISSION_RATE_LIMITS = GENEROUS_LIMITS
    # The one address e-mails use for links (PRAKTIJKBANK_BASE_URL).
    settings.WAGTAILADMIN_BASE_URL = "https://praktijkbank.example"
    cache.clear()
    yield settings
    cache.clear()
