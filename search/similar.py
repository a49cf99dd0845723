"""What makes two practices alike, for "Vergelijkbare praktijken" on a practice page.

Both engines weigh the same shared taxonomy: a practice that takes the same form of
do-democracy or the same municipal strategy is most alike, one that tackles the same
challenge next, a shared sector, tag or factor counts a little. The search engine adds
more-like-this on the text on top of that; the database backend uses the taxonomy only.
"""

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
