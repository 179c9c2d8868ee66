"""The daily tasks screen's state: today's tasks, and a claim at a time."""

from __future__ import annotations

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import text
from tma_app.core.time import utcnow
from tma_app.gamification.state import CelebrationState
from tma_app.gamification.tasks.presenter import TaskRow, claimable, task_rows
from tma_app.gamification.tasks.service import TaskNotDone, TaskNotFound, claim_then_list, tasks_for
from tma_app.offline.state import handles_queued
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic


class TasksState(rx.State):
    tasks: list[TaskRow] = []
    claiming: str = ""  # the task whose claim is in flight: a second tap waits for it

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self.tasks = task_rows(await in_session(tasks_for, session.user_id, utcnow()), session.lang)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @handles_queued
    async def claim(self, task_id: str):
        # Replayed from the queue after a reopen, the list may not be loaded: the service decides then.
        if self.claiming or (self.tasks and not claimable(self.tasks, task_id)):
            return None
        session = await self.get_state(SessionState)
        self.claiming = task_id
        try:
            result, views = await in_session(claim_then_list, session.user_id, task_id, utcnow())
        except (TaskNotFound, TaskNotDone):
            session.notice = text("g_task_not_done", session.lang)
            return haptic.error()
        finally:
            self.claiming = ""
        self.tasks = task_rows(views, session.lang)
        return [haptic.success(), CelebrationState.check] if result.claimed else None
