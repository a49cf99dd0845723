"""What makes two practices alike, for "Vergelijkbare praktijken" on a practice page.

Both engines weigh the same shared taxonomy: a practice that takes the same form of
do-democracy or the same municipal strategy is most alike, one that tackles the same
challenge next, a shared sector, tag or factor counts a little. The search engine adds
more-like-this on the text on top of that; the database backend uses the taxonomy only.

The section says what its practices share with the page: a form, a strategy or a challenge
(``SHOWN_AS_SHARED``). A practice that is alike only in a sector, a tag, a factor or its text
is left out there, so the section never shows a practice that shares nothing it names.
"""

from dataclasses import dataclass

from django.db.models import F

from practices.library.models import PracticePage

from .documents import page_id_of

SHARED_TAXONOMY_WEIGHTS = {
    "form": 3.0,
    "strategy": 3.0,
    "challenge": 2.0,
    "sector": 1.0,
    "tag": 1.0,
    "success_factor": 1.0,
    "failure_factor": 1.0,
}

SIMILAR_LIMIT = 4
# How many practices to ask the index for, so that SIMILAR_LIMIT remain after leaving out
# those that share none of SHOWN_AS_SHARED.
SIMILAR_CANDIDATES = 3 * SIMILAR_LIMIT

# The page's terms that the section names as shared, in the order it names them.
SHOWN_AS_SHARED = ("forms", "strategies", "challenges")


@dataclass(frozen=True)
class SimilarPractice:
    hit: object  # search.query.Hit
    shared: tuple  # the forms, strategies and challenges it has in common with the page


def sharing_terms(page, hits, limit=SIMILAR_LIMIT):
    """The first ``limit`` hits that share a form, strategy or challenge with ``page``, each
    with the terms it shares, in the order of the hits."""
    candidates = {page_id_of(hit.key): hit for hit in hits}
    shared = {page_id: [] for page_id in candidates}
    for relation in SHOWN_AS_SHARED:
        for term in _shared_terms(page, relation, list(candidates)):
            shared[term.shared_with].append(term)
    alike = [
        SimilarPractice(hit, tuple(shared[page_id]))
        for page_id, hit in candidates.items()
        if shared[page_id]
    ]
    return alike[:limit]


def _shared_terms(page, relation, page_ids):
    """The terms of ``relation`` that ``page`` has with each of those pages, one per pair,
    with the other page's id as ``shared_with``."""
    own = [term.pk for term in getattr(page, relation).all()]
    if not own or not page_ids:
        return []
    terms = PracticePage._meta.get_field(relation).related_model.objects
    return terms.filter(pk__in=own, practices__in=page_ids).annotate(shared_with=F("practices"))
