"""Explicit index sync: publishing, unpublishing, moving and deleting pages, and renaming a
taxonomy term, tag, size class or municipality, queue index work for exactly the pages
concerned: a row per page in the outbox (search.index_queue), written in the change's own
transaction, and a run of the task that works the outbox off (search.tasks)."""

from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished, post_page_move

from practices.library.models import PracticePage, ToolPage
from practices.municipalities.models import Municipality
from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, SizeClass, Strategy

from .index_queue import queue_pages
from .tasks import wake_worker

INDEXED_PAGES = (PracticePage, ToolPage)


def _queue(page_ids):
    """Queues index work with the change: a rolled-back change leaves no work, a committed
    one cannot lose it, and the task runs only once the change is committed (a page being
    deleted is gone, not half-deleted, when the task looks it up)."""
    queue_pages(page_ids)
    wake_worker()


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, INDEXED_PAGES) or instance.specific_class in INDEXED_PAGES:
        _queue([instance.pk])


def _page_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of every page below it.
    page_ids = list(instance.get_descendants(inclusive=True).values_list("pk", flat=True))
    _queue(page_ids)


def _term_changed(sender, instance, **kwargs):
    page_ids = set(_pages_using(instance))
    if page_ids:
        _queue(page_ids)


def _pages_using(term):
    if isinstance(term, Municipality):
        return term.practices.values_list("pk", flat=True)
    if isinstance(term, Factor):
        return term.uses.values_list("page_id", flat=True)
    if isinstance(term, Rung):
        return PracticePage.objects.filter(strategies__rung=term).values_list("pk", flat=True)
    if isinstance(term, Tag):
        return PracticePage.objects.filter(tags=term).values_list("pk", flat=True)
    pages = list(term.practices.values_list("pk", flat=True))
    if hasattr(term, "tools"):
        pages += list(term.tools.values_list("pk", flat=True))
    return pages


def _size_class_before(sender, instance, **kwargs):
    # The bounds before the change: a municipality that leaves the class changes facet too.
    instance._bounds_before = (
        SizeClass.objects.filter(pk=instance.pk)
        .values("min_inhabitants", "max_inhabitants")
        .first()
        if instance.pk
        else None
    )


def _size_class_changed(sender, instance, **kwargs):
    classes = [instance]
    before = getattr(instance, "_bounds_before", None)
    if before:
        classes.append(SizeClass(**before))
    page_ids = set()
    for size_class in classes:
        municipalities = Municipality.objects.in_size_class(size_class)
        page_ids.update(
            PracticePage.objects.filter(municipality__in=municipalities).values_list(
                "pk", flat=True
            )
        )
    if page_ids:
        _queue(page_ids)


def connect():
    page_published.connect(_page_changed, dispatch_uid="search-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-unpublished")
    for model in INDEXED_PAGES:
        post_delete.connect(
            _page_changed_on_delete, sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
    post_page_move.connect(_page_moved, dispatch_uid="search-moved")
    for model in (Form, Strategy, Rung, Sector, Challenge, Factor, Municipality, Tag):
        post_save.connect(_term_changed, sender=model, dispatch_uid=f"search-term-{model.__name__}")
    # A size class decides the size facet of every practice in a municipality within its bounds.
    pre_save.connect(_size_class_before, sender=SizeClass, dispatch_uid="search-size-before")
    for signal in (post_save, post_delete):
        signal.connect(_size_class_changed, sender=SizeClass, dispatch_uid=f"search-size-{signal}")


def _page_changed_on_delete(sender, instance, **kwargs):
    _queue([instance.pk])
