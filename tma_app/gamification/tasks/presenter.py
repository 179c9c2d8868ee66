"""Today's tasks as the tasks screen shows them: titles in the user's language, progress, reward. No reflex."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from tma_app.core.i18n import Language, text
from tma_app.gamification.tasks.service import TaskView


class TaskRow(BaseModel):
    id: str
    title: str
    progress: int
    target: int
    percent: int  # of the progress bar
    reward: str  # "+10 XP · +5 🪙"
    done: bool
    claimed: bool


def reward_label(xp: int, coins: int) -> str:
    return " · ".join(filter(None, (f"+{xp} XP" if xp else "", f"+{coins} 🪙" if coins else "")))


def task_rows(views: Iterable[TaskView], language: Language) -> list[TaskRow]:
    return [
        TaskRow(id=v.id, title=text(v.title_key, language), progress=v.progress, target=v.target,
                percent=int(100 * v.progress / v.target), reward=reward_label(v.xp, v.coins),
                done=v.done, claimed=v.claimed)
        for v in views
    ]


def claimable(rows: Sequence[TaskRow], task_id: str) -> bool:
    """Whether the screen offers a claim of this task: done today and not claimed yet."""
    return any(row.id == task_id and row.done and not row.claimed for row in rows)
