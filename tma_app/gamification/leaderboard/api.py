"""GET /api/gamification/leaderboard?board=all_time|weekly&limit=50.

Answers for the verified caller only. Other users appear on the leaderboard by
display name and rank, never by Telegram id.
"""

from __future__ import annotations

from typing import Any, cast, get_args

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.gamification.leaderboard.scores import BoardName
from tma_app.gamification.leaderboard.service import MAX_LIMIT, NamedLeaderboard, named_top
from tma_app.security.http import error_response, rate_limited_route, user_id_of

BOARDS = get_args(BoardName)


def board_json(named: NamedLeaderboard) -> dict[str, Any]:
    board = named.board
    return {
        "board": board.board,
        "period_start": board.period_start.isoformat() if board.period_start else None,
        "entries": [{"rank": e.rank, "name": named.names.get(e.user_id, ""), "xp": e.xp} for e in board.entries],
        "me": {"rank": board.viewer.rank, "xp": board.viewer.xp} if board.viewer else None,
    }


@rate_limited_route("standard")
async def board(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    name = request.query_params.get("board", "all_time")
    if name not in BOARDS:
        return error_response(400, "BAD_REQUEST", f"board must be one of {', '.join(BOARDS)}")
    raw_limit = request.query_params.get("limit", "50")
    if not (raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 3 and 1 <= int(raw_limit) <= MAX_LIMIT):
        return error_response(400, "BAD_REQUEST", f"limit must be an integer within 1..{MAX_LIMIT}")
    board = cast(BoardName, name)  # one of BOARDS, checked above
    return JSONResponse(board_json(await in_session(named_top, board, int(raw_limit), user_id)))


routes = [
    Route("/api/gamification/leaderboard", board, methods=["GET"]),
]
