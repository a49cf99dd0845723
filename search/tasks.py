"""Index work, queued through django-tasks so it can run outside the request."""

import logging

from django_tasks import task
from wagtail.models import Page

from .backends.base import EngineUnavailable
from .documents import document_for, document_key
from .service import index_backends

logger = logging.getLogger(__name__)


@task()
def update_page(page_id):
    """Brings one page's index entry in line with the page: written when live, else removed.

    The database index (the fallback) is always written. When the engine is away the page is
    left for ``manage.py reconcile_search_index``, which finds and repairs every difference:
    a publish never fails because the engine is down.
    """
    page = Page.objects.filter(pk=page_id).first()
    document = document_for(page) if page else None
    for backend in index_backends():
        try:
            if document is None:
                backend.delete([f"page:{page_id}"])
            else:
                backend.index([document])
        except EngineUnavailable as error:
            logger.warning(
                "Index: page %s not updated in the %s (%s); reconcile_search_index will repair it",
                page_id,
                backend.name,
                error,
            )
    logger.info("Index: page %s %s", page_id, "updated" if document else "removed")


@task()
def update_pages(page_ids):
    for page_id in page_ids:
        update_page.call(page_id)


__all__ = ["document_key", "update_page", "update_pages"]
