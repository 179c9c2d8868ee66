"""The events-per-minute line: scaled to the peak, on the bottom edge when quiet."""

import pytest

from tma_app.admin.chart import line_geometry


def test_the_busiest_minute_touches_the_top_margin_and_zero_the_bottom():
    geometry = line_geometry([0, 5, 10], width=300, height=80, top_margin=6)
    assert geometry.line == "0,80 150,43 300,6"
    assert geometry.area == "0,80 0,80 150,43 300,6 300,80"
    assert (geometry.last_x, geometry.last_y, geometry.peak) == (300, 6, 10)


def test_a_quiet_period_is_a_flat_line_on_the_bottom_edge():
    geometry = line_geometry([0, 0, 0, 0])
    assert {point.split(",")[1] for point in geometry.line.split()} == {"80"}
    assert geometry.peak == 0


def test_one_minute_draws_across_the_chart_and_none_draws_nothing():
    assert line_geometry([3]).line == "0,6 300,6"
    assert line_geometry([]).line == ""


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        line_geometry([1, -1])
