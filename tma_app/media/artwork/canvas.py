"""A tiny vector-ish canvas over Pillow: shapes in design units, drawn at any width.

Drawings are written once in their design space (e.g. 1200x900) and rasterised
straight at the requested width, supersampled for anti-aliasing, so a 320 px
rendition is as crisp as a 960 px one and nobody resizes a big master.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageColor, ImageDraw, ImageFilter

Point = tuple[float, float]
Box = tuple[float, float, float, float]
# What PIL draws with: a colour string, an (R, G, B[, A]) tuple, or a grey level on an L mask.
Ink = str | int | tuple[int, ...]


@dataclass(frozen=True)
class Palette:
    """The backdrop of one picture: a vertical gradient (`top` to `bottom`) and the colour of its floating dots."""

    top: str
    bottom: str
    accent: str


@dataclass(frozen=True)
class Gradient:
    """Paint that runs from `start` to `end` across a shape's bounding box."""

    start: str
    end: str
    horizontal: bool = False


@dataclass(frozen=True)
class Shape:
    kind: str  # ellipse | polygon | rect | chord | pieslice
    geometry: tuple[Any, ...]  # a Box, or a polygon's Points
    radius: float = 0.0
    angles: tuple[float, float] = (0.0, 0.0)

    def bbox(self) -> Box:
        if self.kind == "polygon":
            xs = [p[0] for p in self.geometry]
            ys = [p[1] for p in self.geometry]
            return min(xs), min(ys), max(xs), max(ys)
        return self.geometry


def ellipse(box: Box) -> Shape:
    return Shape("ellipse", tuple(box))


def circle(cx: float, cy: float, r: float) -> Shape:
    return Shape("ellipse", (cx - r, cy - r, cx + r, cy + r))


def rect(box: Box, radius: float = 0.0) -> Shape:
    return Shape("rect", tuple(box), radius=radius)


def polygon(points: Sequence[Point]) -> Shape:
    return Shape("polygon", tuple(points))


def chord(box: Box, start: float, end: float) -> Shape:
    """The part of an ellipse cut off by a chord; angles clockwise from 3 o'clock."""
    return Shape("chord", tuple(box), angles=(start, end))


def pieslice(box: Box, start: float, end: float) -> Shape:
    return Shape("pieslice", tuple(box), angles=(start, end))


def oval(cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 48) -> Shape:
    """A rotated ellipse (degrees, clockwise), as a polygon."""
    a = math.radians(angle)
    points = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return polygon(points)


def leaf(cx: float, cy: float, length: float, width: float, angle: float = 0.0, n: int = 32) -> Shape:
    """A pointed almond, like a basil or lettuce leaf."""
    a = math.radians(angle)
    points = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x = length / 2 * math.cos(t)
        y = width / 2 * math.sin(t) * abs(math.sin(t)) ** 0.35
        points.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
    return polygon(points)


def heart(cx: float, cy: float, size: float, n: int = 60) -> Shape:
    points = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((cx + x * size / 32, cy - y * size / 32))
    return polygon(points)


def star(cx: float, cy: float, outer: float, inner: float, points: int = 5, angle: float = -90.0) -> Shape:
    vertices = []
    for i in range(points * 2):
        r = outer if i % 2 == 0 else inner
        t = math.radians(angle + 180 * i / points)
        vertices.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    return polygon(vertices)


def segment(cx: float, cy: float, length: float, angle: float) -> list[Point]:
    """A straight line of `length` centred on (cx, cy), turned `angle` degrees clockwise."""
    dx = length / 2 * math.cos(math.radians(angle))
    dy = length / 2 * math.sin(math.radians(angle))
    return [(cx - dx, cy - dy), (cx + dx, cy + dy)]


def bezier(*controls: Point, n: int = 24) -> list[Point]:
    """Points along a quadratic or cubic Bezier curve."""
    out = []
    for i in range(n + 1):
        t = i / n
        pts = list(controls)
        while len(pts) > 1:
            pts = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(pts, pts[1:], strict=False)]
        out.append(pts[0])
    return out


def wave(x0: float, y0: float, x1: float, y1: float, amplitude: float, periods: float, n: int = 40) -> list[Point]:
    """A sine wave laid along the segment (x0, y0)-(x1, y1)."""
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    out = []
    for i in range(n + 1):
        t = i / n
        s = amplitude * math.sin(2 * math.pi * periods * t)
        out.append((x0 + (x1 - x0) * t + nx * s, y0 + (y1 - y0) * t + ny * s))
    return out


def rgb(color: str) -> tuple[int, int, int]:
    return ImageColor.getrgb(color)[:3]


class Canvas:
    """An RGB picture `width` px wide whose drawing calls take design-space units."""

    def __init__(self, design: tuple[int, int], width: int, supersample: int = 2) -> None:
        self.W, self.H = design
        self.width = width
        self.height = round(width * self.H / self.W)
        self.supersample = supersample
        self.k = width * supersample / self.W
        self.image = Image.new("RGB", (width * supersample, self.height * supersample))
        # "RGBA" drawing on an RGB image blends translucent fills instead of replacing pixels.
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    # -- geometry -------------------------------------------------------------------------------
    def _pt(self, p: Point, origin: tuple[float, float] = (0, 0), k: float | None = None) -> tuple[float, float]:
        k = self.k if k is None else k
        return p[0] * k - origin[0], p[1] * k - origin[1]

    def _pixel_box(self, box: Box, pad: float = 0.0) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = box
        return (
            math.floor((x0 - pad) * self.k),
            math.floor((y0 - pad) * self.k),
            math.ceil((x1 + pad) * self.k) + 1,
            math.ceil((y1 + pad) * self.k) + 1,
        )

    def _render_shape(
        self, draw: ImageDraw.ImageDraw, shape: Shape, fill: Ink | None, origin: Point = (0, 0),
        outline: Ink | None = None, width: float = 0, k: float | None = None,
    ) -> None:
        k = self.k if k is None else k
        w = max(1, round(width * k)) if width else 0
        if shape.kind == "polygon":
            pts = [self._pt(p, origin, k) for p in shape.geometry]
            draw.polygon(pts, fill=fill, outline=outline, width=w or 1)
            return
        x0, y0 = self._pt(shape.geometry[:2], origin, k)
        x1, y1 = self._pt(shape.geometry[2:], origin, k)
        box = [x0, y0, max(x0, x1), max(y0, y1)]
        if shape.kind == "ellipse":
            draw.ellipse(box, fill=fill, outline=outline, width=w or 1)
        elif shape.kind == "rect":
            radius = min(shape.radius * k, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2)
            draw.rounded_rectangle(box, radius=radius, fill=fill, outline=outline, width=w or 1)
        elif shape.kind == "chord":
            draw.chord(box, *shape.angles, fill=fill, outline=outline, width=w or 1)
        elif shape.kind == "pieslice":
            draw.pieslice(box, *shape.angles, fill=fill, outline=outline, width=w or 1)
        else:  # pragma: no cover - shapes are built by the helpers above
            raise ValueError(shape.kind)

    # -- painting -------------------------------------------------------------------------------
    def fill(self, shape: Shape, paint: str | Gradient, outline: str | None = None, width: float = 0) -> None:
        if isinstance(paint, Gradient):
            self._gradient_fill(shape, paint)
            if outline:
                self._render_shape(self.draw, shape, None, outline=outline, width=width)
            return
        self._render_shape(self.draw, shape, paint, outline=outline, width=width)

    def _gradient_fill(self, shape: Shape, paint: Gradient) -> None:
        left, top, right, bottom = self._pixel_box(shape.bbox())
        size = (max(1, right - left), max(1, bottom - top))
        mask = Image.new("L", size, 0)
        self._render_shape(ImageDraw.Draw(mask), shape, 255, origin=(left, top))
        # A one-pixel-wide ramp stretched sideways: the same gradient for a fraction of a full resize.
        if paint.horizontal:
            ramp = Image.linear_gradient("L").rotate(90)  # 0, the start colour, on the left
            ramp = ramp.resize((size[0], 1), Image.Resampling.BILINEAR).resize(size, Image.Resampling.NEAREST)
        else:
            ramp = Image.linear_gradient("L").resize((1, size[1]), Image.Resampling.BILINEAR)
            ramp = ramp.resize(size, Image.Resampling.NEAREST)
        self.image.paste(_blend(paint.start, paint.end, ramp), (left, top), mask)

    def outline(self, shape: Shape, color: str, width: float) -> None:
        self._render_shape(self.draw, shape, None, outline=color, width=width)

    def line(self, points: Sequence[Point], color: str, width: float, opacity: float = 1.0) -> None:
        """A stroke with round caps and joints; translucent strokes never darken where they overlap."""
        if opacity >= 1.0 and len(ImageColor.getrgb(color)) == 3:
            self._stroke(self.draw, points, color, width)
            return
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        left, top, right, bottom = self._pixel_box((min(xs), min(ys), max(xs), max(ys)), pad=width)
        mask = Image.new("L", (right - left, bottom - top), 0)
        self._stroke(ImageDraw.Draw(mask), points, 255, width, origin=(left, top))
        self._paste(rgb(color), (left, top), mask, opacity)

    def _stroke(self, draw: ImageDraw.ImageDraw, points: Sequence[Point], ink: Ink, width: float,
                origin: Point = (0, 0)) -> None:
        pts = [self._pt(p, origin) for p in points]
        w = max(1, round(width * self.k))
        draw.line(pts, fill=ink, width=w, joint="curve")
        r = w / 2
        for x, y in (pts[0], pts[-1]):
            draw.ellipse([x - r, y - r, x + r, y + r], fill=ink)

    def arc(self, box: Box, start: float, end: float, color: str, width: float) -> None:
        x0, y0 = self._pt(box[:2])
        x1, y1 = self._pt(box[2:])
        self.draw.arc([x0, y0, x1, y1], start, end, fill=color, width=max(1, round(width * self.k)))

    def soft(self, shape: Shape, color: str, opacity: float, blur: float) -> None:
        """A blurred shape: shadows under objects, glows behind them."""
        pad = blur * 2
        left, top, right, bottom = self._pixel_box(shape.bbox(), pad=pad)
        # Blurred at a quarter of the resolution: the same softness, a fraction of the cost.
        f = 4
        small = Image.new("L", (max(1, (right - left) // f), max(1, (bottom - top) // f)), 0)
        self._render_shape(ImageDraw.Draw(small), shape, 255, origin=(left / f, top / f), k=self.k / f)
        small = small.filter(ImageFilter.GaussianBlur(max(0.5, blur * self.k / f)))
        mask = small.resize((right - left, bottom - top), Image.Resampling.BILINEAR)
        self._paste(rgb(color), (left, top), mask, opacity)

    def shadow(self, box: Box, opacity: float = 0.22, blur: float = 18, color: str = "#000000") -> None:
        self.soft(ellipse(box), color, opacity, blur)

    def _paste(self, color: tuple[int, int, int], at: tuple[int, int], mask: Image.Image, opacity: float) -> None:
        if opacity < 1.0:
            mask = mask.point(lambda v: round(v * opacity))
        self.image.paste(color, (at[0], at[1], at[0] + mask.width, at[1] + mask.height), mask)

    # -- backgrounds ----------------------------------------------------------------------------
    def background(self, palette: Palette, seed: str) -> None:
        """The studio backdrop: a gradient, a soft glow behind the subject, a few floating dots."""
        # Gradient and glow are smooth, so they are painted small and scaled up once: far cheaper.
        f = 8
        small_size = (max(2, self.image.width // f), max(2, self.image.height // f))
        ramp = Image.linear_gradient("L").resize(small_size, Image.Resampling.BILINEAR)
        small = _blend(palette.top, palette.bottom, ramp)
        r = min(self.W, self.H) * 0.42 * self.k / f
        cx, cy = small_size[0] / 2, small_size[1] / 2
        glow = Image.new("L", small_size, 0)
        ImageDraw.Draw(glow).ellipse([cx - r, cy - r, cx + r, cy + r], fill=round(255 * 0.35))
        glow = glow.filter(ImageFilter.GaussianBlur(max(0.5, r * 0.35)))
        small.paste((255, 255, 255), (0, 0, *small_size), glow)
        self.image.paste(small.resize(self.image.size, Image.Resampling.BILINEAR))
        rng = random.Random(seed)  # str seeds hash with SHA-512: the same dots in every process
        r_design = min(self.W, self.H) * 0.42
        for _ in range(7):
            x, y = rng.uniform(0, self.W), rng.uniform(0, self.H)
            size = rng.uniform(8, 26) * self.W / 1200
            if abs(x - self.W / 2) < r_design * 0.9 and abs(y - self.H / 2) < r_design * 0.9:
                continue  # keep the subject clean
            self.fill(circle(x, y, size), palette.accent + "99")

    def finish(self) -> Image.Image:
        if self.supersample == 1:
            return self.image
        # A box average of exactly `supersample` x `supersample` pixels: the anti-aliasing itself.
        return self.image.reduce(self.supersample)


def _blend(start: str, end: str, ramp: Image.Image) -> Image.Image:
    """`start` where the ramp is 0, `end` where it is 255."""
    return Image.composite(Image.new("RGB", ramp.size, rgb(end)), Image.new("RGB", ramp.size, rgb(start)), ramp)


Drawing = Callable[[Canvas], None]
