"""The ranking chart's geometry: bars in proportion, every number visible, whole pixels."""

import pytest

from practices.insights.chart import BAR_AREA, ranking_chart

pytestmark = pytest.mark.django_db


def width(share):
    """A bar's width: in proportion, but a number above zero keeps a bar one can see."""
    return max(round(BAR_AREA * share), 3) if share else 0


def test_the_longest_practices_bar_stands_for_the_most_practices(what_works):
    chart = ranking_chart(what_works.ranking)
    most = max(strategy.practices.count for strategy in what_works.ranking)
    assert chart.scale_max == most
    for row in chart.rows:
        assert row.practices.width == width(row.strategy.practices.count / most)


def test_the_survey_bar_is_the_2013_share_and_empty_without_a_figure(what_works):
    for row in ranking_chart(what_works.ranking).rows:
        regularly = row.strategy.regularly
        assert row.survey.width == width(float(regularly.value) / 100 if regularly else 0)
        assert isinstance(row.survey.width, int) and isinstance(row.survey.y, int)


def test_every_strategy_has_a_row_below_the_previous_one(what_works):
    chart = ranking_chart(what_works.ranking)
    assert [row.strategy for row in chart.rows] == list(what_works.ranking)
    tops = [row.practices.y for row in chart.rows]
    assert tops == sorted(set(tops))
    assert chart.height > chart.rows[-1].survey.y + chart.bar_height


def test_no_strategies_give_an_empty_chart():
    chart = ranking_chart(())
    assert chart.rows == ()
    assert chart.scale_max == 1
