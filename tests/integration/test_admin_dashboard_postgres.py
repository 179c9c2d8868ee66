"""The dashboard snapshot on PostgreSQL and Redis: the same numbers as on SQLite, flags from Redis."""

from __future__ import annotations

import pytest

from tests.support.database import upgrade
from tests.unit.admin.test_service import NOW, SKEWED, SPLIT, seed_analytics, seed_experiments
from tma_app.admin import service
from tma_app.admin.dashboard_view import build_view
from tma_app.core.db import session_scope
from tma_app.experiments.registry import Registry
from tma_app.security import audit
from tma_app.security.rate_limit import STANDARD, get_rate_limiter, reset_rate_limiter

pytestmark = pytest.mark.integration


@pytest.fixture
def services(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    reset_rate_limiter()
    yield
    reset_rate_limiter()


def test_fixed_data_gives_the_same_snapshot_as_on_sqlite(services):
    with session_scope() as session:
        seed_analytics(session)
        seed_experiments(session)
    with session_scope() as session:
        taken = service.read_snapshot(session, now=NOW, flagged=[], registry=Registry([SPLIT, SKEWED]))
    assert (taken.active.last_5_minutes, taken.active.today) == (3, 5)
    assert {m.minute.strftime("%H:%M"): m.events for m in taken.per_minute if m.events} == {
        "12:10": 3, "12:20": 1, "12:26": 5, "12:27": 1, "12:28": 2, "12:29": 1}
    assert {f.demo_id: (f.started, f.completed) for f in taken.funnels} == {
        "restaurant": (3, 2), "fitness": (1, 0), "ecommerce": (1, 0)}
    view = build_view(taken)
    assert [(v.name, v.users, v.conversions, v.rate) for v in view.experiments[0].variants] == [
        ("control", 40, 4, "10.0%"), ("bold", 40, 20, "50.0%")]
    assert view.experiments[1].srm_mismatch
    assert {(v.metric, v.route): (v.p75, v.rating) for v in view.vitals}[("LCP", "/")] == (
        "3250 ms", "needs-improvement")


async def test_a_computed_snapshot_reads_flags_from_redis_and_the_audit_log(services):
    audit.record("admin.denied", "admin", telegram_id=31337, resource_id="/admin")
    assert audit.flush()
    for _ in range(5):  # back to back: flagged in Redis
        await get_rate_limiter().hit(STANDARD, "user:31337")
    taken = await service.compute_snapshot()
    assert "user:31337" in [f.subject for f in taken.flagged]
    assert any(line.action == "admin.denied" and line.telegram_id == 31337 for line in taken.audit)
