"""Shared fixtures: the report's taxonomy and demo content, loaded once per test session."""

import os

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from practices.library.demo import load_demo_content
from practices.taxonomy.loading import load_taxonomy


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test starts from the demo site a newcomer sees; tests roll back their own changes.
    with django_db_blocker.unblock():
        load_taxonomy()
        load_demo_content()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request to /en/ leaves English active in
    the thread (LocaleMiddleware activates it and nothing resets it), and a later test that
    renders outside a request would otherwise speak English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    # Playwright's sync API runs an event loop; Django must allow its ORM beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_site_live(live_server):
    """A live server with the demo content; live tests flush the database when they end."""
    load_taxonomy()
    load_demo_content()
    return live_server
