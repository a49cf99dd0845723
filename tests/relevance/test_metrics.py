"""The relevance metrics on small examples worked out by hand."""

import math

import pytest

from tests.relevance.metrics import dcg, gain, is_zero_result, mean, ndcg, precision_at


def test_gain_is_two_to_the_grade_minus_one():
    assert [gain(g) for g in range(4)] == [0, 1, 3, 7]


def test_dcg_discounts_by_log2_of_rank_plus_one():
    # 7/log2(2) + 3/log2(3) + 0 + 1/log2(5) = 7 + 1.892789 + 0.430677
    assert dcg([3, 2, 0, 1]) == pytest.approx(7 + 3 / math.log2(3) + 1 / math.log2(5))
    assert dcg([3, 2, 0, 1]) == pytest.approx(9.323466, abs=1e-6)


def test_dcg_stops_at_the_cutoff():
    assert dcg([0] * 10 + [3]) == 0
    assert dcg([3, 3], cutoff=1) == 7


def test_ndcg_is_one_for_the_ideal_order():
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg(["a", "b", "c", "x"], grades) == pytest.approx(1.0)


def test_ndcg_of_a_swapped_pair():
    # Ideal: a(3) b(1) → 7 + 1/log2(3) = 7.630930. Ranked: b a → 1 + 7/log2(3) = 5.416508.
    grades = {"a": 3, "b": 1}
    assert ndcg(["b", "a"], grades) == pytest.approx(5.416508 / 7.630930, abs=1e-6)


def test_ndcg_counts_relevant_practices_that_were_not_returned():
    # Ideal: 7 + 7/log2(3) = 11.416508; only "a" at rank 2 was found: 7/log2(3) = 4.416508.
    grades = {"a": 3, "b": 3}
    assert ndcg(["x", "a"], grades) == pytest.approx(4.416508 / 11.416508, abs=1e-6)


def test_ndcg_ideal_is_cut_at_ten_too():
    grades = {f"p{i}": 1 for i in range(12)}  # 12 relevant, only 10 places
    assert ndcg([f"p{i}" for i in range(10)], grades) == pytest.approx(1.0)


def test_ndcg_ignores_a_repeated_slug_and_no_grades_give_zero():
    assert ndcg(["a", "a", "b"], {"a": 1, "b": 1}) == pytest.approx(1.0)
    assert ndcg(["a"], {}) == 0.0
    assert ndcg([], {"a": 3}) == 0.0


def test_precision_at_3_counts_grade_two_and_up_over_three_places():
    grades = {"a": 3, "b": 2, "c": 1}
    assert precision_at(["a", "c", "b"], grades) == pytest.approx(2 / 3)
    assert precision_at(["c", "x", "y", "a"], grades) == 0.0
    # Fewer than three results: the empty places are misses.
    assert precision_at(["a"], grades) == pytest.approx(1 / 3)


def test_zero_result_and_mean():
    assert is_zero_result([]) and not is_zero_result(["a"])
    assert mean([1.0, 0.0, 0.5]) == 0.5
    assert mean([]) == 0.0
