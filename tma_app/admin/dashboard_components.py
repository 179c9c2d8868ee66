"""The dashboard's pieces: stat tiles, the SVG events chart, funnels and tables. rx.el + Tailwind only.

Colours come from Telegram's theme variables (tg-*); the rating colours are the
only fixed ones, because good/needs-improvement/poor must read the same in every theme.
"""

from __future__ import annotations

import reflex as rx

from tma_app.admin.dashboard_state import AdminDashboardState
from tma_app.admin.dashboard_view import (
    AuditRow,
    DemoRow,
    ExperimentTable,
    FlagRow,
    FunnelRow,
    RefusalRow,
    VariantRow,
    VitalRow,
)
from tma_app.session.state import SessionState

S = SessionState.strings
V = AdminDashboardState.view
CARD = "rounded-2xl bg-tg-secondary-bg p-4"
HEADING = "mb-2 mt-6 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header"
# Separate borders: a collapsed border belongs to the table and would scroll away from a sticky cell.
TABLE = "w-full min-w-max border-separate border-spacing-0 text-left text-sm tabular-nums"
TH = "px-2 py-1.5 text-xs font-medium text-tg-hint"
TD = "border-t border-tg-separator px-2 py-1.5"
# The row's name stays in view while the numbers scroll under it; its solid shadow covers the card's
# left padding, where scrolled numbers would otherwise show beside it.
STICKY = " sticky left-0 z-10 bg-tg-secondary-bg shadow-[-0.5rem_0_0_var(--tg-theme-secondary-bg-color)]"
# A table wider than a phone scrolls inside its card, and a shadow on the right edge says so. CSS only:
# the shadow is fixed to the card (scroll), a cover in the card's colour rides at the content's end
# (local) and hides it once the last column is in view, or when nothing overflows.
SCROLL_CUE = (
    "[background:linear-gradient(to_left,var(--tg-theme-secondary-bg-color)_30%,transparent)"
    "_right/2.5rem_100%_no-repeat_local,"
    "linear-gradient(to_left,color-mix(in_srgb,var(--tg-theme-hint-color)_45%,transparent),transparent)"
    "_right/0.75rem_100%_no-repeat_scroll,"
    "var(--tg-theme-secondary-bg-color)]"
)
NUMBER = "text-right"
RATING_CLASS = {
    "good": "bg-emerald-500/15 text-emerald-600",
    "needs-improvement": "bg-amber-500/15 text-amber-600",
    "poor": "bg-red-500/15 text-tg-destructive",
}


def section(title_key: str, *children: rx.Component, test_id: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(S[title_key], class_name=HEADING),
        *children,
        data_testid=test_id,
    )


def empty(text_key: str) -> rx.Component:
    return rx.el.p(S[text_key], class_name=CARD + " text-sm text-tg-hint")


def stat(label_key: str, value: rx.Var, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.p(value, class_name="text-2xl font-bold tabular-nums text-tg-text", data_testid=test_id),
        rx.el.p(S[label_key], class_name="mt-0.5 text-xs leading-tight text-tg-hint"),
        class_name=CARD + " min-w-0 flex-1 p-3",
    )


def stat_tiles() -> rx.Component:
    return rx.el.div(
        stat("dash_active_5m", V.active_5m, "active-5m"),
        stat("dash_active_today", V.active_today, "active-today"),
        stat("dash_events_30m", V.chart.total, "events-30m"),
        class_name="mt-3 flex gap-2",
    )


def events_chart() -> rx.Component:
    chart = V.chart
    return rx.el.figure(
        rx.el.div(
            rx.el.span(S["dash_peak"], " ", chart.peak, class_name="text-xs text-tg-hint"),
            rx.el.span(S["dash_this_minute"], " ", chart.last_minute, class_name="text-xs text-tg-hint",
                       data_testid="events-this-minute"),
            class_name="mb-2 flex justify-between",
        ),
        rx.el.svg(
            rx.el.svg.polygon(points=chart.area, class_name="fill-tg-button opacity-15"),
            rx.el.svg.polyline(
                points=chart.line, fill="none", stroke_width="2", stroke_linejoin="round",
                stroke_linecap="round", vector_effect="non-scaling-stroke", class_name="stroke-tg-button",
            ),
            rx.el.svg.circle(cx=chart.last_x.to(str), cy=chart.last_y.to(str), r="3", class_name="fill-tg-button"),
            view_box=chart.view_box,
            preserve_aspect_ratio="none",
            role="img",
            aria_label=S["dash_events_per_minute"],
            class_name="block h-24 w-full overflow-visible",
            data_testid="events-chart",
        ),
        rx.el.figcaption(
            rx.el.span(chart.first_label), rx.el.span(chart.last_label),
            class_name="mt-1.5 flex justify-between text-xs text-tg-hint",
        ),
        class_name=CARD,
    )


def funnel_row(row: rx.Var[FunnelRow]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(row.demo_id, class_name="font-medium text-tg-text"),
            rx.el.span(
                rx.el.span(row.started, data_testid="funnel-started"), " → ",
                rx.el.span(row.completed, data_testid="funnel-completed"), " · ", row.conversion,
                class_name="text-sm tabular-nums text-tg-subtitle",
            ),
            class_name="flex items-baseline justify-between gap-2",
        ),
        rx.el.div(
            rx.el.div(class_name="h-full rounded-full bg-tg-button", style={"width": row.bar_width}),
            class_name="mt-1.5 h-1.5 overflow-hidden rounded-full bg-tg-bg",
            role="presentation",
        ),
        class_name="py-2",
        data_testid="funnel-row",
        data_demo=row.demo_id,
    )


def funnels() -> rx.Component:
    return rx.cond(
        V.funnels.length() > 0,
        rx.el.ul(rx.foreach(V.funnels, funnel_row), class_name=CARD + " py-2"),
        empty("dash_no_demo_events"),
    )


def _table(head: list[tuple[str, bool]], body: rx.Component, **props) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(S[key], class_name=TH + (STICKY if i == 0 else "")
                                            + (" " + NUMBER if numeric else ""))
                                   for i, (key, numeric) in enumerate(head)])),
            rx.el.tbody(body),
            class_name=TABLE,
        ),
        class_name=CARD + " overflow-x-auto px-2 py-2 " + SCROLL_CUE,
        **props,
    )


def top_demo_row(row: rx.Var[DemoRow]) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.demo_id, class_name=TD + STICKY + " font-medium"),
        rx.el.td(row.users, class_name=TD + " " + NUMBER, data_testid="top-demo-users"),
        rx.el.td(row.starts, class_name=TD + " " + NUMBER),
        rx.el.td(row.interactions, class_name=TD + " " + NUMBER),
        rx.el.td(row.completions, class_name=TD + " " + NUMBER),
        data_testid="top-demo-row",
        data_demo=row.demo_id,
    )


def top_demos() -> rx.Component:
    return rx.cond(
        V.top_demos.length() > 0,
        _table([("dash_demo", False), ("dash_users", True), ("dash_starts", True), ("dash_interactions", True),
                ("dash_completions", True)], rx.foreach(V.top_demos, top_demo_row)),
        empty("dash_no_demo_events"),
    )


def variant_row(row: rx.Var[VariantRow]) -> rx.Component:
    verdict = rx.match(row.verdict, ("better", "block text-emerald-600"), ("worse", "block text-tg-destructive"),
                       "block")
    return rx.el.tr(
        rx.el.td(
            row.name,
            rx.cond(row.is_control, rx.el.span(S["dash_control"], class_name="ml-1 text-xs text-tg-hint")),
            class_name=TD + STICKY + " font-medium",
        ),
        rx.el.td(row.users, class_name=TD + " " + NUMBER, data_testid="variant-users"),
        rx.el.td(row.conversions, class_name=TD + " " + NUMBER),
        rx.el.td(row.rate, class_name=TD + " " + NUMBER),
        rx.el.td(
            rx.el.span(row.lift, class_name=verdict),
            rx.el.span(row.lift_ci, class_name="block text-xs text-tg-hint"),
            class_name=TD + " " + NUMBER,
        ),
        rx.el.td(row.p_value, class_name=TD + " " + NUMBER),
        rx.el.td(row.beat_control, class_name=TD + " " + NUMBER),
        data_testid="variant-row",
        data_variant=row.name,
    )


def experiment_table(table: rx.Var[ExperimentTable]) -> rx.Component:
    head = [("dash_variant", False), ("dash_users", True), ("dash_conversions", True), ("dash_rate", True),
            ("dash_lift", True), ("dash_p_value", True), ("dash_beat_control", True)]
    return rx.el.div(
        rx.el.div(
            rx.el.span(table.id, class_name="font-semibold text-tg-text"),
            rx.el.span(S["dash_goal"], " ", table.goal, " · ", table.users, " ", S["dash_users_lower"],
                       rx.cond(~table.active, rx.el.span(" · ", S["dash_inactive"])),
                       class_name="text-xs text-tg-hint"),
            class_name="flex flex-wrap items-baseline justify-between gap-x-2 px-1",
        ),
        rx.cond(
            table.srm_mismatch,
            rx.el.p(
                "⚠ ", S["dash_srm_warning"], " (p ", table.srm_p_value, ")",
                role="alert",
                class_name="mt-2 rounded-xl bg-red-500/15 px-3 py-2 text-sm text-tg-destructive",
                data_testid="srm-warning",
            ),
        ),
        _table(head, rx.foreach(table.variants, variant_row), data_testid="experiment-table",
               data_experiment=table.id),
        class_name="mb-3",
    )


def experiments() -> rx.Component:
    return rx.cond(
        V.experiments.length() > 0,
        rx.el.div(rx.foreach(V.experiments, experiment_table)),
        empty("dash_no_experiments"),
    )


def vital_row(row: rx.Var[VitalRow]) -> rx.Component:
    pill = "rounded-full px-2 py-0.5 font-medium "
    rating_class = rx.match(row.rating, *((rating, pill + classes) for rating, classes in RATING_CLASS.items()),
                            pill + "bg-tg-bg text-tg-hint")
    return rx.el.tr(
        rx.el.td(row.metric, class_name=TD + STICKY + " font-medium"),
        rx.el.td(rx.cond(row.route != "", row.route, S["dash_all_routes"]), class_name=TD + " max-w-40 truncate"),
        rx.el.td(
            rx.el.span(row.p75, class_name=rating_class),
            class_name=TD + " " + NUMBER,
        ),
        rx.el.td(row.samples, class_name=TD + " " + NUMBER),
        data_testid="vital-row",
        data_rating=row.rating,
    )


def vitals() -> rx.Component:
    return rx.cond(
        V.vitals.length() > 0,
        _table([("dash_metric", False), ("dash_route", False), ("dash_p75", True), ("dash_samples", True)],
               rx.foreach(V.vitals, vital_row)),
        empty("dash_no_vitals"),
    )


def audit_line(row: rx.Var[AuditRow]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(row.action, class_name="font-medium text-tg-text"),
            rx.el.span(row.time, class_name="text-xs tabular-nums text-tg-hint"),
            class_name="flex justify-between gap-2",
        ),
        rx.el.p(row.resource, " · ", row.telegram_id, class_name="truncate text-xs text-tg-subtitle"),
        class_name="border-t border-tg-separator py-2 first:border-t-0",
        data_testid="audit-line",
    )


def audit_lines() -> rx.Component:
    return rx.el.div(
        rx.cond(
            V.audit.length() > 0,
            rx.el.ul(rx.foreach(V.audit, audit_line)),
            rx.el.p(S["admin_audit_empty"], class_name="text-sm text-tg-hint"),
        ),
        rx.el.a(S["dash_full_audit_log"], href="/admin/audit", class_name="mt-1 inline-block text-sm text-tg-link"),
        class_name=CARD + " py-2",
    )


def flag_row(row: rx.Var[FlagRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(row.subject, class_name="font-medium text-tg-text"),
        rx.el.span(row.minutes_left, " ", S["dash_minutes_left"], class_name="text-xs text-tg-hint"),
        class_name="flex justify-between gap-2 border-t border-tg-separator py-2 first:border-t-0",
        data_testid="flagged-row",
    )


def flagged() -> rx.Component:
    return rx.cond(
        ~V.flags_known,
        rx.el.p(S["dash_flags_unknown"], class_name=CARD + " text-sm text-tg-destructive"),
        rx.cond(
            V.flagged.length() > 0,
            rx.el.ul(rx.foreach(V.flagged, flag_row), class_name=CARD + " py-2"),
            empty("dash_no_flags"),
        ),
    )


def refusal_row(row: rx.Var[RefusalRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(row.reason, class_name="font-mono text-sm text-tg-text"),
        rx.el.span(row.count, class_name="tabular-nums text-tg-text", data_testid="refusal-count"),
        class_name="flex justify-between gap-2 border-t border-tg-separator py-2 first:border-t-0",
        data_testid="refusal-row",
    )


def assistant_panel() -> rx.Component:
    panel = V.assistant
    return rx.el.div(
        rx.el.div(
            stat("dash_ai_requests", panel.requests, "ai-requests"),
            stat("dash_ai_tokens", panel.tokens, "ai-tokens"),
            stat("dash_ai_p95", panel.p95_first_token, "ai-p95-first-token"),
            class_name="flex gap-2",
        ),
        rx.el.p(S["dash_ai_offline"], " ", rx.el.span(panel.offline_answers, data_testid="ai-offline-answers"),
                class_name="mt-2 text-xs text-tg-hint"),
        rx.el.h3(S["dash_ai_refusals"], class_name="mt-3 mb-1 text-sm font-medium text-tg-subtitle"),
        rx.cond(
            panel.refusals.length() > 0,
            rx.el.ul(rx.foreach(panel.refusals, refusal_row), class_name=CARD + " py-2"),
            empty("dash_ai_no_refusals"),
        ),
    )


def payments_panel() -> rx.Component:
    panel = V.payments
    return rx.el.div(
        rx.el.div(
            stat("dash_pay_paid", panel.paid, "pay-paid"),
            stat("dash_pay_refunded", panel.refunded, "pay-refunded"),
            class_name="flex gap-2",
        ),
        rx.el.p(S["dash_pay_received"], " ", panel.received, class_name="mt-2 text-xs text-tg-hint"),
        rx.el.a(
            S["dash_pay_reconciled"], " ", panel.reconciled, " · ",
            rx.match(
                panel.reconcile_state,
                ("ok", rx.el.span(S["dash_pay_agrees"], class_name="text-tg-link")),
                ("differences", rx.el.span(panel.differences, " ", S["dash_pay_differences"],
                                           class_name="font-semibold text-tg-destructive")),
                ("error", rx.el.span(S["dash_pay_reconcile_failed"], class_name="text-tg-destructive")),
                rx.el.span(S["dash_pay_never"], class_name="text-tg-hint"),
            ),
            href="/admin/payments",
            class_name="mt-1 block text-sm text-tg-text",
            data_testid="pay-reconciliation",
        ),
    )
