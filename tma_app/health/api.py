"""GET /api/health: public liveness plus the state of the database and Redis."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tma_app.core.db import database_is_up
from tma_app.core.redis import redis_status


async def health(_request: Request) -> JSONResponse:
    database_ok, redis = await asyncio.gather(asyncio.to_thread(database_is_up), redis_status())
    # Redis is optional: without it features fall back, so only the database decides.
    status = "ok" if database_ok and redis != "down" else ("degraded" if database_ok else "down")
    body = {"status": status, "database": "ok" if database_ok else "down", "redis": redis}
    return JSONResponse(body, status_code=200 if database_ok else 503)


routes = [Route("/api/health", health, methods=["GET"])]
