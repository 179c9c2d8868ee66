"""Analytics on PostgreSQL: retried batches racing each other store every event exactly once,
and the dashboard queries give the same answers as on SQLite."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import col

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tests.support.telegram import signed_init_data
from tests.unit.analytics import sample_data
from tests.unit.analytics.test_queries import check_dashboard_queries
from tma_app.analytics.ingest import ingest_body
from tma_app.analytics.models import AnalyticsEvent
from tma_app.core.db import session_scope
from tma_app.core.settings import load_settings
from tma_app.security import rate_limit

pytestmark = pytest.mark.integration


def _batch(events: list[dict]) -> bytes:
    return json.dumps({"sent_at": time.time() * 1000, "events": events}).encode()


def _events(n: int) -> list[dict]:
    now = time.time() * 1000
    return [{"id": str(uuid.uuid4()), "ts": now - i, "category": "engagement", "action": "click",
             "label": f"button-{i}"} for i in range(n)]


def _stored(engine, events: list[dict]) -> int:
    ids = [uuid.UUID(e["id"]) for e in events]
    with session_scope(engine) as session:
        return session.execute(select(func.count()).where(col(AnalyticsEvent.event_id).in_(ids))).scalar_one()


def test_the_same_batch_retried_by_ten_workers_at_once_is_stored_exactly_once(postgres_engine):
    upgrade(postgres_engine)
    events = _events(50)
    body = _batch(events)
    reports, errors = run_at_once(10, lambda _: ingest_body(body, 6001, engine=postgres_engine))
    assert errors == []
    assert sum(r.accepted for r in reports) == 50
    assert sum(r.duplicate for r in reports) == 450 and sum(r.rejected for r in reports) == 0
    assert _stored(postgres_engine, events) == 50


def test_overlapping_batches_racing_each_other_lose_and_double_nothing(postgres_engine):
    upgrade(postgres_engine)
    events = _events(100)
    # Each worker sends a window of 50 that overlaps its neighbours' (how a client retries after a timeout).
    bodies = [_batch(events[start:start + 50]) for start in range(0, 51, 10)]
    reports, errors = run_at_once(len(bodies), lambda i: ingest_body(bodies[i], 6002, engine=postgres_engine))
    assert errors == []
    assert sum(r.accepted for r in reports) == 100
    assert sum(r.accepted + r.duplicate for r in reports) == 50 * len(bodies)
    assert _stored(postgres_engine, events) == 100


async def test_concurrent_retries_through_the_http_route(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    rate_limit.reset_rate_limiter()
    from tma_app.tma_app import api_app

    events = _events(50)
    body = _batch(events)
    headers = {"X-Telegram-Init-Data": signed_init_data({"id": 6003}), "Content-Type": "application/json"}
    transport = httpx.ASGITransport(app=api_app(load_settings(_env_file=None)))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers = await asyncio.gather(*(client.post("/api/analytics/events", content=body, headers=headers)
                                             for _ in range(4)))
    finally:
        rate_limit.reset_rate_limiter()
    assert [a.status_code for a in answers] == [202] * 4
    assert sum(a.json()["accepted"] for a in answers) == 50
    assert sum(a.json()["duplicate"] for a in answers) == 150
    assert _stored(postgres_engine, events) == 50


def test_dashboard_queries_on_fixed_data_on_postgresql(postgres_engine):
    upgrade(postgres_engine)
    times = sample_data.load(postgres_engine)
    check_dashboard_queries(postgres_engine, times)
