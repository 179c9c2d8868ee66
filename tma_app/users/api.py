"""GET /api/user/me: the caller's stored profile."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.security.http import error_response, rate_limited_route, user_id_of
from tma_app.users.service import get_profile


@rate_limited_route("standard")
async def me(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    profile = await in_session(get_profile, user_id)
    if profile is None:
        return error_response(404, "NOT_FOUND", "no profile yet: open a session first")
    return JSONResponse(profile.model_dump())


routes = [Route("/api/user/me", me, methods=["GET"])]
