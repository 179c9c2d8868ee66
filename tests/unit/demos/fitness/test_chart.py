from datetime import date, timedelta

import pytest

from tma_app.demos.fitness.chart import HEIGHT, MIN_BAR, WIDTH, volume_bars
from tma_app.demos.fitness.shapes import ProgressPoint

DAY = date(2025, 6, 1)


def points(*days: tuple[int, int]) -> list[ProgressPoint]:
    return [ProgressPoint(day=DAY + timedelta(days=i), sets=sets, volume_g=volume)
            for i, (sets, volume) in enumerate(days)]


def test_the_busiest_day_fills_the_height_and_others_scale_to_it():
    bars = volume_bars(points((1, 10_000), (2, 20_000), (1, 5_000)))
    assert [b.height for b in bars] == [HEIGHT / 2, HEIGHT, HEIGHT / 4]
    assert all(b.y + b.height == HEIGHT for b in bars), "every bar stands on the bottom edge"


def test_a_day_without_a_workout_has_no_bar():
    bars = volume_bars(points((0, 0), (3, 12_000)))
    assert (bars[0].height, bars[0].y) == (0, HEIGHT)


def test_a_workout_is_never_invisible():
    bodyweight_only, tiny_next_to_huge = volume_bars(points((3, 0), (1, 500), (4, 500_000)))[:2]
    assert bodyweight_only.height == MIN_BAR
    assert tiny_next_to_huge.height == MIN_BAR


def test_an_empty_month_draws_nothing_tall():
    bars = volume_bars(points(*[(0, 0)] * 30))
    assert len(bars) == 30 and all(b.height == 0 for b in bars)


def test_thirty_bars_share_the_width_left_to_right_with_gaps():
    bars = volume_bars(points(*[(1, 1_000)] * 30))
    assert [b.day for b in bars] == [DAY + timedelta(days=i) for i in range(30)]
    assert bars[0].x >= 0 and bars[-1].x + bars[-1].width <= WIDTH
    assert all(later.x > earlier.x + earlier.width for earlier, later in zip(bars, bars[1:], strict=False))


def test_no_points_no_bars_and_a_nonsense_size_is_refused():
    assert volume_bars([]) == []
    with pytest.raises(ValueError):
        volume_bars(points((1, 1)), width=0)
    with pytest.raises(ValueError):
        volume_bars(points((1, 1)), min_bar=HEIGHT + 1)
