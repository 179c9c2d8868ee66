"""The daily tasks screen's state: today's tasks, and a claim at a time."""

from __future__ import annotations

import asyncio

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.core.i18n import Language, text
from tma_app.core.time import utcnow
from tma_app.gamification.state import CelebrationState
from tma_app.gamification.tasks import service as tasks
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic


def _tasks(user_id: int) -> list[tasks.TaskView]:
    with session_scope() as session:
        return tasks.tasks_for(session, user_id, utcnow())


def _claim(user_id: int, task_id: str) -> tasks.ClaimResult:
    with session_scope() as session:
        return tasks.claim(session, user_id, task_id, utcnow())


class TasksState(rx.State):
    tasks: list[dict[str, str | int | bool]] = []
    claiming: str = ""  # the task whose claim is in flight: a second tap waits for it

    def _show(self, views: list[tasks.TaskView], language: Language) -> None:
        self.tasks = [
            {"id": v.id, "title": text(v.title_key, language), "progress": v.progress, "target": v.target,
             "done": v.done, "claimed": v.claimed, "percent": int(100 * v.progress / v.target),
             "reward": " · ".join(filter(None, (f"+{v.xp} XP" if v.xp else "", f"+{v.coins} 🪙" if v.coins else "")))}
            for v in views
        ]

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self._show(await asyncio.to_thread(_tasks, session.user_id), session.lang)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def claim(self, task_id: str):
        if self.claiming or not any(t["id"] == task_id and t["done"] and not t["claimed"] for t in self.tasks):
            return None
        session = await self.get_state(SessionState)
        self.claiming = task_id
        try:
            result = await asyncio.to_thread(_claim, session.user_id, task_id)
        except (tasks.TaskNotFound, tasks.TaskNotDone):
            session.notice = text("g_task_not_done", session.lang)
            return haptic.error()
        finally:
            self.claiming = ""
        self._show(await asyncio.to_thread(_tasks, session.user_id), session.lang)
        return [haptic.success(), CelebrationState.check] if result.claimed else None
