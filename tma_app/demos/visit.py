"""A demo visit starts on whichever demo screen the user opens first.

Every demo screen's page load calls `DemoVisitState.enter(demo_id)` (put `demo_visit(demo_id)` on
the screen: it mounts with the verified content), so a user who arrives
through a link to a dish, a product or a cart starts the visit there: `demo_start` is
published once per demo per tab (the funnel, the "Open a demo" task and the demo_flow
exposure all count it), not once per screen or re-render.
"""

from __future__ import annotations

import reflex as rx

from tma_app.demo_catalog import events
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState


class DemoVisitState(rx.State):
    _started: set[str] = set()

    @rx.event
    @requires_user
    async def enter(self, demo_id: str):
        demo_id = str(demo_id)
        if demo_id not in events.DEMO_IDS or demo_id in self._started:
            return
        session = await self.get_state(SessionState)
        self._started = self._started | {demo_id}
        events.started(session.user_id, demo_id)


def demo_visit(demo_id: str) -> rx.Component:
    """On every screen of a demo: its visit starts on whichever one the user opens first."""
    return rx.el.div(on_mount=DemoVisitState.enter(demo_id), class_name="hidden")
