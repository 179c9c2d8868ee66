"""The dashboard's state: behind the admin guard, the backend pushes each new snapshot.

Nobody polls. `open` (admins only) starts one background task per open page;
the task asks the shared snapshot once a second (recomputed at most every ~2 s for
the whole process, a dict read otherwise) and pushes each new one. The task stops
when the page is left (`leave`, on unmount), when another `open` replaced it, or
when the browser has been disconnected for longer than a reconnect takes.
"""

from __future__ import annotations

import asyncio
import logging
import time

import reflex as rx

from tma_app.admin.dashboard_view import DashboardView, build_view
from tma_app.admin.service import DashboardSnapshot, current_snapshot
from tma_app.security.admin import is_admin
from tma_app.session.connection import client_connected
from tma_app.session.guards import rate_limited_event, requires_admin, requires_user
from tma_app.session.state import SessionState

log = logging.getLogger(__name__)

ROUTE = "/admin"
PUSH_CHECK_S = 1.0  # how often a watcher looks for a newer snapshot (a dict read, no database)
RECONNECT_GRACE_S = 30.0  # a socket that does not come back within this is a closed tab


async def _snapshot_or_none() -> DashboardSnapshot | None:
    """The shared snapshot, or None when it cannot be computed (the page then says the numbers are stale)."""
    try:
        return await current_snapshot()
    except Exception:
        log.warning("admin dashboard: snapshot failed", exc_info=True)
        return None


class AdminDashboardState(rx.State):
    allowed: bool = False
    # The snapshot could not be computed (database down): the page says the numbers are stale.
    stale: bool = False
    view: DashboardView = DashboardView()
    # Backend-only: the watcher that may push; any other one stops at its next turn.
    _watch_id: int = 0
    # The id a running watcher took: a second `watch` for the same id (a replayed event) stops at once.
    _claimed_id: int = 0

    @rx.event
    @requires_user
    @rate_limited_event("standard")
    @requires_admin
    async def open(self):
        self.allowed = True
        self._watch_id += 1
        return AdminDashboardState.watch(self._watch_id)

    @rx.event
    def leave(self):
        self._watch_id += 1

    @rx.event(background=True)
    async def watch(self, watch_id: int):
        if not await self._claim(watch_id):
            return
        token = self.router.session.client_token
        pushed, gone_since = "", None
        while True:
            if client_connected(token):
                gone_since = None
                if (newest := await self._push_newer(watch_id, pushed)) is None:
                    log.info("admin dashboard: watcher %s stopped (page left or reopened)", watch_id)
                    return
                pushed = newest
            elif time.monotonic() - (gone_since := gone_since or time.monotonic()) > RECONNECT_GRACE_S:
                log.info("admin dashboard: watcher %s stopped (client disconnected)", watch_id)
                return
            await asyncio.sleep(PUSH_CHECK_S)

    async def _claim(self, watch_id: int) -> bool:
        """Whether this watcher is the current one for a page still open to an admin (it then runs)."""
        async with self:
            session = await self.get_state(SessionState)
            if self._watch_id != watch_id or self._claimed_id == watch_id or not self.allowed \
                    or not is_admin(session._user_id):
                return False
            self._claimed_id = watch_id
            return True

    async def _push_newer(self, watch_id: int, pushed: str) -> str | None:
        """Push the shared snapshot unless `pushed` is its version; the version shown, None once replaced."""
        snapshot = await _snapshot_or_none()
        if snapshot is not None and snapshot.taken_at.isoformat() == pushed:
            return pushed
        # Formatted outside the lock, and the lock taken only to push: a new snapshot comes
        # at most every ~2 s while anyone watches, which is also when leaving is noticed.
        view = build_view(snapshot) if snapshot is not None else None
        if not await self._push(watch_id, view):
            return None
        return view.version if view is not None else pushed

    async def _push(self, watch_id: int, view: DashboardView | None) -> bool:
        """Show `view` (None: the numbers went stale); False once another watcher replaced this one."""
        async with self:
            if self._watch_id != watch_id:
                return False
            if view is not None:
                self.view, self.stale = view, False
            elif not self.stale:
                self.stale = True
            return True
