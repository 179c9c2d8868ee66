"""The streak over HTTP: its state, buying a freeze, and the user's timezone.

    GET  /api/gamification/streak           the streak as the user should see it now
    POST /api/gamification/streak/freeze    Idempotency-Key header required (8-64 of A-Za-z0-9_-);
                                            200 {"charged": true|false, ...}: false is a retry of a
                                            purchase already made with that key (charged once);
                                            400 IDEMPOTENCY_KEY_INVALID, 409 INSUFFICIENT_COINS,
                                            409 FREEZE_CAP_REACHED
    PUT  /api/gamification/timezone         {"timezone": "Europe/Berlin"}; 400 TIMEZONE_INVALID
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.core.idempotency import IdempotencyKeyInvalid
from tma_app.core.time import utcnow
from tma_app.gamification.ledger import InsufficientCoins
from tma_app.gamification.streaks.local_day import TimezoneInvalid, set_timezone
from tma_app.gamification.streaks.service import FreezeCapReached, StreakView, buy_freeze, streak_status
from tma_app.security.http import error_response, rate_limited_route, user_id_of

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_BODY_BYTES = 1024


def _status_json(view: StreakView) -> dict[str, Any]:
    return {
        "current": view.current,
        "longest": view.longest,
        "freezes": view.freezes,
        "freezes_due": view.freezes_due,
        "active_today": view.active_today,
        "last_active_on": view.last_active_on.isoformat() if view.last_active_on else None,
        "today": view.today.isoformat(),
        "timezone": view.timezone,
        "bonus_today": view.bonus_today,
        "freeze_price": view.freeze_price,
        "max_freezes": view.max_freezes,
    }


@rate_limited_route("standard")
async def streak(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    return JSONResponse(_status_json(await in_session(streak_status, user_id, utcnow())))


@rate_limited_route("sensitive")
async def freeze(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return error_response(400, IdempotencyKeyInvalid.code, f"the {IDEMPOTENCY_HEADER} header is required")
    try:
        purchase = await in_session(buy_freeze, user_id, key)
    except IdempotencyKeyInvalid as error:
        return error_response(400, error.code, str(error))
    except InsufficientCoins as error:
        return error_response(409, "INSUFFICIENT_COINS", str(error))
    except FreezeCapReached as error:
        return error_response(409, error.code, str(error))
    return JSONResponse({"freezes": purchase.freezes, "coins": purchase.coins, "charged": purchase.charged})


async def _json_object(request: Request) -> dict[str, Any] | None:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return None
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


@rate_limited_route("standard")
async def timezone(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    data = await _json_object(request)
    if data is None or "timezone" not in data:
        return error_response(400, "BAD_REQUEST", 'send a JSON object like {"timezone": "Europe/Berlin"}')
    try:
        stored = await in_session(set_timezone, user_id, data["timezone"])
    except TimezoneInvalid as error:
        return error_response(400, error.code, str(error))
    return JSONResponse({"timezone": stored})


routes = [
    Route("/api/gamification/streak", streak, methods=["GET"]),
    Route("/api/gamification/streak/freeze", freeze, methods=["POST"]),
    Route("/api/gamification/timezone", timezone, methods=["PUT"]),
]
