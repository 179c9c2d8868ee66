"""An event is applied or retried, never dropped: kill the worker between its steps."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.support.database import upgrade
from tma_app.core import outbox
from tma_app.core.db import session_scope
from tma_app.core.outbox import OutboxRow
from tma_app.core.outbox_worker import drain
from tma_app.demo_catalog.events import demo_event
from tma_app.gamification import subscribers
from tma_app.gamification.models import LedgerEntry, Profile

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = [("demo_start", "restaurant"), ("demo_interact", "restaurant"), ("demo_complete", "restaurant"),
          ("demo_start", "fitness"), ("demo_complete", "fitness"), ("demo_complete", "ecommerce")]


def publish_script(engine, users: list[int]) -> int:
    count = 0
    with session_scope(engine) as session:
        for user in users:
            for name, demo in SCRIPT * 3:
                outbox.publish(session, demo_event(name, user, demo))
                count += 1
    return count


def balances(engine, users):
    with session_scope(engine) as session:
        return [(p.xp, p.coins) for p in (session.get(Profile, user) for user in users)]


def test_a_worker_killed_between_applying_and_acknowledging_loses_and_doubles_nothing(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    base = 2**51 + uuid.uuid4().int % 10**6
    killed_users, reference_users = [base + i for i in range(4)], [base + 100 + i for i in range(4)]
    unregister = subscribers.register()
    try:
        total = publish_script(postgres_engine, killed_users)
        env = {**os.environ, "DATABASE_URL": postgres_engine.url.render_as_string(hide_password=False)}
        kills = 0
        for kill_after in (3, 9, 16, 5, 40, 11, 8, 100, 100):
            run = subprocess.run([sys.executable, "-m", "tests.support.outbox_crash_worker", str(kill_after)],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert run.returncode in (0, 137), run.stderr[-2000:]
            kills += run.returncode == 137
        assert kills >= 5  # the work really was interrupted, repeatedly
        publish_script(postgres_engine, reference_users)
        drain(engine=postgres_engine)
    finally:
        unregister()
    with session_scope(postgres_engine) as session:
        left = session.exec(select(func.count()).select_from(OutboxRow)
                            .where(OutboxRow.consumer == subscribers.CONSUMER)).one()
        seen = session.exec(select(func.count()).select_from(LedgerEntry)
                            .where(LedgerEntry.rule_id == "__seen__", LedgerEntry.user_id.in_(killed_users))).one()
    assert left == 0 and seen == total
    assert balances(postgres_engine, killed_users) == balances(postgres_engine, reference_users)
    assert balances(postgres_engine, killed_users)[0][0] > 0
