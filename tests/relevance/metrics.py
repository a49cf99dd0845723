"""Ranking metrics for the relevance test set: pure functions over slugs and grades.

``ranked`` is the list of practice slugs a search returned, best first; ``grades`` maps a
practice slug to its grade for the query (0..3; a practice that is not listed has grade 0).
"""

import math

CUTOFF = 10  # nDCG@10: the first page of the finder
PRECISION_AT = 3  # P@3: what a civil servant sees without scrolling
RELEVANT_GRADE = 2  # for P@3, "clearly relevant" (2) or "exactly what was asked" (3)


def gain(grade):
    """The graded gain 2^g − 1: a 3 is worth more than three 1s."""
    return 2**grade - 1


def dcg(grades_in_order, cutoff=CUTOFF):
    """Discounted cumulative gain of the grades in ranked order (log2 discount, rank 1 = /1)."""
    return sum(
        gain(grade) / math.log2(rank + 1)
        for rank, grade in enumerate(grades_in_order[:cutoff], start=1)
    )


def ndcg(ranked, grades, cutoff=CUTOFF):
    """nDCG@cutoff: the DCG of the ranking divided by the DCG of the ideal ranking.

    The ideal ranking orders *every* graded practice of the query by grade, so a relevant
    practice the search did not return lowers the score. A slug that appears twice in
    ``ranked`` counts once (its first place). A query without any grade above 0 has no ideal;
    its nDCG is 0.0 (the test set does not contain such queries).
    """
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True), cutoff)
    if ideal == 0:
        return 0.0
    return dcg([grades.get(slug, 0) for slug in _unique(ranked)], cutoff) / ideal


def precision_at(ranked, grades, k=PRECISION_AT, relevant=RELEVANT_GRADE):
    """P@k: the share of the first k places that hold a practice graded ``relevant`` or higher.

    The denominator is always k: fewer than k results count as misses, and a query with only
    one practice graded ≥ 2 can reach at most 1/k. That keeps P@3 comparable between systems
    on the same queries; compare it across query sets with care.
    """
    top = _unique(ranked)[:k]
    return sum(1 for slug in top if grades.get(slug, 0) >= relevant) / k


def is_zero_result(ranked):
    """True when the search returned nothing at all."""
    return len(ranked) == 0


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _unique(ranked):
    seen, unique = set(), []
    for slug in ranked:
        if slug not in seen:
            seen.add(slug)
            unique.append(slug)
    return unique
