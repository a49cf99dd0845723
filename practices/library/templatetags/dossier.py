"""The finder's dossier controls: which page a hit is, and the dossier of a page of hits."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from practices.library.dossier import FORMAT_PARAM, MAX_PRACTICES, PAGE_PARAM
from search.documents import page_id_of
from search.facets import PRACTICE

register = template.Library()


@register.filter
def page_id(hit):
    """The id of the page a search hit shows (the value of its "Opnemen in dossier" box)."""
    return page_id_of(hit.key)


@register.simple_tag
def dossier_of_hits(hits, output):
    """The dossier of every practice among these hits, in their order, as ``output``."""
    ids = [page_id_of(hit.key) for hit in hits if hit.kind == PRACTICE][:MAX_PRACTICES]
    if not ids:
        return ""
    query = urlencode([(PAGE_PARAM, page) for page in ids] + [(FORMAT_PARAM, output)])
    return f"{reverse('dossier')}?{query}"


@register.simple_tag
def practice_hits(hits):
    """How many of these hits are practices: only those can go into a dossier."""
    return sum(hit.kind == PRACTICE for hit in hits)


@register.simple_tag
def dossier_maximum():
    """The most practices one dossier holds."""
    return MAX_PRACTICES
