"""The dashboard snapshot on fixed data, written through the owning services (SQLite)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tma_app.admin import service
from tma_app.admin.dashboard_view import build_view
from tma_app.admin.service import read_snapshot
from tma_app.ai.accounting import open_request
from tma_app.ai.models import AiRequest
from tma_app.analytics.tracking import track
from tma_app.core.db import session_scope
from tma_app.experiments import service as experiments
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.registry import Experiment, Registry, Variant
from tma_app.security import audit
from tma_app.security.audit import AuditEntry
from tma_app.security.rate_limit import STANDARD, Flag, get_rate_limiter

NOW = datetime(2026, 3, 10, 12, 30, 15, tzinfo=UTC)
TWO_DAYS_AGO = NOW - timedelta(days=2)

SPLIT = Experiment(id="cta_test", salt="s1", variants=(Variant("control", 1), Variant("bold", 1)), goals=("signup",))
SKEWED = Experiment(id="skewed", salt="s2", variants=(Variant("control", 1), Variant("treat", 1)), goals=("signup",))


def users_in(experiment: Experiment, variant: str, count: int, start: int) -> list[int]:
    chosen: list[int] = []
    candidate = start
    while len(chosen) < count:
        if choose_variant(experiment, user_unit(candidate)) == variant:
            chosen.append(candidate)
        candidate += 1
    return chosen


def at(minutes_ago: float) -> datetime:
    return NOW - timedelta(minutes=minutes_ago)


def seed_analytics(session) -> None:
    def event(user, action, demo, minutes_ago):
        track(user, "demo", action, label=demo, occurred_at=at(minutes_ago), session=session)

    for user in (1, 2, 3):
        event(user, "start", "restaurant", 20)
    event(1, "complete", "restaurant", 10)
    event(2, "complete", "restaurant", 3)
    event(2, "complete", "restaurant", 2)  # a second order: still one user who completed
    event(4, "start", "fitness", 2)
    event(4, "interact", "fitness", 1)
    event(5, "start", "ecommerce", 60 * 24)  # yesterday: in the 7-day funnel, not active today
    for value, metric_id in ((1000, "a"), (2000, "b"), (3000, "c"), (4000, "d")):
        track(6, "performance", "web_vitals", label="LCP", value=value, route="/", metric_id=metric_id,
              occurred_at=at(4), session=session)
    track(6, "performance", "web_vitals", label="CLS", value=0.05, route="/demos/fitness", metric_id="e",
          occurred_at=at(4), session=session)


def seed_experiments(session) -> None:
    # Two days ago: exposures and conversions are analytics events too, kept out of today's numbers.
    for user in users_in(SPLIT, "control", 40, 1000):
        experiments.expose(session, SPLIT, user, now=TWO_DAYS_AGO)
    converting = users_in(SPLIT, "bold", 40, 1000)
    for user in converting:
        experiments.expose(session, SPLIT, user, now=TWO_DAYS_AGO)
    for user in users_in(SPLIT, "control", 4, 1000) + converting[:20]:
        experiments.record_conversion(session, SPLIT, user, now=TWO_DAYS_AGO)
    for user in users_in(SKEWED, "control", 100, 5000) + users_in(SKEWED, "treat", 10, 5000):
        experiments.expose(session, SKEWED, user, now=TWO_DAYS_AGO)


def seed_audit() -> None:
    audit.insert_batch([
        AuditEntry("session.open", "session", telegram_id=1, created_at=at(40)),
        AuditEntry("admin.denied", "admin", telegram_id=3030, resource_id="/admin", created_at=at(1)),
    ])


def snapshot(flagged=None):
    with session_scope() as session:
        seed_analytics(session)
        seed_experiments(session)
    seed_audit()
    with session_scope() as session:
        return read_snapshot(session, now=NOW, flagged=flagged, registry=Registry([SPLIT, SKEWED]))


def test_active_users_and_events_per_minute(database):
    taken = snapshot()
    assert (taken.active.last_5_minutes, taken.active.today) == (3, 5)  # 2, 4, 6; 1-4 and 6
    assert len(taken.per_minute) == service.CHART_MINUTES
    assert taken.per_minute[-1].minute == datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
    per_minute = {m.minute.strftime("%H:%M"): m.events for m in taken.per_minute if m.events}
    assert per_minute == {"12:10": 3, "12:20": 1, "12:26": 5, "12:27": 1, "12:28": 2, "12:29": 1}


def test_funnel_and_top_demos(database):
    taken = snapshot()
    funnels = {f.demo_id: (f.started, f.completed) for f in taken.funnels}
    assert funnels == {"restaurant": (3, 2), "fitness": (1, 0), "ecommerce": (1, 0)}
    assert [d.demo_id for d in taken.top_demos] == ["restaurant", "ecommerce", "fitness"]
    view = build_view(taken)
    restaurant = next(f for f in view.funnels if f.demo_id == "restaurant")
    assert (restaurant.conversion, restaurant.bar_width) == ("66.7%", "66.7%")


def test_experiments_table_carries_the_statistics_and_flags_sample_ratio_mismatch(database):
    taken = snapshot()
    split, skewed = taken.experiments
    assert [(v.name, v.users, v.conversions) for v in split.variants] == [("control", 40, 4), ("bold", 40, 20)]
    with session_scope() as session:
        assert split == experiments.experiment_results(session, SPLIT)
    view = build_view(taken)
    table = view.experiments[0]
    control, bold = table.variants
    assert (control.rate, control.lift, control.p_value, control.beat_control) == ("10.0%", "—", "—", "—")
    assert (bold.rate, bold.lift) == ("50.0%", "+400.0%")
    assert bold.lift_ci.startswith("[+") and bold.p_value == "<0.001" and bold.verdict == "better"
    assert bold.beat_control == "100%"
    assert not table.srm_mismatch
    assert view.experiments[1].srm_mismatch and view.experiments[1].srm_p_value == "<0.001"
    assert (view.experiments[1].users, view.experiments[1].conversions) == (110, 0)


def test_web_vitals_p75_rated_per_metric_and_route(database):
    view = build_view(snapshot())
    rows = {(v.metric, v.route): (v.p75, v.samples, v.rating) for v in view.vitals}
    assert rows[("LCP", "/")] == ("3250 ms", 4, "needs-improvement")
    assert rows[("CLS", "/demos/fitness")] == ("0.05", 1, "good")
    assert rows[("LCP", "")] == ("3250 ms", 4, "needs-improvement"), "every route together"


def test_recent_audit_lines_and_flagged_users(database):
    view = build_view(snapshot(flagged=[Flag("user:77", 59 * 60_000 + 1), Flag("ip:10.0.0.1", 30_000)]))
    assert [(a.action, a.resource, a.telegram_id) for a in view.audit] == [
        ("admin.denied", "admin /admin", "3030"), ("session.open", "session", "1")]
    assert [(f.subject, f.minutes_left) for f in view.flagged] == [("user:77", 60), ("ip:10.0.0.1", 1)]
    assert view.flags_known
    assert not build_view(snapshot(flagged=None)).flags_known


async def test_a_computed_snapshot_lists_the_limiters_flags(database):
    limiter = get_rate_limiter()
    for _ in range(5):  # back to back: the anomaly rule flags this user
        await limiter.hit(STANDARD, "user:4242")
    taken = await service.compute_snapshot()
    assert [f.subject for f in taken.flagged] == ["user:4242"]


async def test_many_admins_share_one_snapshot_per_interval(database, monkeypatch):
    calls = []

    async def counted():
        calls.append(1)
        return await service.compute_snapshot()

    shared = service.SharedValue(counted, max_age_s=60)
    monkeypatch.setattr(service, "_shared", shared)
    first = await asyncio.gather(*(service.current_snapshot() for _ in range(25)))
    again = await asyncio.gather(*(service.current_snapshot() for _ in range(25)))
    assert len(calls) == 1 and service.snapshot_computations() == 1
    assert all(s is first[0] for s in first + again)


def asked(key: str, *, minutes_ago: float, provider: str = "openai", first_token_ms: int | None = None,
          tokens: tuple[int, int] = (0, 0), outcome: str = "complete", reason: str | None = None) -> AiRequest:
    return AiRequest(request_key=key, user_id=7, config="support", provider=provider, model="m", day=NOW.date(),
                     prompt_tokens=tokens[0], completion_tokens=tokens[1], first_token_ms=first_token_ms,
                     total_ms=900, outcome=outcome, reason=reason, created_at=at(minutes_ago))


def test_the_assistant_panel_counts_the_last_day_of_questions_tokens_refusals_and_p95_first_token(database):
    with session_scope() as session:
        for n in range(20):  # first tokens 100, 110, ... 290 ms
            open_request(session, asked(f"q{n}", minutes_ago=n, first_token_ms=100 + 10 * n, tokens=(30, 20)))
        open_request(session, asked("offline", minutes_ago=5, provider="local", tokens=(0, 40)))
        open_request(session, asked("leak", minutes_ago=3, outcome="refused", reason="instructions_leak"))
        for n, reason in enumerate(("injection", "injection", "budget_requests")):
            open_request(session, asked(f"refused-{n}", minutes_ago=2, outcome="refused", reason=reason))
        open_request(session, asked("yesterday", minutes_ago=60 * 25, first_token_ms=9000, tokens=(999, 999)))

    with session_scope() as session:
        panel = build_view(read_snapshot(session, now=NOW, flagged=[], registry=Registry([]))).assistant

    # Refusals before admission (their keys say so) are not questions asked; one refused after is.
    assert (panel.requests, panel.tokens, panel.offline_answers) == (22, 20 * 50 + 40, 1)
    assert panel.p95_first_token == "290 ms"
    assert [(r.reason, r.count) for r in panel.refusals] == [
        ("injection", 2), ("budget_requests", 1), ("instructions_leak", 1)]


def test_the_assistant_panel_is_empty_before_anyone_asked(database):
    with session_scope() as session:
        panel = build_view(read_snapshot(session, now=NOW, flagged=[], registry=Registry([]))).assistant
    assert (panel.requests, panel.tokens, panel.p95_first_token, panel.refusals) == (0, 0, "—", [])
