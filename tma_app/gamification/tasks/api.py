"""GET /api/gamification/tasks and POST /api/gamification/tasks/{id}/claim.

Claim answers:
    200 {"claimed": true, ...}   paid now
    200 {"claimed": false, ...}  already claimed today (a double tap or a retry): nothing paid again,
                                 so a client may simply show the task as claimed
    404 TASK_NOT_FOUND           no such task id
    409 TASK_NOT_DONE            today's progress has not reached the target
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.core.i18n import messages
from tma_app.core.time import utcnow
from tma_app.gamification.streaks.local_day import today_for
from tma_app.gamification.tasks.service import TaskNotDone, TaskNotFound, TaskView, claim, tasks_for
from tma_app.security.http import error_response, rate_limited_route, user_id_of


def _task_json(view: TaskView) -> dict[str, Any]:
    return {**asdict(view), "title": dict(messages()[view.title_key])}


def _list_json(session: Session, user_id: int) -> dict[str, Any]:
    now = utcnow()
    views = tasks_for(session, user_id, now)
    return {"date": today_for(session, user_id, now).isoformat(), "tasks": [_task_json(view) for view in views]}


@rate_limited_route("standard")
async def list_tasks(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    return JSONResponse(await in_session(_list_json, user_id))


@rate_limited_route("sensitive")
async def claim_task(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    try:
        result = await in_session(claim, user_id, request.path_params["task_id"], utcnow())
    except TaskNotFound as error:
        return error_response(404, error.code, str(error))
    except TaskNotDone as error:
        return error_response(409, error.code, str(error))
    return JSONResponse({
        "task_id": result.task_id,
        "date": result.local_date.isoformat(),
        "claimed": result.claimed,
        "xp": result.xp,
        "coins": result.coins,
        "totals": result.totals,
        "level_ups": list(result.level_ups),
    })


routes = [
    Route("/api/gamification/tasks", list_tasks, methods=["GET"]),
    Route("/api/gamification/tasks/{task_id}/claim", claim_task, methods=["POST"]),
]
