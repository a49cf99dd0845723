"""Index work, queued through django-tasks so it can run outside the request."""

import logging

from django_tasks import task
from wagtail.models import Page

from .documents import document_for, document_key
from .service import index_backends

logger = logging.getLogger(__name__)


@task()
def update_page(page_id):
    """Brings one page's index entry in line with the page: written when live, else removed."""
    page = Page.objects.filter(pk=page_id).first()
    document = document_for(page) if page else None
    for backend in index_backends():
        if document is None:
            backend.delete([f"page:{page_id}"])
        else:
            backend.index([document])
    logger.info("Index: pagina %s %s", page_id, "bijgewerkt" if document else "verwijderd")


@task()
def update_pages(page_ids):
    for page_id in page_ids:
        update_page.call(page_id)


__all__ = ["document_key", "update_page", "update_pages"]
