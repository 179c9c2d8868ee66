"""Streaks, freezes and daily tasks on PostgreSQL: racing requests pay once and never overdraw."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.gamification.ledger import InsufficientCoins, grant
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.streaks.local_day import set_timezone
from tma_app.gamification.streaks.models import Streak
from tma_app.gamification.streaks.service import (
    FREEZE_PRICE,
    MAX_FREEZES,
    FreezeCapReached,
    buy_freeze,
    record_activity,
)
from tma_app.gamification.tasks.models import DailyCount
from tma_app.gamification.tasks.service import TASKS_BY_ID, claim, record_task_progress

pytestmark = pytest.mark.integration

THREADS = 12
NOON = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine(postgres_engine):
    upgrade(postgres_engine)
    return postgres_engine


def new_user() -> int:
    return 2**50 + uuid.uuid4().int % 10**9


def ledger_rules(engine, user):
    with session_scope(engine) as session:
        return sorted(session.exec(select(LedgerEntry.rule_id).where(LedgerEntry.user_id == user)).all())


def test_many_claims_of_one_task_pay_once(engine):
    user = new_user()
    task = TASKS_BY_ID["complete_demo"]
    with session_scope(engine) as session:
        record_task_progress(session, user, "demo_complete", NOON)

    def tap(_):
        with session_scope(engine) as session:
            return claim(session, user, task.id, NOON).claimed

    results, errors = run_at_once(THREADS, tap)
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    with session_scope(engine) as session:
        profile = session.get(Profile, user)
    assert (profile.xp, profile.coins) == (task.xp, task.coins)
    assert ledger_rules(engine, user) == ["daily_task"]


def test_concurrent_progress_loses_no_count(engine):
    user = new_user()

    def event(_):
        with session_scope(engine) as session:
            return record_task_progress(session, user, "demo_start", NOON)

    results, errors = run_at_once(THREADS, event)
    assert errors == []
    assert sorted(results) == [[]] * (THREADS - 1) + [["open_demo"]], "exactly one event completes the task"
    with session_scope(engine) as session:
        assert session.get(DailyCount, (user, NOON.date(), "demo_start")).value == THREADS


def test_many_events_on_a_new_local_day_move_the_streak_once(engine):
    user = new_user()
    with session_scope(engine) as session:
        set_timezone(session, user, "America/New_York")
        record_activity(session, user, datetime(2026, 11, 1, 4, 30, tzinfo=UTC))  # 00:30 EDT, 1 Nov

    def event(index):
        # 2 Nov in New York, from 00:01 EST onwards (05:01 UTC).
        with session_scope(engine) as session:
            return record_activity(session, user, datetime(2026, 11, 2, 5, 1 + index, tzinfo=UTC)).bonus_xp

    results, errors = run_at_once(THREADS, event)
    assert errors == []
    assert sorted(results) == [0] * (THREADS - 1) + [10]
    with session_scope(engine) as session:
        streak = session.get(Streak, user)
        profile = session.get(Profile, user)
    assert (streak.current, streak.last_active_on.isoformat()) == (2, "2026-11-02")
    assert profile.xp == 5 + 10


def test_a_retried_purchase_racing_itself_charges_once(engine):
    user = new_user()
    with session_scope(engine) as session:
        grant(session, user, "test_top_up", "coins", coins=FREEZE_PRICE)

    def buy(_):
        with session_scope(engine) as session:
            return buy_freeze(session, user, "racing-key-1").charged

    results, errors = run_at_once(THREADS, buy)
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    with session_scope(engine) as session:
        assert session.get(Profile, user).coins == 0
        assert session.get(Streak, user).freezes == 1


def test_racing_purchases_with_different_keys_stop_at_the_cap_and_never_overdraw(engine):
    user = new_user()
    with session_scope(engine) as session:
        grant(session, user, "test_top_up", "coins", coins=FREEZE_PRICE * (MAX_FREEZES + 1) - 1)

    def buy(index):
        with session_scope(engine) as session:
            return buy_freeze(session, user, f"key-{index:04d}").charged

    results, errors = run_at_once(THREADS, buy)
    assert results == [True] * MAX_FREEZES
    assert len(errors) == THREADS - MAX_FREEZES
    assert all(isinstance(e, (FreezeCapReached, InsufficientCoins)) for e in errors), errors
    with session_scope(engine) as session:
        profile = session.get(Profile, user)
        streak = session.get(Streak, user)
    assert streak.freezes == MAX_FREEZES
    assert profile.coins == FREEZE_PRICE - 1
    assert ledger_rules(engine, user) == ["streak_freeze"] * MAX_FREEZES + ["test_top_up"]


def test_activity_and_purchases_for_one_user_at_once_do_not_deadlock(engine):
    user = new_user()
    with session_scope(engine) as session:
        grant(session, user, "test_top_up", "coins", coins=FREEZE_PRICE * THREADS)

    def mixed(index):
        with session_scope(engine) as session:
            if index % 2:
                return record_activity(session, user, datetime(2026, 6, 1 + index, 9, tzinfo=UTC)).current
            try:
                return buy_freeze(session, user, f"mixed-key-{index:04d}").freezes
            except FreezeCapReached:
                return "cap"

    _, errors = run_at_once(THREADS, mixed)
    assert errors == []
    with session_scope(engine) as session:
        streak = session.get(Streak, user)
        spent = FREEZE_PRICE * THREADS - session.get(Profile, user).coins
        bought = len(session.exec(select(LedgerEntry.id).where(
            LedgerEntry.user_id == user, LedgerEntry.rule_id == "streak_freeze")).all())
    assert spent == bought * FREEZE_PRICE and 0 <= streak.freezes <= MAX_FREEZES
