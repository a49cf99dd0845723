"""Shared fixtures: the report's taxonomy and demo content, loaded once per test session."""

import pytest
from wagtail.models import Site

from practices.library.demo import load_demo_content
from practices.taxonomy.loading import load_taxonomy


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test starts from the demo site a newcomer sees; tests roll back their own changes.
    with django_db_blocker.unblock():
        load_taxonomy()
        load_demo_content()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)
