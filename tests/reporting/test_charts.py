"""The geometry of the SVG charts, and the dashboard's filter form."""

import datetime

from reporting.charts import (
    BAR_CHART_WIDTH,
    BAR_LABEL_WIDTH,
    BAR_VALUE_WIDTH,
    bar_chart,
    nice_ticks,
    stacked_column_chart,
)
from reporting.filters import DashboardFilterForm, default_period
from reporting.scope import DashboardFilters

D = datetime.date
BAR_AREA = BAR_CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart([("Kosovo", 4, "4"), ("Serbia", 1, "1"), ("Albania", 0, "0")])

    assert [bar.width for bar in chart.bars] == [BAR_AREA, BAR_AREA / 4, 0]
    assert [bar.y for bar in chart.bars] == [4, 32, 60]
    assert chart.height == 2 * 4 + 3 * 28
    assert chart.bars[0].value_x == BAR_LABEL_WIDTH + BAR_AREA + 6


def test_bar_chart_of_nothing_has_no_bars():
    chart = bar_chart([("Kosovo", 0, "0")])

    assert [bar.width for bar in chart.bars] == [0]


def test_nice_ticks_are_round_and_reach_the_largest_value():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(2) == [0, 1, 2]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(38) == [0, 10, 20, 30, 40]
    assert nice_ticks(1234) == [0, 500, 1000, 1500]


def test_stacked_column_chart_stacks_the_series_from_the_bottom():
    chart = stacked_column_chart(
        [("Jan", (3, 1)), ("Feb", (0, 0)), ("Mar", (0, 4))], [(0, "Balkans"), (2, "Asia")]
    )

    january, february, march = chart.columns
    plot_height = chart.plot_bottom - 12
    assert chart.ticks[-1].value == 4
    assert [(s.series, s.value) for s in january.segments] == [(0, 3), (2, 1)]
    assert january.segments[0].y + january.segments[0].height == chart.plot_bottom
    assert january.segments[1].y + january.segments[1].height == january.segments[0].y
    assert january.segments[0].height == plot_height * 3 / 4
    assert february.segments == ()
    assert march.segments[0].height == plot_height
    assert chart.series == ((0, "Balkans"), (2, "Asia"))


def test_stacked_column_chart_labels_every_nth_of_many_columns():
    chart = stacked_column_chart([(f"M{i}", (1,)) for i in range(36)], [(0, "All")])

    assert [column.label for column in chart.columns if column.show_label] == [
        f"M{i}" for i in range(0, 36, 3)
    ]


def test_default_period_is_the_last_twelve_months():
    assert default_period(D(2026, 3, 15)) == (D(2025, 4, 1), D(2026, 3, 15))
    assert default_period(D(2026, 12, 31)) == (D(2026, 1, 1), D(2026, 12, 31))


def test_filter_form_without_data_gives_the_default_period():
    form = DashboardFilterForm()

    filters = form.filters()

    assert filters.start.day == 1
    assert (filters.end - filters.start).days > 330


def test_filter_form_keeps_the_chosen_filters(db):
    form = DashboardFilterForm({"start": "2025-01-01", "end": "", "region": "central_asia"})

    assert form.filters() == DashboardFilters(start=D(2025, 1, 1), region="central_asia")
    assert form.filters().as_params() == {"start": "2025-01-01", "region": "central_asia"}


def test_filter_form_refuses_a_period_that_ends_before_it_starts(db):
    form = DashboardFilterForm({"start": "2025-06-01", "end": "2025-01-01"})

    assert form.filters() is None
    assert form.errors["end"] == ["The end of the period comes before its start."]


def test_filter_form_refuses_a_period_longer_than_ten_years(db):
    form = DashboardFilterForm({"start": "2000-01-01", "end": "2025-01-01"})

    assert form.filters() is None


def test_filter_form_offers_only_the_audiences_filters():
    form = DashboardFilterForm(fields=("start", "end"))

    assert list(form.fields) == ["start", "end"]
