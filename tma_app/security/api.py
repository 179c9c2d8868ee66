"""Admin HTTP routes: the audit log."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.security import audit
from tma_app.security.http import admin_only, error_response, rate_limited_route


def _recent(session: Session, limit: int) -> list[dict[str, Any]]:
    entries = [entry.model_dump(mode="json") for entry in audit.recent(session, limit)]
    for entry in entries:
        entry["metadata"] = entry.pop("details")  # the column's name, as the guide has it
    return entries


@rate_limited_route("sensitive")
@admin_only
async def audit_log(request: Request) -> Response:
    raw_limit = request.query_params.get("limit", "50")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 500:
        return error_response(400, "BAD_REQUEST", "limit must be an integer from 1 to 500")
    return JSONResponse({"entries": await in_session(_recent, int(raw_limit))})


routes = [Route("/api/admin/audit", audit_log, methods=["GET"])]
