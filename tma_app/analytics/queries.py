"""What the admin dashboard shows, computed from analytics_events. Plain Python, no reflex.

Every function takes a Session (SQLite or PostgreSQL: the SQL is portable, and
what SQL cannot say portably, such as a 75th percentile, is computed here) and an
optional `now`, so results are reproducible in tests. "Users" are verified
Telegram users, plus anonymous device ids for events from launches without a user.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Subquery,
    and_,
    case,
    cast,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlmodel import Session

from tma_app.analytics.models import AnalyticsEvent
from tma_app.analytics.taxonomy import Rating, get_taxonomy
from tma_app.core.db import table_of
from tma_app.core.time import utcnow

# The table's columns: typed SQL expressions, and the same SQL as the model's attributes.
E = table_of(AnalyticsEvent).c

DEFAULT_WINDOW = timedelta(days=7)
ACTIVE_WINDOW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class ActiveUsers:
    last_5_minutes: int
    today: int  # since 00:00 UTC


@dataclass(frozen=True, slots=True)
class MinuteCount:
    minute: datetime  # start of the minute, UTC
    events: int


@dataclass(frozen=True, slots=True)
class DemoFunnel:
    demo_id: str
    started: int  # users who opened the demo
    completed: int  # of those, users who reached its goal
    conversion: float  # completed / started (0.0 when nobody started)


@dataclass(frozen=True, slots=True)
class DemoUsage:
    demo_id: str
    users: int  # distinct users who opened it
    starts: int
    interactions: int
    completions: int


@dataclass(frozen=True, slots=True)
class VitalSummary:
    metric: str
    route: str | None  # None: every route together
    p75: float
    samples: int
    rating: Rating


def _distinct_users(session: Session, *conditions: ColumnElement[bool]) -> int:
    known = session.execute(select(func.count(distinct(E.user_id))).where(E.user_id.is_not(None), *conditions))
    anonymous = session.execute(
        select(func.count(distinct(E.anonymous_id))).where(E.user_id.is_(None), E.anonymous_id.is_not(None),
                                                            *conditions))
    return int(known.scalar_one()) + int(anonymous.scalar_one())


def start_of_day(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def active_users(session: Session, now: datetime | None = None) -> ActiveUsers:
    now = now or utcnow()
    return ActiveUsers(
        last_5_minutes=_distinct_users(session, E.occurred_at > now - ACTIVE_WINDOW, E.occurred_at <= now),
        today=_distinct_users(session, E.occurred_at >= start_of_day(now), E.occurred_at <= now),
    )


def _epoch_seconds(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", E.occurred_at)
    # SQLite keeps UTC wall-clock text, which strftime('%s') reads as UTC.
    return cast(func.strftime("%s", E.occurred_at), Integer)


def events_per_minute(session: Session, minutes: int = 30, now: datetime | None = None) -> list[MinuteCount]:
    """Events in each of the last `minutes` minutes (the current one included), oldest first, zeros kept."""
    if not 1 <= minutes <= 24 * 60:
        raise ValueError("minutes must be between 1 and 1440")
    now = (now or utcnow()).astimezone(UTC)
    current = now.replace(second=0, microsecond=0)
    first = current - timedelta(minutes=minutes - 1)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    base = int((first - epoch).total_seconds())
    bucket = func.floor((_epoch_seconds(session) - base) / 60)
    rows = session.execute(
        select(bucket.label("bucket"), func.count()).where(E.occurred_at >= first, E.occurred_at <= now)
        .group_by(bucket)
    ).all()
    counts = {int(index): int(count) for index, count in rows}
    return [MinuteCount(first + timedelta(minutes=i), counts.get(i, 0)) for i in range(minutes)]


def _user_key() -> ColumnElement[str]:
    """One text key per person: "u<telegram id>", or "a<device id>" for launches without a user."""
    return case((E.user_id.is_not(None), literal("u") + cast(E.user_id, String)),
                else_=literal("a") + cast(E.anonymous_id, String))


def _since(since: datetime | None, now: datetime | None) -> tuple[datetime, datetime]:
    now = now or utcnow()
    return (since or now - DEFAULT_WINDOW), now


def _people(action: str, since: datetime, now: datetime) -> Subquery:
    """(demo, person) pairs who did `action` in the window, each once."""
    return (select(E.label.label("demo"), _user_key().label("person"))
            .where(E.category == "demo", E.action == action, E.occurred_at >= since, E.occurred_at <= now,
                   or_(E.user_id.is_not(None), E.anonymous_id.is_not(None)))
            .distinct().subquery())


def demo_funnel(session: Session, since: datetime | None = None, now: datetime | None = None) -> list[DemoFunnel]:
    """Per demo: users who started it, and how many of them completed it, in the window (counted in SQL).

    One pass: each (demo, person) gets a started and a completed flag, then each demo sums them.
    """
    since, now = _since(since, now)
    person = _user_key()
    flags = (
        select(E.label.label("demo"), person.label("person"),
               func.max(case((E.action == "start", 1), else_=0)).label("started"),
               func.max(case((E.action == "complete", 1), else_=0)).label("completed"))
        .where(E.category == "demo", E.action.in_(("start", "complete")), E.occurred_at >= since,
               E.occurred_at <= now, or_(E.user_id.is_not(None), E.anonymous_id.is_not(None)))
        .group_by(E.label, person)
        .subquery()
    )
    rows = session.execute(
        select(flags.c.demo, func.sum(flags.c.started), func.sum(flags.c.started * flags.c.completed))
        .group_by(flags.c.demo).order_by(flags.c.demo)
    ).all()
    return [DemoFunnel(demo, int(started), int(finished), int(finished) / int(started) if started else 0.0)
            for demo, started, finished in rows]


def top_demos(session: Session, limit: int = 5, since: datetime | None = None,
              now: datetime | None = None) -> list[DemoUsage]:
    """The demos most users opened in the window, with their starts, interactions and completions."""
    since, now = _since(since, now)
    in_window = and_(E.category == "demo", E.occurred_at >= since, E.occurred_at <= now)
    per_demo: dict[str, dict[str, int]] = {}
    for demo_id, action, count in session.execute(
            select(E.label, E.action, func.count()).where(in_window).group_by(E.label, E.action)).all():
        per_demo.setdefault(demo_id, {})[action] = int(count)
    starts = _people("start", since, now)
    starters = dict(session.execute(select(starts.c.demo, func.count()).group_by(starts.c.demo)).all())
    usage = [
        DemoUsage(demo_id, int(starters.get(demo_id, 0)), actions.get("start", 0), actions.get("interact", 0),
                  actions.get("complete", 0))
        for demo_id, actions in per_demo.items()
    ]
    usage.sort(key=lambda u: (-u.users, -u.starts, u.demo_id))
    return usage[:limit]


def p75(values: list[float]) -> float:
    """The 75th percentile, interpolated between the closest ranks (numpy's default method)."""
    if not values:
        raise ValueError("no values")
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=4, method="inclusive")[2]


def web_vitals_p75(session: Session, since: datetime | None = None, now: datetime | None = None) -> list[VitalSummary]:
    """p75 of each metric per route (and over all routes, route=None), rated by web.dev's thresholds.

    web-vitals may report one page's metric more than once as it grows (CLS, INP); only the
    latest report of each metric_id counts.
    """
    since, now = _since(since, now)
    taxonomy = get_taxonomy()
    rows = session.execute(
        select(E.label, E.route, E.value, E.props, E.occurred_at)
        .where(E.category == "performance", E.action == "web_vitals", E.occurred_at >= since, E.occurred_at <= now)
        .order_by(E.occurred_at)
    ).all()
    latest: dict[tuple[str, str], tuple[str, str | None, float]] = {}
    for index, (metric, route, value, props, _) in enumerate(rows):
        if value is None or not taxonomy.is_vital(metric):
            continue
        metric_id = (props or {}).get("metric_id")
        key = (metric, metric_id) if isinstance(metric_id, str) else (metric, f"#{index}")
        latest[key] = (metric, route, float(value))  # rows are oldest first: the last one wins
    per_route: dict[tuple[str, str], list[float]] = {}
    overall: dict[str, list[float]] = {}
    for metric, route, value in latest.values():
        overall.setdefault(metric, []).append(value)
        if route is not None:
            per_route.setdefault((metric, route), []).append(value)
    order = {name: i for i, name in enumerate((*taxonomy.vitals_collected, *taxonomy.vitals_compatibility_only))}
    groups: list[tuple[str, str | None, list[float]]] = [(m, None, v) for m, v in overall.items()]
    groups += [(m, r, v) for (m, r), v in per_route.items()]
    summaries = []
    for metric, route, values in groups:
        value = p75(values)
        summaries.append(VitalSummary(metric, route, value, len(values), taxonomy.rating(metric, value)))
    summaries.sort(key=lambda s: (order[s.metric], s.route is not None, s.route or ""))
    return summaries
