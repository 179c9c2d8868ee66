"""GET /api/referral/link and /api/referral/list: the caller's referral link and referrals."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.gamification.referrals.service import referral_code, referral_link, referral_overview
from tma_app.security.http import error_response, rate_limited_route, user_id_of

MAX_LIST_LIMIT = 100


def _limit(raw: str) -> int | None:
    # ASCII digits only, and few of them: "²" or a 5,000-digit number must be a 400, not a 500.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
        return None
    return int(raw) if 1 <= int(raw) <= MAX_LIST_LIMIT else None


@rate_limited_route("standard")
async def link(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    code = await in_session(referral_code, user_id)
    return JSONResponse({"code": code, "link": referral_link(code)})


@rate_limited_route("standard")
async def referrals(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    limit = _limit(request.query_params.get("limit", "50"))
    if limit is None:
        return error_response(400, "BAD_REQUEST", f"limit must be an integer from 1 to {MAX_LIST_LIMIT}")
    overview = await in_session(referral_overview, user_id, limit=limit)
    return JSONResponse({
        "code": overview.code,
        "link": overview.link,
        "total": overview.total,
        "rewarded": overview.rewarded,
        "pending": overview.total - overview.rewarded,
        # Names and dates only: other users' Telegram ids are not the referrer's to see.
        "referrals": [
            {
                "name": entry.name,
                "status": entry.status,
                "joined_at": entry.joined_at.isoformat(),
                "rewarded_at": entry.rewarded_at.isoformat() if entry.rewarded_at else None,
            }
            for entry in overview.referrals
        ],
    })


routes = [
    Route("/api/referral/link", link, methods=["GET"]),
    Route("/api/referral/list", referrals, methods=["GET"]),
]
