"""The demos' domain events become analytics events through the outbox, once each."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

from tma_app.analytics.models import AnalyticsEvent
from tma_app.analytics.subscribers import register, scalar_props
from tma_app.analytics.tracking import event_uuid
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.outbox import publish, publish_now
from tma_app.core.outbox_worker import drain
from tma_app.demo_catalog import events as demo_events


@pytest.fixture
def consuming(migrated_engine):
    unregister = register()
    yield
    unregister()


def recorded(user_id: int) -> list[AnalyticsEvent]:
    with session_scope() as session:
        rows = session.exec(select(AnalyticsEvent).where(AnalyticsEvent.user_id == user_id)
                            .order_by(AnalyticsEvent.occurred_at))
        return list(rows)


def test_demo_events_and_level_ups_are_recorded_once(consuming):
    user = 10**12 + uuid.uuid4().int % 10**9
    with session_scope() as session:
        started = demo_events.started(user, "fitness", session=session)
    done = demo_events.completed(user, "fitness", workout_id=7, note="x" * 300, nested={"a": 1})
    level = DomainEvent("level_up", user, {"level": 2, "xp": 120}, event_id=f"{done.event_id}:level:2")
    publish_now(level)
    drain()
    with session_scope() as session:
        publish(session, done)  # delivered again (a retry): nothing more is recorded
    drain()
    rows = recorded(user)
    assert [(r.category, r.action, r.label, r.value) for r in rows] == [
        ("demo", "start", "fitness", None), ("demo", "complete", "fitness", None),
        ("gamification", "level_up", None, 2.0)]
    assert [r.event_id for r in rows] == [event_uuid(started.event_id), event_uuid(done.event_id),
                                          event_uuid(level.event_id)]
    assert rows[1].props == {"workout_id": 7, "note": "x" * 256}
    assert all(r.source == "server" and r.occurred_at is not None for r in rows)


def test_scalar_props_keep_what_fits_and_drop_the_rest():
    data = {"demo_id": "fitness", "ok": True, "n": 3, "bad key": 1, "label": "clash", "user_id": 5,
            "nan": float("nan"), "list": [1], **{f"k{i}": i for i in range(20)}}
    props = scalar_props(data, skip=("demo_id",))
    assert props["ok"] is True and props["n"] == 3
    assert not {"demo_id", "bad key", "label", "user_id", "nan", "list"} & props.keys()
    assert len(props) == 16
