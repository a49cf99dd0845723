"""The geometry of the ranking chart: an SVG bar chart the template draws without script.

Per strategy two bars: its number of practices on the platform, and the share of
municipalities that used it often or regularly in 2013.
"""

from dataclasses import dataclass

CHART_WIDTH, BAR_AREA, BAR_HEIGHT = 720, 520, 18
CHART_TOP, ROW_HEIGHT = 64, 78


@dataclass(frozen=True)
class ChartBar:
    width: int
    label_x: int
    y: int
    text_y: int


@dataclass(frozen=True)
class ChartRow:
    strategy: object  # figures.TermFigures
    name_y: float
    practices: ChartBar
    survey: ChartBar  # width 0 when 2013 has no figure


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    scale_max: int  # the number of practices a full bar stands for
    rows: tuple


def ranking_chart(ranking):
    """Geometry of a horizontal bar chart: per strategy, practices and the 2013 percentage.

    The two series have their own scale (a number of practices, a percentage of
    municipalities); every bar has its number written beside it.
    """
    most = max((strategy.practices.count for strategy in ranking), default=0)
    scale_max = max(most, 1)
    rows = []
    for index, strategy in enumerate(ranking):
        top = CHART_TOP + index * ROW_HEIGHT
        rows.append(
            ChartRow(
                strategy=strategy,
                name_y=top + 16,
                practices=_bar(strategy.practices.count / scale_max, top + 26),
                survey=_bar(
                    float(strategy.regularly.value) / 100 if strategy.regularly else 0,
                    top + 26 + BAR_HEIGHT + 6,
                ),
            )
        )
    return Chart(
        width=CHART_WIDTH,
        height=CHART_TOP + len(rows) * ROW_HEIGHT + 8,
        bar_height=BAR_HEIGHT,
        scale_max=scale_max,
        rows=tuple(rows),
    )


def _bar(share, y):
    # Whole numbers: SVG attributes must not be written in the reader's number format.
    width = round(BAR_AREA * min(max(share, 0), 1))
    if share > 0:
        width = max(width, 3)  # a small number stays visible
    return ChartBar(width=width, label_x=width + 8, y=y, text_y=y + BAR_HEIGHT - 4)
