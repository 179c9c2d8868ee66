"""Daily tasks: progress on the user's local day, a claim that pays once."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.i18n import messages
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.streaks.local_day import set_timezone
from tma_app.gamification.streaks.service import record_activity
from tma_app.gamification.tasks.service import (
    DAILY_TASKS,
    TASKS_BY_ID,
    TaskNotDone,
    TaskNotFound,
    claim,
    record_task_progress,
    tasks_for,
)

NOON = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def progress(user: int, event: str, at: datetime = NOON) -> list[str]:
    with session_scope() as session:
        return record_task_progress(session, user, event, at)


def views(user: int, now: datetime = NOON) -> dict:
    with session_scope() as session:
        return {view.id: view for view in tasks_for(session, user, now)}


def claim_now(user: int, task_id: str, now: datetime = NOON):
    with session_scope() as session:
        return claim(session, user, task_id, now)


def test_every_task_has_an_english_and_russian_title():
    assert len(TASKS_BY_ID) == len(DAILY_TASKS) >= 3
    for task in DAILY_TASKS:
        assert messages()[task.title_key]["en"] and messages()[task.title_key]["ru"]
        assert task.target >= 1 and (task.xp > 0 or task.coins > 0)


def test_a_new_day_starts_with_nothing_done(migrated_engine):
    today = views(new_user())
    assert list(today) == ["open_demo", "complete_demo", "keep_streak"]
    assert all(v.progress == 0 and not v.done and not v.claimed for v in today.values())


def test_events_move_their_task_and_report_when_it_gets_done(migrated_engine):
    user = new_user()
    assert progress(user, "demo_interact") == []  # no task counts it
    assert progress(user, "demo_start") == ["open_demo"]
    assert progress(user, "demo_start") == []  # already done
    today = views(user)
    assert (today["open_demo"].progress, today["open_demo"].done) == (1, True)
    assert not today["complete_demo"].done and not today["keep_streak"].done


def test_a_claim_pays_once(migrated_engine):
    user = new_user()
    task = TASKS_BY_ID["complete_demo"]
    progress(user, "demo_complete")
    first = claim_now(user, "complete_demo")
    assert (first.claimed, first.xp, first.coins) == (True, task.xp, task.coins)
    assert first.totals == {"xp": task.xp, "coins": task.coins}
    second = claim_now(user, "complete_demo")
    assert (second.claimed, second.xp, second.coins, second.totals) == (False, 0, 0, first.totals)
    assert views(user)["complete_demo"].claimed
    with session_scope() as session:
        profile = session.get(Profile, user)
        grants = session.exec(select(LedgerEntry.occurrence).where(LedgerEntry.user_id == user)).all()
    assert (profile.xp, profile.coins) == (task.xp, task.coins)
    assert grants == ["complete_demo:2026-06-15"]


def test_unknown_and_unfinished_tasks_are_refused_and_pay_nothing(migrated_engine):
    user = new_user()
    with pytest.raises(TaskNotFound):
        claim_now(user, "win_the_lottery")
    with pytest.raises(TaskNotDone):
        claim_now(user, "open_demo")
    with session_scope() as session:
        assert session.get(Profile, user) is None


def test_keep_the_streak_is_done_by_todays_activity(migrated_engine):
    user = new_user()
    with session_scope() as session:
        record_activity(session, user, datetime(2026, 6, 14, 12, tzinfo=UTC))
    assert not views(user)["keep_streak"].done, "yesterday's activity does not keep today's streak"
    with session_scope() as session:
        record_activity(session, user, NOON)
    assert views(user)["keep_streak"].done
    assert claim_now(user, "keep_streak").claimed


def test_tasks_turn_over_at_the_users_local_midnight(migrated_engine):
    tz = ZoneInfo("Europe/Berlin")
    user = new_user()
    with session_scope() as session:
        set_timezone(session, user, "Europe/Berlin")
    late = datetime(2026, 6, 15, 23, 30, tzinfo=tz)  # 21:30 UTC
    after_midnight = datetime(2026, 6, 16, 0, 30, tzinfo=tz)  # 22:30 UTC, the same UTC day
    progress(user, "demo_start", late)
    assert claim_now(user, "open_demo", late).local_date.isoformat() == "2026-06-15"
    tomorrow = views(user, after_midnight)["open_demo"]
    assert (tomorrow.progress, tomorrow.claimed) == (0, False)
    with pytest.raises(TaskNotDone):
        claim_now(user, "open_demo", after_midnight)
    progress(user, "demo_start", after_midnight)
    again = claim_now(user, "open_demo", after_midnight)
    assert again.claimed and again.totals["xp"] == 2 * TASKS_BY_ID["open_demo"].xp
