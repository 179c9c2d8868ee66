"""The page's side of the experiments: the verified user's variants, exposures and conversions.

A screen that shows a variant mounts `ExperimentState.show(<id>)` inside the verified
content: the user is assigned (sticky) and exposed there, and the screen renders
`ExperimentState.variants[<id>]` (absent until then: render a placeholder).
"""

from __future__ import annotations

import logging

import reflex as rx

from tma_app.core.db import in_session
from tma_app.experiments import service
from tma_app.experiments.registry import REGISTRY
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState

log = logging.getLogger(__name__)


class ExperimentState(rx.State):
    # experiment id -> variant shown in this tab (absent until the server answered).
    variants: dict[str, str] = {}

    @rx.event
    @requires_user
    async def show(self, experiment_id: str):
        if experiment_id not in REGISTRY:
            return
        user_id = (await self.get_state(SessionState)).user_id
        try:
            variant = (await in_session(service.expose, experiment_id, user_id)).variant
        except Exception:
            # The control is what the app looks like without experiments; nothing is counted.
            log.exception("experiment %s: could not assign or expose", experiment_id)
            variant = REGISTRY.get(experiment_id).control
        self.variants = {**self.variants, experiment_id: variant}

    @rx.event
    @requires_user
    @rate_limited_event("standard")
    async def convert(self, experiment_id: str, goal: str):
        if experiment_id not in REGISTRY or goal not in REGISTRY.get(experiment_id).goals:
            return
        user_id = (await self.get_state(SessionState)).user_id
        try:
            outcome = await in_session(service.record_conversion, experiment_id, user_id, goal)
            log.debug("experiment %s goal %s: %s", experiment_id, goal, outcome)
        except Exception:
            log.exception("experiment %s: could not record %s", experiment_id, goal)
