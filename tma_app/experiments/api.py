"""GET /api/experiments/assignments: the caller's variants (identity required).

    GET /api/experiments/assignments[?experiment=<id>]
    200 {"userId": 424242, "assignments": [{"experiment": "homepage_cta", "variant": "variant_a", "active": true}]}
    401 no verified user; 404 unknown experiment; 400 unexpected parameters; 503 database down

Assigning here is sticky (stored) but is not an exposure: a screen showing the
variant exposes the user (ExperimentState.show).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tma_app.core.db import in_session
from tma_app.experiments import service
from tma_app.experiments.registry import REGISTRY, Experiment
from tma_app.security.http import error_response, rate_limited_route, user_id_of

log = logging.getLogger(__name__)
ALLOWED_PARAMETERS = {"experiment"}


def _assignments(session: Session, user_id: int, experiments: list[Experiment]) -> list[dict[str, Any]]:
    return [
        {"experiment": e.id, "variant": service.assign(session, e, user_id), "active": e.active}
        for e in experiments
    ]


@rate_limited_route("standard")
async def assignments(request: Request) -> Response:
    user_id = user_id_of(request)
    if user_id is None:
        return error_response(401, "UNAUTHORIZED", "initData carries no user")
    unexpected = set(request.query_params) - ALLOWED_PARAMETERS
    if unexpected:
        return error_response(400, "BAD_REQUEST", f"unexpected parameters: {', '.join(sorted(unexpected))}")
    wanted = request.query_params.getlist("experiment")
    if len(wanted) > 1:
        return error_response(400, "BAD_REQUEST", "at most one experiment parameter")
    if wanted and wanted[0] not in REGISTRY:
        return error_response(404, "NOT_FOUND", f"no experiment {wanted[0][:64]!r}")
    experiments = [REGISTRY.get(wanted[0])] if wanted else list(REGISTRY)
    try:
        rows = await in_session(_assignments, user_id, experiments)
    except SQLAlchemyError:
        log.exception("experiment assignments failed")
        return error_response(503, "UNAVAILABLE", "assignments are unavailable right now; try again")
    return JSONResponse({"userId": user_id, "assignments": rows})


routes = [Route("/api/experiments/assignments", assignments, methods=["GET"])]
