"""GET /api/media/<group>/<name>[.<ext>]?w=<width>: one catalog picture, cached for a year.

- no extension: the format is negotiated from `Accept` (AVIF, WebP, else JPEG) and
  the answer says `Vary: Accept`; `.avif`, `.webp`, `.jpg`/`.jpeg` pin it;
- `w` is one of 24 (the blurred placeholder), 320, 640, 960; 640 when absent;
- `v` (set by `props.media_url`) busts caches across deploys and is ignored here.

Anything that is not exactly a catalog id is a 404 before the filesystem is
touched; a bad width or format is a 400. Both carry `{"code", "message"}`.
"""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tma_app.media import catalog, render
from tma_app.media.catalog import SERVED_WIDTHS
from tma_app.media.store import MediaStore, etag_for
from tma_app.security.http import error_response

DEFAULT_WIDTH = 640
CACHE_CONTROL = "public, max-age=31536000, immutable"

# Lowercase ids and an optional short extension, nothing else: no dots, slashes or escapes get through.
_IMAGE_PATH = re.compile(rf"(?P<id>{catalog.ID_PATTERN.pattern})(?:\.(?P<extension>[A-Za-z0-9]{{1,10}}))?")
_WIDTHS = {str(width): width for width in SERVED_WIDTHS}


def build_routes(store: MediaStore) -> list[BaseRoute]:
    """The media routes over `store`; tests pass a store in a temporary folder."""

    async def media(request: Request) -> Response:
        match = _IMAGE_PATH.fullmatch(request.path_params["image_path"])
        spec = catalog.find(match["id"]) if match else None
        if match is None or spec is None:
            return error_response(404, "NOT_FOUND", "no such image")
        extension: str | None = match["extension"]
        negotiated = extension is None
        fmt: render.ImageFormat | None
        if extension is None:
            fmt = render.negotiate(request.headers.get("accept"))
        else:
            fmt = render.FORMATS_BY_EXTENSION.get(extension)
        if fmt is None:
            supported = ", ".join(sorted(render.FORMATS_BY_EXTENSION))
            return error_response(400, "BAD_REQUEST", f"unsupported format {extension!r}; use one of: {supported}")
        widths = request.query_params.getlist("w")
        if len(widths) > 1 or (widths and widths[0] not in _WIDTHS):
            allowed = ", ".join(map(str, SERVED_WIDTHS))
            return error_response(400, "BAD_REQUEST", f"w must be one of {allowed}")
        width = _WIDTHS[widths[0]] if widths else DEFAULT_WIDTH

        etag = etag_for(spec, width, fmt)
        headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
        if negotiated:
            headers["Vary"] = "Accept"
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        body = await run_in_threadpool(store.get, spec, width, fmt)
        return Response(body, media_type=fmt.media_type, headers=headers)

    return [Route("/api/media/{image_path:path}", media, methods=["GET"])]


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match asks for."""
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


routes: list[BaseRoute] = build_routes(MediaStore())
