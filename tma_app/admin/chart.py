"""Events per minute as plain SVG geometry (a line over a filled area), no chart library.

The page draws these strings into <polyline>/<polygon> inside a fixed viewBox, so the
chart costs no JavaScript at all. The line is scaled to the busiest minute; a quiet
half hour is a flat line on the bottom edge, never a division by zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 300
HEIGHT = 80
TOP_MARGIN = 6  # room for the stroke at the peak


@dataclass(frozen=True, slots=True)
class LineGeometry:
    line: str  # "x,y x,y ..." for <polyline points>
    area: str  # the same line closed along the bottom edge, for <polygon points>
    last_x: float
    last_y: float
    peak: int


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_geometry(counts: Sequence[int], *, width: float = WIDTH, height: float = HEIGHT,
                  top_margin: float = TOP_MARGIN) -> LineGeometry:
    """Left to right in the counts' order; one count draws a flat line across the chart."""
    if not counts:
        return LineGeometry("", "", 0.0, float(height), 0)
    if any(c < 0 for c in counts):
        raise ValueError("counts are never negative")
    peak = max(counts)
    usable = height - top_margin
    step = width / (len(counts) - 1) if len(counts) > 1 else 0.0
    xs = [i * step for i in range(len(counts))] if len(counts) > 1 else [0.0, float(width)]
    ys = [height - (usable * c / peak if peak else 0.0) for c in counts]
    if len(counts) == 1:
        ys = ys * 2
    points = [f"{_fmt(x)},{_fmt(y)}" for x, y in zip(xs, ys, strict=True)]
    area = [f"{_fmt(xs[0])},{_fmt(height)}", *points, f"{_fmt(xs[-1])},{_fmt(height)}"]
    return LineGeometry(" ".join(points), " ".join(area), round(xs[-1], 1), round(ys[-1], 1), peak)
