"""Geometry of the dashboard's SVG charts, computed here so the templates only place shapes.

The templates draw with SVG attributes (``x``, ``y``, ``width``, ``height``) and CSS classes, never
``style=""``, so the charts hold under a Content-Security-Policy without 'unsafe-inline', and need
no script. Coordinates are in the units of the chart's ``viewBox``; CSS scales it to the page.
Every chart sits next to a table of the same numbers, which is what screen readers and exports use.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format

from reference.models import Region

from .scope import AudienceKind
from .selectors import Dashboard
from .tables import FUNNEL_STAGES, NOT_STATED, REMOTE, request_stages

# Horizontal bars: a label column, the bars, then the value.
BAR_CHART_WIDTH = 640
BAR_LABEL_WIDTH = 200
BAR_VALUE_WIDTH = 56
BAR_ROW_HEIGHT = 28
BAR_THICKNESS = 18
BAR_PADDING = 4

# Stacked columns: an axis of values on the left, the category labels below.
COLUMN_CHART_WIDTH = 960
COLUMN_CHART_HEIGHT = 260
COLUMN_AXIS_WIDTH = 40
COLUMN_RIGHT_MARGIN = 8
COLUMN_TOP_MARGIN = 12
COLUMN_LABEL_HEIGHT = 28
COLUMN_FILL = 0.7  # share of its slot a column fills
MAX_COLUMN_LABELS = 12  # beyond this, only every n-th category is labelled
TICK_COUNT = 4


def _round(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str  # the value as shown at the end of the bar
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int  # labels end here (right-aligned)
    bar_x: int
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(items: Sequence[tuple[str, float, str]]) -> BarChart:
    """Horizontal bars for ``(label, value, display)``, scaled to the largest value."""
    largest = max((value for _label, value, _display in items), default=0)
    bar_area = BAR_CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH
    bars = []
    for index, (label, value, display) in enumerate(items):
        y = BAR_PADDING + index * BAR_ROW_HEIGHT
        width = _round(bar_area * value / largest) if largest else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                display=display,
                y=y,
                width=width,
                text_y=_round(y + BAR_THICKNESS / 2),
                value_x=_round(BAR_LABEL_WIDTH + width + 6),
            )
        )
    return BarChart(
        width=BAR_CHART_WIDTH,
        height=2 * BAR_PADDING + len(items) * BAR_ROW_HEIGHT,
        label_x=BAR_LABEL_WIDTH - 8,
        bar_x=BAR_LABEL_WIDTH,
        bar_height=BAR_THICKNESS,
        bars=tuple(bars),
    )


def nice_ticks(largest: float, count: int = TICK_COUNT) -> list[int]:
    """Round axis values from 0 that reach at least ``largest``: 0, 5, 10, 15 or 0, 2, 4 …"""
    if largest <= 0:
        return [0, 1]
    raw_step = largest / count
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if raw_step <= m * magnitude)
    step = max(1, int(step))
    top = math.ceil(largest / step) * step
    return list(range(0, top + 1, step))


@dataclass(frozen=True)
class Segment:
    series: int  # index of the series, for its colour class
    series_label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Column:
    label: str
    show_label: bool
    label_x: float
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    tick_label_x: int
    label_y: int
    ticks: tuple[Tick, ...]
    columns: tuple[Column, ...]
    series: tuple[tuple[int, str], ...]  # (colour index, label), for the legend


def stacked_column_chart(
    categories: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[int, str]]
) -> ColumnChart:
    """One column per ``(label, values)``, its values stacked in the order of ``series``.

    ``series`` gives each value's ``(colour index, label)``; empty segments are left out.
    """
    plot_left = COLUMN_AXIS_WIDTH
    plot_right = COLUMN_CHART_WIDTH - COLUMN_RIGHT_MARGIN
    plot_bottom = COLUMN_CHART_HEIGHT - COLUMN_LABEL_HEIGHT
    plot_height = plot_bottom - COLUMN_TOP_MARGIN
    ticks = nice_ticks(max((sum(values) for _label, values in categories), default=0))
    scale = plot_height / ticks[-1]
    slot = (plot_right - plot_left) / len(categories) if categories else 0
    column_width = slot * COLUMN_FILL
    label_every = math.ceil(len(categories) / MAX_COLUMN_LABELS) or 1

    columns = []
    for index, (label, values) in enumerate(categories):
        x = plot_left + index * slot + (slot - column_width) / 2
        bottom = float(plot_bottom)
        segments = []
        for (colour, series_label), value in zip(series, values, strict=True):
            if not value:
                continue
            height = value * scale
            bottom -= height
            segments.append(
                Segment(
                    series=colour,
                    series_label=series_label,
                    value=value,
                    x=_round(x),
                    y=_round(bottom),
                    width=_round(column_width),
                    height=_round(height),
                )
            )
        columns.append(
            Column(
                label=label,
                show_label=index % label_every == 0,
                label_x=_round(x + column_width / 2),
                total=sum(values),
                segments=tuple(segments),
            )
        )
    return ColumnChart(
        width=COLUMN_CHART_WIDTH,
        height=COLUMN_CHART_HEIGHT,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_bottom=plot_bottom,
        tick_label_x=plot_left - 6,
        label_y=plot_bottom + 18,
        ticks=tuple(Tick(value=v, y=_round(plot_bottom - v * scale)) for v in ticks),
        columns=tuple(columns),
        series=tuple(series),
    )


# --- The dashboards' charts ----------------------------------------------------------------------

# Each region keeps its colour (``chart-series--<n>`` in portal.css) whatever the filters.
REGION_SERIES = {value: index for index, value in enumerate(Region.values)}


def _counted(label: str, count: int) -> tuple[str, int, str]:
    return (label, count, number_format(count, force_grouping=True))


def requests_by_month_chart(d: Dashboard) -> ColumnChart:
    series = d.requests_by_month
    return stacked_column_chart(
        [(date_format(row.month, "M Y"), row.counts) for row in series.rows],
        [(REGION_SERIES[value], label) for value, label in series.regions],
    )


def requests_chart(d: Dashboard) -> BarChart:
    """The conversion funnel: from requests received to actions completed."""
    stages = {key: (label, count) for key, label, count in request_stages(d.requests)}
    return bar_chart([_counted(*stages[key]) for key in FUNNEL_STAGES])


def missions_by_country_chart(d: Dashboard) -> BarChart:
    return bar_chart(
        [_counted(row.label or str(REMOTE), row.missions) for row in d.missions_by_country]
    )


def experts_by_member_state_chart(d: Dashboard) -> BarChart:
    return bar_chart(
        [_counted(row.label or str(NOT_STATED), row.experts) for row in d.experts.rows]
    )


PROGRAMME_CHARTS = (
    requests_by_month_chart,
    requests_chart,
    missions_by_country_chart,
    experts_by_member_state_chart,
)
CHARTS_BY_AUDIENCE = {
    AudienceKind.PROGRAMME: PROGRAMME_CHARTS,
    AudienceKind.INSTITUTIONS: PROGRAMME_CHARTS,
    AudienceKind.EXPERT: (missions_by_country_chart,),
}


def dashboard_charts(dashboard: Dashboard) -> dict[str, BarChart | ColumnChart]:
    """The charts of the dashboard's audience, by the name of their table."""
    return {
        builder.__name__.removesuffix("_chart"): builder(dashboard)
        for builder in CHARTS_BY_AUDIENCE[dashboard.audience.kind]
    }
