"""POST /api/auth/session: verify the caller and return their profile."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.security.http import client_ip, identity_of, rate_limited_route
from tma_app.session.service import ClientInfo, start_session
from tma_app.telegram.init_data import InitDataError


@rate_limited_route("standard")
async def open_session_route(request: Request) -> Response:
    identity = identity_of(request)
    assert identity is not None, "/api/auth/ requires the init-data header"
    client = ClientInfo(client_ip(request.scope), request.headers.get("user-agent"), "http")
    try:
        user = await asyncio.to_thread(start_session, identity, client)
    except InitDataError as error:
        return JSONResponse({"code": "UNAUTHORIZED", "message": str(error)}, status_code=401)
    assert identity.user is not None
    tg = identity.user
    return JSONResponse(
        {
            "user": {
                "id": tg.id,
                "first_name": tg.first_name,
                "last_name": tg.last_name,
                "username": tg.username,
                "language_code": tg.language_code,
                "is_premium": tg.is_premium,
                "photo_url": tg.photo_url,
            },
            "language": user.language,
            "is_new": user.is_new,
            "start_param": identity.start_param,
        }
    )


routes = [Route("/api/auth/session", open_session_route, methods=["POST"])]
