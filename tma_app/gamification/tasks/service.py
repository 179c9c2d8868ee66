"""Daily tasks: the same small set each local day, progress from that day's events, paid once.

Tasks are data (DAILY_TASKS): adding one touches no code below. Progress comes from
per-day counts this module keeps itself (`record_task_progress`, called in the
transaction of each newly awarded event) and, for "keep the streak", from the streak.
A claim pays through the ledger, once per (user, task, local date): a double tap or a
concurrent claim is answered "already claimed" and pays nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert, insert_many, table_of
from tma_app.gamification.ledger import grant
from tma_app.gamification.levels import levels_gained
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.streaks.local_day import local_date, zone_named
from tma_app.gamification.streaks.models import Streak
from tma_app.gamification.tasks.models import DailyCount

TASK_RULE = "daily_task"
STREAK_KEPT = "streak_kept"  # progress 1 once the user was active today


@dataclass(frozen=True, slots=True)
class DailyTask:
    id: str
    title_key: str  # a message of tma_app.gamification.messages (en and ru)
    counts: str  # the event counted on the user's local day, or STREAK_KEPT
    target: int
    xp: int = 0
    coins: int = 0


DAILY_TASKS: tuple[DailyTask, ...] = (
    DailyTask("open_demo", "task_open_demo", counts="demo_start", target=1, xp=10, coins=5),
    DailyTask("complete_demo", "task_complete_demo", counts="demo_complete", target=1, xp=25, coins=10),
    DailyTask("keep_streak", "task_keep_streak", counts=STREAK_KEPT, target=1, xp=10, coins=5),
)
TASKS_BY_ID = {task.id: task for task in DAILY_TASKS}
COUNTED_EVENTS = frozenset(task.counts for task in DAILY_TASKS) - {STREAK_KEPT}


class TaskNotFound(LookupError):
    code = "TASK_NOT_FOUND"


class TaskNotDone(ValueError):
    code = "TASK_NOT_DONE"


@dataclass(frozen=True, slots=True)
class TaskView:
    id: str
    title_key: str
    target: int
    progress: int  # capped at target
    done: bool
    claimed: bool
    xp: int
    coins: int


@dataclass(frozen=True, slots=True)
class ClaimResult:
    task_id: str
    local_date: date
    claimed: bool  # False: already claimed today; nothing paid by this call
    xp: int  # paid by this call
    coins: int
    totals: dict[str, int]  # the balances after the claim
    level_ups: tuple[int, ...] = ()


def _occurrence(task_id: str, day: date) -> str:
    return f"{task_id}:{day.isoformat()}"


def _streak_row(session: Session, user_id: int) -> Streak | None:
    return session.exec(select(Streak).where(Streak.user_id == user_id)
                        .execution_options(populate_existing=True)).first()


def _today(row: Streak | None, now: datetime) -> date:
    return local_date(now, zone_named(row.timezone if row else None))


def record_task_progress(session: Session, user_id: int, event_name: str, at: datetime) -> list[str]:
    """Count one event on the user's local day; returns the ids of tasks it just completed.

    Call it once per newly awarded event (a redelivered event must not be counted again).
    Events no task counts are ignored.
    """
    if event_name not in COUNTED_EVENTS:
        return []
    day = _today(_streak_row(session, user_id), at)
    statement = dialect_insert(session)(DailyCount).values(user_id=user_id, day=day, name=event_name, value=1)
    count = session.execute(statement.on_conflict_do_update(
        index_elements=["user_id", "day", "name"], set_={"value": DailyCount.value + 1},
    ).returning(DailyCount.value)).scalar_one()
    return [task.id for task in DAILY_TASKS if task.counts == event_name and count == task.target]


def record_task_counts(session: Session, counts: dict[tuple[int, date, str], int]) -> None:
    """Many users' events at once: {(user, local day, event name): how many}, one statement."""
    rows = [{"user_id": u, "day": d, "name": n, "value": v} for (u, d, n), v in counts.items()
            if n in COUNTED_EVENTS and v > 0]
    if not rows:
        return
    table = table_of(DailyCount)
    statement = dialect_insert(session)(table)
    insert_many(session, statement.on_conflict_do_update(
        index_elements=["user_id", "day", "name"], set_={"value": table.c.value + statement.excluded.value},
    ), rows)


def _progress(session: Session, user_id: int, day: date, streak: Streak | None) -> dict[str, int]:
    counts = dict(session.exec(select(DailyCount.name, DailyCount.value)
                               .where(DailyCount.user_id == user_id, DailyCount.day == day)).all())
    counts[STREAK_KEPT] = int(streak is not None and streak.last_active_on is not None
                              and streak.last_active_on >= day)
    return counts


def _claimed(session: Session, user_id: int, day: date) -> set[str]:
    wanted = [_occurrence(task.id, day) for task in DAILY_TASKS]
    rows = session.exec(select(LedgerEntry.occurrence).where(
        LedgerEntry.user_id == user_id, LedgerEntry.rule_id == TASK_RULE, col(LedgerEntry.occurrence).in_(wanted)))
    return {occurrence.partition(":")[0] for occurrence in rows.all()}


def tasks_for(session: Session, user_id: int, now: datetime) -> list[TaskView]:
    """Today's tasks (the user's local day at `now`) with progress and whether each was claimed."""
    streak = _streak_row(session, user_id)
    day = _today(streak, now)
    progress = _progress(session, user_id, day, streak)
    claimed = _claimed(session, user_id, day)
    views = []
    for task in DAILY_TASKS:
        done = progress.get(task.counts, 0) >= task.target
        views.append(TaskView(task.id, task.title_key, task.target, min(progress.get(task.counts, 0), task.target),
                              done, task.id in claimed, task.xp, task.coins))
    return views


def claim(session: Session, user_id: int, task_id: str, now: datetime) -> ClaimResult:
    """Pay today's reward of a done task once. TaskNotFound / TaskNotDone otherwise."""
    task = TASKS_BY_ID.get(task_id) if isinstance(task_id, str) else None
    if task is None:
        raise TaskNotFound(f"no daily task {str(task_id)[:64]!r}")
    streak = _streak_row(session, user_id)
    day = _today(streak, now)
    if _progress(session, user_id, day, streak).get(task.counts, 0) < task.target:
        raise TaskNotDone(f"task {task.id!r} is not done yet today")
    paid = grant(session, user_id, TASK_RULE, _occurrence(task.id, day), xp=task.xp, coins=task.coins, now=now)
    xp, coins = session.exec(select(Profile.xp, Profile.coins).where(Profile.user_id == user_id)).one()
    if not paid:
        return ClaimResult(task.id, day, False, 0, 0, {"xp": xp, "coins": coins})
    return ClaimResult(task.id, day, True, task.xp, task.coins, {"xp": xp, "coins": coins},
                       tuple(levels_gained(xp - task.xp, xp)))


def claim_then_list(session: Session, user_id: int, task_id: str, now: datetime
                    ) -> tuple[ClaimResult, list[TaskView]]:
    """A claim, then today's tasks as they now stand: the tasks screen's one call."""
    return claim(session, user_id, task_id, now), tasks_for(session, user_id, now)
