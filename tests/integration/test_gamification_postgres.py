"""The ledger on PostgreSQL: one event fired from many tasks at once pays once."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.gamification.ledger import award
from tma_app.gamification.models import LedgerEntry, Profile

pytestmark = pytest.mark.integration


def test_the_same_event_from_ten_tasks_grants_once(postgres_engine):
    upgrade(postgres_engine)
    user = 2**50 + uuid.uuid4().int % 10**6

    def deliver(_):
        with session_scope(postgres_engine) as session:
            award(session, user, "demo_complete", {"demo_id": "fitness"}, "evt-concurrent")

    _, errors = run_at_once(10, deliver)
    assert errors == []
    with session_scope(postgres_engine) as session:
        profile = session.get(Profile, user)
        grants = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user)).all()
    assert (profile.xp, profile.coins) == (75, 5)
    assert sorted(g.rule_id for g in grants) == ["__seen__", "demo_complete", "first_demo"]


def test_different_events_at_once_respect_max_executions_and_lose_no_xp(postgres_engine):
    upgrade(postgres_engine)
    user = 2**50 + uuid.uuid4().int % 10**6

    def deliver(index):
        with session_scope(postgres_engine) as session:
            award(session, user, "demo_complete", {}, f"evt-{index}")

    _, errors = run_at_once(10, deliver)
    assert errors == []
    with session_scope(postgres_engine) as session:
        profile = session.get(Profile, user)
        badges = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user,
                                                        LedgerEntry.rule_id == "first_demo")).all()
    assert len(badges) == 1, "first_demo pays once however many completions race"
    assert (profile.xp, profile.coins) == (10 * 25 + 50, 10 * 5)
