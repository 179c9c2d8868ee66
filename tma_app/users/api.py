"""GET /api/user/me: the caller's stored profile."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import session_scope
from tma_app.security.http import error_response, rate_limited_route, user_id_of
from tma_app.users.models import UserProfile
from tma_app.users.service import get_profile


def _load(user_id: int) -> UserProfile | None:
    with session_scope() as session:
        return get_profile(session, user_id)


@rate_limited_route("standard")
async def me(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    profile = await asyncio.to_thread(_load, user_id)
    if profile is None:
        return error_response(404, "NOT_FOUND", "no profile yet: open a session first")
    return JSONResponse(profile.model_dump())


routes = [Route("/api/user/me", me, methods=["GET"])]
