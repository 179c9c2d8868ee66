"""POST /api/analytics/events and POST /api/vitals: batches from the browser client.

Identity is the verified init-data header (IdentityMiddleware: every POST needs it,
so a cookie alone can never write here); the user id is never read from the body.
The body is capped before it is parsed: a Content-Length over the limit is refused
unread, and a body streamed without one is cut off at the limit. Answers:
202 with per-event results, 400 (malformed, wrong types), 413 (too large),
429 (analytics rate-limit tier); never a 500 for what a client sends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.analytics.ingest import BatchError, RowWriter, ingest_body
from tma_app.analytics.store import insert_rows
from tma_app.analytics.taxonomy import get_taxonomy
from tma_app.analytics.vitals import report_to_event
from tma_app.security.http import Endpoint, error_response, rate_limited_route, user_id_of

EVENTS_PATH = "/api/analytics/events"
VITALS_PATH = "/api/vitals"


async def read_capped(request: Request, limit: int) -> bytes:
    """The body, or BatchError(413) as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise BatchError(400, "INVALID_BATCH", "Content-Length must be a number")
        if int(declared) > limit:
            raise BatchError(413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BatchError(413, "PAYLOAD_TOO_LARGE", f"the body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _batch_endpoint(items_key: str, writer: RowWriter, convert: Callable[[Any], Any] | None = None) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        try:
            body = await read_capped(request, get_taxonomy().limits.max_body_bytes)
            report = await asyncio.to_thread(
                partial(ingest_body, body, user_id_of(request), items_key=items_key, convert=convert, writer=writer)
            )
        except BatchError as error:
            return error_response(error.status, error.code, error.message)
        except ClientDisconnect:
            # Nobody is left to read an answer; nothing was stored.
            return error_response(400, "INVALID_BATCH", "the client went away before the body was complete")
        return JSONResponse(report.as_json(), status_code=202)

    return endpoint


def make_routes(writer: RowWriter = insert_rows) -> list[Route]:
    """The routes, storing with `writer` (the benchmark swaps in a one-INSERT-per-event writer)."""
    events = rate_limited_route("analytics")(_batch_endpoint("events", writer))
    vitals = rate_limited_route("analytics")(_batch_endpoint("metrics", writer, convert=report_to_event))
    return [
        Route(EVENTS_PATH, events, methods=["POST"], name="analytics_events"),
        Route(VITALS_PATH, vitals, methods=["POST"], name="web_vitals"),
    ]


routes = make_routes()
