"""Search on pages that are not the finder: "Vergelijkbare praktijken" on a practice page."""

from django import template

from .. import service
from ..documents import document_key
from ..facets import hits_in_visitor_language
from ..similar import SIMILAR_CANDIDATES, sharing_terms

register = template.Library()


@register.inclusion_tag("search/includes/similar_practices.html")
def similar_practices(page, related=()):
    """Practices like ``page`` from the search index that share a form, strategy or challenge
    with it, each with what it shares, leaving out the editors' own picks."""
    exclude = [document_key(practice) for practice in related]
    hits = service.similar(document_key(page), limit=SIMILAR_CANDIDATES, exclude=exclude)
    hits = hits_in_visitor_language(hits)
    return {"similar": sharing_terms(page, hits)}
