"""Dashboard queries on fixed data (SQLite here; the same checks run on PostgreSQL in integration)."""

from __future__ import annotations

from datetime import timedelta

import numpy
import pytest

from tests.support.database import upgrade
from tests.unit.analytics import sample_data
from tests.unit.analytics.sample_data import LCP_HOME, NOW
from tma_app.analytics import queries
from tma_app.core.db import make_engine, session_scope


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('analytics') / 'queries.db'}")
    upgrade(engine)
    times = sample_data.load(engine)
    yield engine, times
    engine.dispose()


def check_dashboard_queries(engine, times) -> None:
    """Shared by the SQLite and PostgreSQL tests."""
    with session_scope(engine) as session:
        active = queries.active_users(session, now=NOW)
        per_minute = queries.events_per_minute(session, minutes=15, now=NOW)
        funnel = queries.demo_funnel(session, now=NOW)
        top = queries.top_demos(session, now=NOW)
        vitals = queries.web_vitals_p75(session, since=NOW - timedelta(days=7), now=NOW)

    # Users 1 and 2 and the anonymous device in the last 5 minutes; 3 and 9 earlier today; 4 yesterday.
    assert active == queries.ActiveUsers(last_5_minutes=3, today=5)

    assert [m.minute for m in per_minute][-1] == NOW.replace(second=0)
    assert len(per_minute) == 15 and per_minute[0].minute == NOW.replace(second=0) - timedelta(minutes=14)
    expected = {m.minute: 0 for m in per_minute}
    for at in times:
        minute = at.replace(second=0, microsecond=0)
        if minute in expected:
            expected[minute] += 1
    assert {m.minute: m.events for m in per_minute} == expected
    assert sum(m.events for m in per_minute) == 20  # all but the events of yesterday and 8 days ago

    assert funnel == [
        queries.DemoFunnel("ecommerce", started=0, completed=0, conversion=0.0),
        queries.DemoFunnel("fitness", started=1, completed=0, conversion=0.0),
        queries.DemoFunnel("restaurant", started=3, completed=2, conversion=pytest.approx(2 / 3)),
    ]
    assert top == [
        queries.DemoUsage("restaurant", users=3, starts=4, interactions=1, completions=3),
        queries.DemoUsage("fitness", users=1, starts=1, interactions=0, completions=0),
        queries.DemoUsage("ecommerce", users=0, starts=0, interactions=0, completions=1),
    ]

    by_key = {(v.metric, v.route): v for v in vitals}
    assert [(v.metric, v.route) for v in vitals] == [
        ("LCP", None), ("LCP", "/"), ("LCP", "/demos/fitness"), ("CLS", None), ("CLS", "/")]
    home = by_key[("LCP", "/")]
    assert (home.p75, home.samples, home.rating) == (numpy.percentile(LCP_HOME, 75), 5, "needs-improvement")
    overall = by_key[("LCP", None)]
    assert overall.p75 == pytest.approx(numpy.percentile([*LCP_HOME, 1200.0], 75)) and overall.samples == 6
    assert by_key[("LCP", "/demos/fitness")].rating == "good"
    cls = by_key[("CLS", "/")]
    assert cls.samples == 2, "the same metric_id reported twice counts once, with its latest value"
    assert cls.p75 == pytest.approx(numpy.percentile([0.3, 0.02], 75)) and cls.rating == "needs-improvement"


def test_dashboard_queries_on_fixed_data(sample_engine):
    check_dashboard_queries(*sample_engine)


def test_an_empty_window_is_zeros_not_errors(sample_engine):
    engine, _ = sample_engine
    later = NOW + timedelta(days=60)
    with session_scope(engine) as session:
        assert queries.active_users(session, now=later) == queries.ActiveUsers(0, 0)
        assert [m.events for m in queries.events_per_minute(session, minutes=3, now=later)] == [0, 0, 0]
        assert queries.demo_funnel(session, now=later) == []
        assert queries.top_demos(session, now=later) == []
        assert queries.web_vitals_p75(session, now=later) == []


@pytest.mark.parametrize("minutes", [0, 1441])
def test_events_per_minute_bounds(sample_engine, minutes):
    with session_scope(sample_engine[0]) as session, pytest.raises(ValueError):
        queries.events_per_minute(session, minutes=minutes, now=NOW)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([3.0], 3.0), ([1.0, 2.0], 1.75), ([5.0, 1.0, 4.0, 2.0, 3.0], 4.0), ([0.1, 0.2, 0.3, 0.4], 0.325)],
)
def test_p75_matches_numpy(values, expected):
    assert queries.p75(values) == pytest.approx(expected) == pytest.approx(numpy.percentile(values, 75))
