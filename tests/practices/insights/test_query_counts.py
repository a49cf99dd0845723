"""The "Wat werkt?" page costs the same number of queries however many practices, strategies
and forms it counts.

The page runs one search per strategy and per form; those searches must not each read the
facets' choices again, nor a page of hits that nobody shows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.insights.computation import compute
from practices.library.models import PracticePage
from practices.municipalities.models import Municipality
from practices.taxonomy.models import Form, Rung, Sector, SizeClass, Strategy

pytestmark = pytest.mark.django_db

NARROWED = {"size": "100000-plus", "sector": "zorg-en-volksgezondheid"}
NARROWED_FILTERS = {name: {value} for name, value in NARROWED.items()}


def queries_to_render(client, params):
    url = reverse("what_works")
    client.get(url, params)  # warm per-process caches and the index snapshot after a write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def besides_the_index_version(queries):
    # Every search reads the one IndexVersion row to know its in-memory index is current
    # (search.backends.snapshot): that read is the search's own, one per search.
    return [sql for sql in queries if "search_indexversion" not in sql]


def add_practices(count):
    """Practices with every strategy, form and sector in the largest municipality, so that
    every search finds some, narrowed or not."""
    umbrella = PracticePage.objects.get(title="Samen maken we de stad")
    largest = Municipality.objects.order_by("-inhabitants").first()
    for number in range(count):
        practice = PracticePage(
            title=f"Praktijk {number}", summary="Een praktijk.", municipality=largest
        )
        umbrella.add_child(instance=practice)
        practice.strategies.set(Strategy.objects.all())
        practice.forms.set(Form.objects.all())
        practice.sectors.set(Sector.objects.all())
        practice.save_revision().publish()


def add_strategies_and_forms(count):
    rung = Rung.objects.first()
    for number in range(count):
        Strategy.objects.create(name=f"Strategie {number}", slug=f"strategie-{number}", rung=rung)
        Form.objects.create(name=f"Vorm {number}", slug=f"vorm-{number}")


@pytest.mark.parametrize("params", [{}, NARROWED], ids=["all", "narrowed"])
def test_the_page_queries_do_not_grow_with_more_practices(
    client, params, django_capture_on_commit_callbacks
):
    few = queries_to_render(client, params)
    before = compute(NARROWED_FILTERS).total.count
    with django_capture_on_commit_callbacks(execute=True):  # the index follows on commit
        add_practices(3)
    assert compute(NARROWED_FILTERS).total.count == before + 3
    assert len(queries_to_render(client, params)) == len(few)


@pytest.mark.parametrize("params", [{}, NARROWED], ids=["all", "narrowed"])
def test_the_page_queries_do_not_grow_with_more_strategies_and_forms(client, params):
    few = besides_the_index_version(queries_to_render(client, params))
    add_strategies_and_forms(3)
    assert len(besides_the_index_version(queries_to_render(client, params))) == len(few)


def test_the_page_reads_each_facets_choices_at_most_twice(client):
    """Once to check the filters, once for all the searches: not once per search."""
    queries = queries_to_render(client, {})
    for model in (Form, SizeClass, Sector, Strategy):
        table = model._meta.db_table
        reads = [sql for sql in queries if f'"{table}"."slug" AS "slug"' in sql]
        assert len(reads) <= 2, table


def test_the_page_queries_do_not_grow_at_all_with_more_strategies_and_forms(client):
    few = queries_to_render(client, {})
    add_strategies_and_forms(3)
    assert len(queries_to_render(client, {})) == len(few)
