"""Fixed analytics events for the dashboard queries, written through the real ingest path.

Used on SQLite (tests/unit/analytics/test_queries.py) and PostgreSQL
(tests/integration/test_analytics_postgres.py): the same data, the same answers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from tma_app.analytics.ingest import Batch, ingest
from tma_app.analytics.vitals import report_to_event

NOW = datetime(2025, 1, 15, 12, 0, 30, tzinfo=UTC)
ANONYMOUS = uuid.UUID("00000000-0000-4000-8000-00000000a001")
# A demo funnel: restaurant started by 1, 2, 3 and completed by 1 and 3 (and by 9, who never started it);
# fitness started by 2; ecommerce only completed (by 4, yesterday).
LCP_HOME = [1000.0, 2000.0, 3000.0, 4000.0, 5000.0]


def _event(ago: timedelta, category: str, action: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "ts": (NOW - ago).timestamp() * 1000, "category": category, "action": action,
            **fields}


def _vital(ago: timedelta, name: str, value: float, route: str, metric_id: str) -> dict:
    return {"id": str(uuid.uuid4()), "ts": (NOW - ago).timestamp() * 1000, "name": name, "value": value,
            "route": route, "metric_id": metric_id}


def _send(engine: Engine, user_id: int | None, items: list, anonymous: uuid.UUID | None = None) -> None:
    report = ingest(Batch(NOW.timestamp() * 1000, anonymous, items), user_id, now=NOW, engine=engine)
    assert report.rejected == 0, [o.reason for o in report.outcomes if o.reason]


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def load(engine: Engine) -> list[datetime]:
    """Write the sample; returns every event's time (the oracle for per-minute counts)."""
    page = {"route": "/"}
    sent = {
        1: [_event(minutes(1), "navigation", "page_view", **page), _event(timedelta(seconds=30), "demo", "start",
                                                                          label="restaurant"),
            _event(timedelta(seconds=20), "demo", "complete", label="restaurant")],
        2: [_event(minutes(4) + timedelta(seconds=59), "demo", "start", label="restaurant"),
            _event(minutes(3), "demo", "start", label="fitness"),
            _event(minutes(2.5), "demo", "start", label="restaurant")],
        3: [_event(minutes(6), "demo", "start", label="restaurant"), _event(minutes(6), "demo", "interact",
                                                                            label="restaurant"),
            _event(minutes(5.5), "demo", "complete", label="restaurant")],
        4: [_event(timedelta(hours=12, minutes=1), "demo", "complete", label="ecommerce")],
        9: [_event(minutes(10), "demo", "complete", label="restaurant")],
    }
    for user_id, items in sent.items():
        _send(engine, user_id, items)
    anonymous = [_event(minutes(2), "navigation", "page_view", **page)]
    _send(engine, None, anonymous, ANONYMOUS)
    vitals = [
        *(_vital(minutes(8), "LCP", value, "/", f"lcp-{i}") for i, value in enumerate(LCP_HOME)),
        _vital(minutes(8), "LCP", 1200.0, "/demos/fitness", "lcp-fit"),
        # One page's CLS reported twice as it grew: only the later 0.3 counts.
        _vital(minutes(9), "CLS", 0.05, "/", "cls-a"),
        _vital(minutes(7), "CLS", 0.3, "/", "cls-a"),
        _vital(minutes(7), "CLS", 0.02, "/", "cls-b"),
        _vital(timedelta(days=8), "LCP", 9000.0, "/", "too-old-for-the-window"),
    ]
    _send(engine, 1, [report_to_event(v) for v in vitals])
    times = [NOW - timedelta(milliseconds=NOW.timestamp() * 1000 - item["ts"])
             for items in [*sent.values(), anonymous, vitals] for item in items]
    return times
