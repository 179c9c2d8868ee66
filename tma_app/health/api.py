"""Public health probes.

GET /api/health        the state of the database and Redis (503 when the database is down)
GET /api/health/live   liveness: the process answers (no I/O; restart the backend when it fails)
GET /api/health/ready  readiness: database reachable and migrated, Redis up when configured
                       (send traffic only while it is 200)
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tma_app.core.db import database_is_up, get_engine
from tma_app.core.redis import redis_status
from tma_app.health.readiness import is_ready, schema_status


async def health(_request: Request) -> JSONResponse:
    database_ok, redis = await asyncio.gather(asyncio.to_thread(database_is_up), redis_status())
    # Redis is optional: without it features fall back, so only the database decides.
    status = "ok" if database_ok and redis != "down" else ("degraded" if database_ok else "down")
    body = {"status": status, "database": "ok" if database_ok else "down", "redis": redis}
    return JSONResponse(body, status_code=200 if database_ok else 503)


async def live(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "alive"})


async def ready(_request: Request) -> JSONResponse:
    schema, redis = await asyncio.gather(asyncio.to_thread(lambda: schema_status(get_engine())), redis_status())
    ok = is_ready(schema, redis)
    body = {"status": "ready" if ok else "not_ready", "schema": schema, "redis": redis}
    return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})


routes = [
    Route("/api/health", health, methods=["GET"]),
    Route("/api/health/live", live, methods=["GET"]),
    Route("/api/health/ready", ready, methods=["GET"]),
]
