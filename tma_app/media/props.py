"""What a page needs to show a catalog picture without layout shift: plain Python, no reflex."""

from __future__ import annotations

import base64
from functools import cache
from typing import cast

from tma_app.core.i18n import Language
from tma_app.media import catalog, render
from tma_app.media.catalog import PLACEHOLDER_WIDTH, SERVED_WIDTHS, WIDTHS

MEDIA_PATH = "/api/media"
SRC_WIDTH = 640
# Mini Apps are phone-width; pass e.g. "50vw" for a two-column grid.
DEFAULT_SIZES = "(min-width: 640px) 640px, 100vw"


def media_url(image_id: str, width: int, *, extension: str | None = None, base_url: str = "") -> str:
    """The URL of one rendition; without `extension` the server picks AVIF/WebP/JPEG from `Accept`.

    `v` changes whenever the pixels could, which is what makes the year-long
    `immutable` caching safe across deploys; the server ignores its value.
    """
    spec = catalog.get(image_id)
    if width not in SERVED_WIDTHS:
        raise ValueError(f"width {width} is not one of {SERVED_WIDTHS}")
    if extension is not None and extension not in render.FORMATS_BY_EXTENSION:
        raise ValueError(f"extension {extension!r} is not one of {sorted(render.FORMATS_BY_EXTENSION)}")
    suffix = f".{extension}" if extension else ""
    return f"{base_url.rstrip('/')}{MEDIA_PATH}/{spec.id}{suffix}?w={width}&v={render.REVISION}"


@cache  # bounded by the catalog: one short string per picture
def placeholder_data_uri(image_id: str) -> str:
    """A ~24 px blurred WebP of the picture as a data URI (a few hundred bytes), for inline use."""
    data = render.produce(catalog.get(image_id), PLACEHOLDER_WIDTH, render.WEBP)
    return "data:image/webp;base64," + base64.b64encode(data).decode("ascii")


def image_props(
    image_id: str,
    *,
    sizes: str = DEFAULT_SIZES,
    eager: bool = False,
    language: Language | str = "en",
    base_url: str = "",
) -> dict[str, str | int]:
    """Attributes for an `<img>`, plus `placeholder` (a data URI to paint behind it while it loads).

    `width`/`height` are the largest rendition's, so the browser reserves the box
    before any byte arrives. `eager` is for the one picture above the fold.
    `base_url` is the backend's origin when pages are served from another one
    (Reflex's `api_url` in dev). React spells the priority prop `fetchPriority`.
    """
    spec = catalog.get(image_id)
    largest = WIDTHS[-1]
    props: dict[str, str | int] = {
        "src": media_url(image_id, SRC_WIDTH, base_url=base_url),
        "srcset": ", ".join(f"{media_url(image_id, width, base_url=base_url)} {width}w" for width in WIDTHS),
        "sizes": sizes,
        "width": largest,
        "height": spec.height_at(largest),
        "alt": spec.alt.get(cast(Language, language), spec.alt["en"]),  # any other language reads English
        "loading": "eager" if eager else "lazy",
        "decoding": "async",
        "placeholder": placeholder_data_uri(image_id),
    }
    if eager:
        props["fetchpriority"] = "high"
    return props
