"""Draw one rendition of a catalog picture and encode it: pure functions, no I/O.

Formats: AVIF, WebP and JPEG. AVIF is offered only when this Pillow build can
encode it (`PIL.features.check("avif")`: true for the recent PyPI wheels, which
bundle libavif; checked with Pillow 13.0 / libavif 1.4.2). Without it the server
negotiates between WebP and JPEG only, and `.avif` URLs answer 400.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageFilter, features

from tma_app.media.artwork import canvas, ecommerce, fitness, restaurant
from tma_app.media.catalog import PLACEHOLDER_WIDTH, SERVED_WIDTHS, ImageSpec
from tma_app.media.catalog import __file__ as _catalog_file

AVIF_AVAILABLE: bool = bool(features.check("avif"))


@dataclass(frozen=True, eq=False)
class ImageFormat:
    name: str
    extension: str
    media_type: str
    pil_format: str
    options: dict[str, Any] = field(default_factory=dict)
    # The blurred placeholder is mostly gradient: far lower quality looks the same.
    placeholder_options: dict[str, Any] = field(default_factory=dict)


AVIF = ImageFormat(
    "avif",
    "avif",
    "image/avif",
    "AVIF",
    # speed 8: a third of the default's encode time for a few % more bytes on flat art.
    {"quality": 60, "speed": 8},
    {"quality": 30, "speed": 8},
)
WEBP = ImageFormat("webp", "webp", "image/webp", "WEBP", {"quality": 82, "method": 4}, {"quality": 30, "method": 6})
JPEG = ImageFormat(
    "jpeg",
    "jpg",
    "image/jpeg",
    "JPEG",
    {"quality": 84, "optimize": True, "progressive": True},
    {"quality": 40, "optimize": True},
)

# Best first: negotiation prefers the smallest encoding a client accepts.
FORMATS: tuple[ImageFormat, ...] = (AVIF, WEBP, JPEG) if AVIF_AVAILABLE else (WEBP, JPEG)
FORMATS_BY_EXTENSION: dict[str, ImageFormat] = {fmt.extension: fmt for fmt in FORMATS} | {"jpeg": JPEG}


def _revision() -> str:
    """Changes whenever the pixels or bytes could: drawing code, palettes, encoders, options."""
    digest = hashlib.sha256()
    for source in (canvas.__file__, restaurant.__file__, fitness.__file__, ecommerce.__file__, _catalog_file, __file__):
        digest.update(Path(source).read_bytes())
    for version in (PIL.__version__, features.version("webp"), features.version("avif"), features.version("jpg")):
        digest.update(str(version).encode())
    return digest.hexdigest()[:12]


REVISION: str = _revision()


def negotiate(accept: str | None) -> ImageFormat:
    """The best format the client names explicitly in `Accept`; JPEG for everyone else.

    Wildcards (`*/*`, `image/*`) never pick AVIF or WebP: clients that send only
    wildcards (old webviews, curl, crawlers) may not decode them.
    """
    weights = _explicit_weights(accept or "")
    best, best_q = JPEG, 0.0
    for fmt in FORMATS:
        if fmt is JPEG:
            continue
        q = weights.get(fmt.media_type, 0.0)
        if q > best_q:  # strictly greater: on a tie the earlier (smaller) format wins
            best, best_q = fmt, q
    return best


def _explicit_weights(accept: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in accept[:4096].split(","):
        media_type, *params = item.split(";")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        key = media_type.strip().lower()
        if key:
            weights[key] = max(q, weights.get(key, 0.0))
    return weights


def render(spec: ImageSpec, width: int) -> Image.Image:
    """The picture at `width` px (one of the served widths), height from its aspect ratio."""
    if width not in SERVED_WIDTHS:
        # Defence in depth: the routes check too, but nobody may make us draw an arbitrary size.
        raise ValueError(f"width {width} is not one of {SERVED_WIDTHS}")
    placeholder = width == PLACEHOLDER_WIDTH
    picture = canvas.Canvas(spec.size, width, supersample=4 if placeholder else 2)
    picture.background(spec.palette, spec.id)
    spec.drawing(picture)
    image = picture.finish()
    return image.filter(ImageFilter.GaussianBlur(1.2)) if placeholder else image


def encode(image: Image.Image, fmt: ImageFormat, *, placeholder: bool = False) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt.pil_format, **(fmt.placeholder_options if placeholder else fmt.options))
    return buffer.getvalue()


def produce(spec: ImageSpec, width: int, fmt: ImageFormat) -> bytes:
    """The encoded bytes of one rendition: the same bytes for the same inputs, every time."""
    return encode(render(spec, width), fmt, placeholder=width == PLACEHOLDER_WIDTH)
