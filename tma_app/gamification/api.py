"""GET /api/gamification/profile and /api/gamification/leaderboard?board=all_time|weekly&limit=50.

Both answer for the verified caller only. Other users appear on the leaderboard by
display name and rank, never by Telegram id.
"""

from __future__ import annotations

import asyncio
from typing import get_args

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import session_scope
from tma_app.gamification import leaderboard
from tma_app.gamification.leaderboard_sql import BoardName
from tma_app.gamification.profile import ProfileView, profile_view
from tma_app.security.http import error_response, rate_limited_route, user_id_of
from tma_app.users.service import display_names, language_of

BOARDS = get_args(BoardName)


def profile_json(view: ProfileView) -> dict:
    streak = view.streak
    return {
        "name": view.name,
        "photo_url": view.photo_url,
        "xp": view.xp,
        "coins": view.coins,
        "level": {"level": view.level.level, "level_start": view.level.level_start,
                  "next_level_at": view.level.next_level_at, "fraction": round(view.level.fraction, 4)},
        "badges": [{"id": b.id, "icon": b.icon, "name": b.name, "description": b.description,
                    "earned_at": b.earned_at.isoformat()} for b in view.badges],
        "streak": {"current": streak.current, "longest": streak.longest, "freezes": streak.freezes,
                   "active_today": streak.active_today, "bonus_today": streak.bonus_today,
                   "timezone": streak.timezone, "freeze_price": streak.freeze_price,
                   "max_freezes": streak.max_freezes},
        "referrals": {"code": view.referrals.code, "link": view.referrals.link, "total": view.referrals.total,
                      "rewarded": view.referrals.rewarded},
    }


def _profile(user_id: int) -> dict:
    with session_scope() as session:
        return profile_json(profile_view(session, user_id, language_of(session, user_id)))


def board_json(board: leaderboard.Leaderboard) -> dict:
    with session_scope() as session:
        names = display_names(session, [entry.user_id for entry in board.entries])
    return {
        "board": board.board,
        "period_start": board.period_start.isoformat() if board.period_start else None,
        "entries": [{"rank": e.rank, "name": names.get(e.user_id, ""), "xp": e.xp} for e in board.entries],
        "me": {"rank": board.viewer.rank, "xp": board.viewer.xp} if board.viewer else None,
    }


@rate_limited_route("standard")
async def profile(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    return JSONResponse(await asyncio.to_thread(_profile, user_id))


@rate_limited_route("standard")
async def board(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    name = request.query_params.get("board", "all_time")
    if name not in BOARDS:
        return error_response(400, "BAD_REQUEST", f"board must be one of {', '.join(BOARDS)}")
    raw_limit = request.query_params.get("limit", "50")
    if not (raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 3
            and 1 <= int(raw_limit) <= leaderboard.MAX_LIMIT):
        return error_response(400, "BAD_REQUEST", f"limit must be an integer within 1..{leaderboard.MAX_LIMIT}")
    result = await asyncio.to_thread(leaderboard.top, name, int(raw_limit), user_id)
    return JSONResponse(await asyncio.to_thread(board_json, result))


routes = [
    Route("/api/gamification/profile", profile, methods=["GET"]),
    Route("/api/gamification/leaderboard", board, methods=["GET"]),
]
