"""The snapshot as the page shows it: formatted numbers, ratings, chart geometry. No reflex.

Built once per snapshot and identical for every admin: labels come from the page's
language bundle, numbers here are written the same in English and Russian.
"""

from __future__ import annotations

import math
from datetime import datetime

from pydantic import BaseModel

from tma_app.admin.chart import HEIGHT, WIDTH, line_geometry
from tma_app.admin.service import DashboardSnapshot
from tma_app.ai.accounting import AssistantStats
from tma_app.analytics.queries import VitalSummary
from tma_app.core.money import format_money
from tma_app.experiments.service import ExperimentResults
from tma_app.experiments.stats import VariantStats
from tma_app.payments.queries import PaymentsSummary

DASH = "—"
MINUS = "−"  # a real minus sign: a hyphen next to a number reads as a dash
SIGNIFICANT_P = 0.05
UNITLESS_VITALS = frozenset({"CLS"})


class MinuteChart(BaseModel):
    line: str = ""
    area: str = ""
    last_x: float = 0
    last_y: float = HEIGHT
    peak: int = 0
    total: int = 0
    last_minute: int = 0
    first_label: str = ""
    last_label: str = ""
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"


class FunnelRow(BaseModel):
    demo_id: str
    started: int
    completed: int
    conversion: str
    bar_width: str  # CSS width of the completed part of the bar


class DemoRow(BaseModel):
    demo_id: str
    users: int
    starts: int
    interactions: int
    completions: int


class VariantRow(BaseModel):
    name: str
    is_control: bool
    users: int
    conversions: int
    rate: str
    lift: str
    lift_ci: str
    p_value: str
    beat_control: str
    # "better" / "worse" when the difference is significant at 5%, "" otherwise.
    verdict: str


class ExperimentTable(BaseModel):
    id: str
    goal: str
    active: bool
    users: int
    conversions: int
    srm_mismatch: bool
    srm_p_value: str
    variants: list[VariantRow]


class VitalRow(BaseModel):
    metric: str
    route: str  # "" for every route together
    p75: str
    samples: int
    rating: str  # good | needs-improvement | poor


class AuditRow(BaseModel):
    id: int
    time: str
    action: str
    resource: str
    telegram_id: str


class FlagRow(BaseModel):
    subject: str
    minutes_left: int


class RefusalRow(BaseModel):
    reason: str  # the refusal's code, e.g. "injection" or "budget_requests"
    count: int


class AssistantPanel(BaseModel):
    requests: int = 0
    tokens: int = 0
    offline_answers: int = 0
    p95_first_token: str = DASH
    refusals: list[RefusalRow] = []


class PaymentsPanel(BaseModel):
    paid: int = 0
    refunded: int = 0
    received: str = DASH  # "120 ⭐ · 1,080 ₽"
    reconciled: str = DASH  # when the last reconciliation ran
    differences: int = 0
    # "ok", "differences", "error" or "never": how the last reconciliation went
    reconcile_state: str = "never"


class DashboardView(BaseModel):
    taken_at: str = ""  # HH:MM:SS UTC
    version: str = ""  # changes with every snapshot (ISO time to the microsecond)
    active_5m: int = 0
    active_today: int = 0
    chart: MinuteChart = MinuteChart()
    funnels: list[FunnelRow] = []
    top_demos: list[DemoRow] = []
    experiments: list[ExperimentTable] = []
    vitals: list[VitalRow] = []
    audit: list[AuditRow] = []
    flagged: list[FlagRow] = []
    flags_known: bool = True
    assistant: AssistantPanel = AssistantPanel()
    payments: PaymentsPanel = PaymentsPanel()


def percent(fraction: float | None, *, signed: bool = False, digits: int = 1) -> str:
    if fraction is None or not math.isfinite(fraction):
        return DASH
    text = f"{abs(fraction) * 100:.{digits}f}%"
    if fraction < 0:
        return MINUS + text
    return ("+" + text) if signed and fraction > 0 else text


def p_value(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return DASH
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def vital_value(metric: str, value: float) -> str:
    return f"{value:.2f}" if metric in UNITLESS_VITALS else f"{round(value):d} ms"


def _verdict(stats: VariantStats) -> str:
    if stats.is_control or stats.p_value is None or stats.p_value >= SIGNIFICANT_P or stats.difference is None:
        return ""
    return "better" if stats.difference > 0 else "worse" if stats.difference < 0 else ""


def variant_row(stats: VariantStats) -> VariantRow:
    has_ci = stats.lift_ci_low is not None and stats.lift_ci_high is not None
    return VariantRow(
        name=stats.name,
        is_control=stats.is_control,
        users=stats.users,
        conversions=stats.conversions,
        rate=percent(stats.rate),
        lift=DASH if stats.is_control else percent(stats.lift, signed=True),
        lift_ci=(f"[{percent(stats.lift_ci_low, signed=True)}, {percent(stats.lift_ci_high, signed=True)}]"
                 if has_ci else ""),
        p_value=DASH if stats.is_control else p_value(stats.p_value),
        beat_control=DASH if stats.is_control else percent(stats.probability_to_beat_control, digits=0),
        verdict=_verdict(stats),
    )


def experiment_table(results: ExperimentResults) -> ExperimentTable:
    return ExperimentTable(
        id=results.experiment_id,
        goal=results.goal,
        active=results.active,
        users=results.total_users,
        conversions=results.total_conversions,
        srm_mismatch=results.srm.mismatch,
        srm_p_value=p_value(results.srm.p_value),
        variants=[variant_row(v) for v in results.variants],
    )


def vital_row(summary: VitalSummary) -> VitalRow:
    return VitalRow(metric=summary.metric, route=summary.route or "", p75=vital_value(summary.metric, summary.p75),
                    samples=summary.samples, rating=summary.rating)


def assistant_panel(stats: AssistantStats) -> AssistantPanel:
    return AssistantPanel(
        requests=stats.requests, tokens=stats.tokens, offline_answers=stats.offline_answers,
        p95_first_token=DASH if stats.p95_first_token_ms is None else f"{stats.p95_first_token_ms} ms",
        # Most frequent first; ties by name so the list holds still between snapshots.
        refusals=[RefusalRow(reason=reason, count=count)
                  for reason, count in sorted(stats.refusals.items(), key=lambda item: (-item[1], item[0]))],
    )


def payments_panel(summary: PaymentsSummary) -> PaymentsPanel:
    received = " · ".join(part for part in (
        f"{summary.stars} ⭐" if summary.stars else "",
        format_money(summary.rubles_kopecks, "en") if summary.rubles_kopecks else "",
    ) if part) or DASH
    if summary.reconciled_at is None:
        state = "never"
    elif summary.reconcile_error:
        state = "error"
    else:
        state = "differences" if summary.differences else "ok"
    return PaymentsPanel(
        paid=summary.paid, refunded=summary.refunded, received=received,
        reconciled=summary.reconciled_at.strftime("%m-%d %H:%M UTC") if summary.reconciled_at else DASH,
        differences=summary.differences or 0, reconcile_state=state,
    )


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def minute_chart(snapshot: DashboardSnapshot) -> MinuteChart:
    counts = [m.events for m in snapshot.per_minute]
    geometry = line_geometry(counts)
    return MinuteChart(
        line=geometry.line, area=geometry.area, last_x=geometry.last_x, last_y=geometry.last_y, peak=geometry.peak,
        total=sum(counts), last_minute=counts[-1] if counts else 0,
        first_label=_clock(snapshot.per_minute[0].minute) if counts else "",
        last_label=_clock(snapshot.per_minute[-1].minute) if counts else "",
    )


def build_view(snapshot: DashboardSnapshot) -> DashboardView:
    flags = snapshot.flagged or []
    return DashboardView(
        taken_at=snapshot.taken_at.strftime("%H:%M:%S UTC"),
        version=snapshot.taken_at.isoformat(),
        active_5m=snapshot.active.last_5_minutes,
        active_today=snapshot.active.today,
        chart=minute_chart(snapshot),
        funnels=[
            FunnelRow(demo_id=f.demo_id, started=f.started, completed=f.completed, conversion=percent(f.conversion),
                      bar_width=f"{min(max(f.conversion, 0.0), 1.0) * 100:.1f}%")
            for f in snapshot.funnels
        ],
        top_demos=[DemoRow(demo_id=d.demo_id, users=d.users, starts=d.starts, interactions=d.interactions,
                           completions=d.completions) for d in snapshot.top_demos],
        experiments=[experiment_table(e) for e in snapshot.experiments],
        vitals=[vital_row(v) for v in snapshot.vitals],
        audit=[AuditRow(id=a.id, time=a.created_at.strftime("%m-%d %H:%M:%S"), action=a.action,
                        resource=" ".join(filter(None, (a.resource, a.resource_id))),
                        telegram_id=str(a.telegram_id) if a.telegram_id is not None else DASH)
               for a in snapshot.audit],
        flagged=[FlagRow(subject=f.subject, minutes_left=max(1, math.ceil(f.remaining_ms / 60_000))) for f in flags],
        flags_known=snapshot.flagged is not None,
        assistant=assistant_panel(snapshot.assistant),
        payments=payments_panel(snapshot.payments),
    )
