"""The index follows the site: publishing, unpublishing, moving, deleting, and renaming a term.

Every change goes through the queued index task (search.tasks), triggered by the signals in
search.signals, and must reach both the database index and, when configured, the engine.
"""

import pytest
from taggit.models import Tag

from practices.library.models import PracticePage
from practices.municipalities.models import Municipality
from practices.taxonomy.models import SizeClass, Strategy
from search.backends.database import DatabaseBackend
from search.documents import document_key, published_documents
from search.query import SearchQuery
from search.service import search_on

from .contract import ASSEN, ZWOLLE

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "engine"])
def index(request, settings):
    """The backend whose index a change must reach: the database, or a real engine node."""
    if request.param == "database":
        return DatabaseBackend()
    engine = request.getfixturevalue("engine")
    engine.rebuild(published_documents())
    return engine


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change queues on commit, as the request's commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def hits(backend, text):
    return {hit.title: hit for hit in search_on(backend, SearchQuery.build(text=text)).hits}


def page(title):
    return PracticePage.objects.get(title=title)


def test_publishing_a_change_updates_the_index(index, committed):
    assen = page(ASSEN)
    assen.summary += " Ook de gitaarles is hier gratis."
    committed(lambda: assen.save_revision().publish())
    assert ASSEN in hits(index, "gitaarles")


def test_unpublishing_removes_the_page_and_publishing_brings_it_back(index, committed):
    assen = page(ASSEN)
    committed(assen.unpublish)
    assert ASSEN not in hits(index, "leencafe")
    committed(lambda: assen.save_revision().publish())
    assert ASSEN in hits(index, "leencafe")


def test_moving_a_page_changes_its_url_in_the_index(index, committed):
    assen, zwolle = page(ASSEN), page(ZWOLLE)
    committed(lambda: assen.move(zwolle, pos="last-child"))
    moved = hits(index, "leencafe")[ASSEN]
    assert moved.url == PracticePage.objects.get(pk=assen.pk).url
    assert moved.url.startswith(zwolle.url)


def test_deleting_a_page_removes_it(index, committed):
    assen = page(ASSEN)
    key = document_key(assen)
    committed(assen.delete)
    assert ASSEN not in hits(index, "leencafe")
    assert key not in index.indexed_fingerprints()


def test_renaming_a_strategy_reaches_every_page_using_it(index, committed):
    strategy = Strategy.objects.filter(practices__live=True).distinct().first()
    users = set(strategy.practices.live().values_list("title", flat=True))
    assert users, "the demo content uses this strategy"
    strategy.name = "Zwembadhulpstrategie"
    committed(strategy.save)
    assert set(hits(index, "zwembadhulpstrategie")) >= users


def test_renaming_a_municipality_changes_what_the_hits_show(index, committed):
    assen = Municipality.objects.get(name="Assen")
    assen.name = "Assen-Drenthe"
    committed(assen.save)
    assert hits(index, "leencafe")[ASSEN].municipality == "Assen-Drenthe"


def sized(backend, size_slug):
    query = SearchQuery.build(filters={"size": {size_slug}})
    return {hit.title for hit in search_on(backend, query).hits}


def test_renaming_a_size_class_reindexes_the_practices_it_sizes(index, committed):
    assen_size = Municipality.objects.get(name="Assen").size_class
    assert ASSEN in sized(index, assen_size.slug)
    assen_size.name, assen_size.slug = "Middelgrote gemeenten", "middelgroot"
    committed(assen_size.save)
    assert ASSEN in sized(index, "middelgroot")


def test_moving_a_size_bound_moves_the_practices_out_of_the_class(index, committed):
    assen = Municipality.objects.get(name="Assen")
    size_class = assen.size_class
    size_class.min_inhabitants = assen.inhabitants + 1
    committed(size_class.save)
    assert ASSEN not in sized(index, size_class.slug)
    smaller = SizeClass.objects.filter(max_inhabitants__lt=size_class.min_inhabitants).last()
    smaller.max_inhabitants = assen.inhabitants
    committed(smaller.save)
    assert ASSEN in sized(index, smaller.slug)


def test_renaming_a_tag_makes_the_new_name_findable(index, committed):
    tag = Tag.objects.filter(library_practicetag_items__content_object__title=ASSEN).first()
    assert tag is not None, "the demo Leencafé carries tags"
    tag.name = "Spullendelerij"
    committed(tag.save)
    assert ASSEN in hits(index, "spullendelerij")


def test_changes_reach_both_indices_when_the_engine_is_configured(settings, committed, request):
    engine = request.getfixturevalue("engine")
    engine.rebuild(published_documents())
    assert settings.PRAKTIJKBANK_SEARCH_BACKEND.endswith("EngineBackend")
    assen = page(ASSEN)
    assen.summary += " Nu ook met een naaicafé."
    committed(lambda: assen.save_revision().publish())
    assert ASSEN in hits(engine, "naaicafe")
    assert ASSEN in hits(DatabaseBackend(), "naaicafe")
