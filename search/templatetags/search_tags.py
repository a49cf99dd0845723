"""Search on pages that are not the finder: "Vergelijkbare praktijken" on a practice page."""

from django import template

from .. import service
from ..documents import document_key

register = template.Library()


@register.inclusion_tag("search/includes/similar_practices.html")
def similar_practices(page, related=()):
    """Practices like ``page`` from the search index, leaving out the editors' own picks."""
    exclude = [document_key(practice) for practice in related]
    return {"hits": service.similar(document_key(page), exclude=exclude)}
