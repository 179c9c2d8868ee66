"""The progress chart as plain geometry: one bar per day in an SVG viewBox, no chart library.

Bars are scaled to the busiest day's volume. A day with a workout but no volume (bodyweight
sets only) still gets a short bar, and so does a day whose volume would round to nothing
next to a much heavier one: a workout is never invisible on the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tma_app.demos.fitness.shapes import ProgressPoint

WIDTH = 300
HEIGHT = 120
GAP = 2
MIN_BAR = 3


@dataclass(frozen=True)
class Bar:
    day: date
    x: float
    y: float
    width: float
    height: float
    sets: int
    volume_g: int


def volume_bars(
    points: Sequence[ProgressPoint],
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    gap: float = GAP,
    min_bar: float = MIN_BAR,
) -> list[Bar]:
    """One bar per point, left to right in the points' order, standing on the bottom edge."""
    if not points:
        return []
    if width <= 0 or height <= 0 or gap < 0 or not 0 <= min_bar <= height:
        raise ValueError("the chart needs a positive size, a gap of 0 or more and a minimum bar within it")
    slot = width / len(points)
    bar_width = max(slot - gap, min(slot, 1))
    peak = max(point.volume_g for point in points)
    bars = []
    for index, point in enumerate(points):
        if point.volume_g > 0:
            bar_height = max(min_bar, height * point.volume_g / peak)
        elif point.sets > 0:
            bar_height = min_bar
        else:
            bar_height = 0.0
        bars.append(
            Bar(
                day=point.day,
                x=round(index * slot + (slot - bar_width) / 2, 2),
                y=round(height - bar_height, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                sets=point.sets,
                volume_g=point.volume_g,
            )
        )
    return bars
