"""GET /api/gamification/profile, and `routes`: every HTTP route of gamification, for the assembly.

The profile answers for the verified caller only.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.gamification.leaderboard import api as leaderboard_api
from tma_app.gamification.profile import ProfileView, profile_view
from tma_app.gamification.referrals import api as referrals_api
from tma_app.gamification.streaks import api as streaks_api
from tma_app.gamification.tasks import api as tasks_api
from tma_app.security.http import error_response, rate_limited_route, user_id_of
from tma_app.users.service import language_of


def profile_json(view: ProfileView) -> dict[str, Any]:
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


def _profile_in_users_language(session: Session, user_id: int) -> ProfileView:
    return profile_view(session, user_id, language_of(session, user_id))


@rate_limited_route("standard")
async def profile(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    return JSONResponse(profile_json(await in_session(_profile_in_users_language, user_id)))


routes = [
    Route("/api/gamification/profile", profile, methods=["GET"]),
    *leaderboard_api.routes,
    *tasks_api.routes,
    *streaks_api.routes,
    *referrals_api.routes,
]
