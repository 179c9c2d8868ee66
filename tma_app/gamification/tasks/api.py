"""GET /api/gamification/tasks and POST /api/gamification/tasks/{id}/claim.

Claim answers:
    200 {"claimed": true, ...}   paid now
    200 {"claimed": false, ...}  already claimed today (a double tap or a retry): nothing paid again,
                                 so a client may simply show the task as claimed
    404 TASK_NOT_FOUND           no such task id
    409 TASK_NOT_DONE            today's progress has not reached the target
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import session_scope
from tma_app.core.time import utcnow
from tma_app.gamification.streaks.local_day import today_for
from tma_app.gamification.tasks.service import ClaimResult, TaskNotDone, TaskNotFound, TaskView, claim, tasks_for
from tma_app.security.http import error_response, rate_limited_route, user_id_of
from tma_app.core.i18n import messages


def _task_json(view: TaskView) -> dict:
    return {**asdict(view), "title": dict(messages()[view.title_key])}


def _list(user_id: int) -> dict:
    now = utcnow()
    with session_scope() as session:
        views = tasks_for(session, user_id, now)
        day = today_for(session, user_id, now)
    return {"date": day.isoformat(), "tasks": [_task_json(view) for view in views]}


def _claim(user_id: int, task_id: str) -> ClaimResult:
    with session_scope() as session:
        return claim(session, user_id, task_id, utcnow())


@rate_limited_route("standard")
async def list_tasks(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    return JSONResponse(await asyncio.to_thread(_list, user_id))


@rate_limited_route("sensitive")
async def claim_task(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    try:
        result = await asyncio.to_thread(_claim, user_id, request.path_params["task_id"])
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
