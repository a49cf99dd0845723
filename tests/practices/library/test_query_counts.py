"""A practice page costs the same number of queries however many factors and tags it has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.library.choices import FactorKind
from practices.library.models import PracticeFactor, PracticePage
from practices.taxonomy.models import Factor, Form, Sector, Strategy

pytestmark = pytest.mark.django_db


def grow(page, size):
    """Gives the practice `size` more factors and tags, and up to `size` forms and strategies."""
    start = page.factors.count()
    for number in range(start, start + size):
        factor = Factor.objects.create(
            name=f"Factor {page.pk}-{number}", slug=f"f-{page.pk}-{number}"
        )
        kind = FactorKind.SUCCESS if number % 2 else FactorKind.FAILURE
        page.factors.add(PracticeFactor(factor=factor, kind=kind, explanation="Uitleg."))
        page.tags.add(f"trefwoord-{number}")
    page.forms.set(Form.objects.all()[: size or 1])
    page.strategies.set(Strategy.objects.all()[: size or 1])
    page.sectors.set(Sector.objects.all()[: size or 1])
    page.save_revision().publish()


def queries_to_render(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def test_practice_page_queries_do_not_grow_with_factors_and_tags(client):
    page = PracticePage.objects.get(title="Leencafé")
    grow(page, 1)
    client.get(page.url)  # warm per-process caches (site root paths, content types)
    small = queries_to_render(client, page)
    grow(page, 5)
    large = queries_to_render(client, page)
    assert large == small


def test_practice_listing_queries_do_not_grow_with_more_practices(client):
    index_url = "/praktijken/"
    client.get(index_url)
    few = queries_to_render_url(client, index_url)
    umbrella = PracticePage.objects.get(title="Samen maken we de stad")
    for number in range(4):
        child = PracticePage(title=f"Project {number}", summary="Een project.")
        umbrella.add_child(instance=child)
        child.save_revision().publish()
    assert queries_to_render_url(client, index_url) == few


def queries_to_render_url(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
