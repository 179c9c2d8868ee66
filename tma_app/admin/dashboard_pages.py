"""/admin: the live dashboard, for admins only (everyone else is sent home and audited)."""

from __future__ import annotations

import reflex as rx

from tma_app.admin import dashboard_components as c
from tma_app.admin.dashboard_state import ROUTE, AdminDashboardState
from tma_app.session.state import SessionState
from tma_app.ui.layout import app_shell

S = SessionState.strings


def header() -> rx.Component:
    return rx.el.header(
        rx.el.h1(S["dash_title"], class_name="text-xl font-bold text-tg-text"),
        rx.el.p(
            rx.cond(
                AdminDashboardState.stale,
                rx.el.span(S["dash_stale"], class_name="text-tg-destructive"),
                rx.el.span(
                    rx.el.span(class_name="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-emerald-500",
                               aria_hidden="true"),
                    S["dash_live"],
                ),
            ),
            " · ", S["dash_updated"], " ",
            rx.el.span(AdminDashboardState.view.taken_at, data_testid="dashboard-updated"),
            class_name="mt-0.5 text-xs text-tg-hint",
        ),
        class_name="pt-5 pb-1",
    )


def dashboard() -> rx.Component:
    return rx.el.div(
        header(),
        c.stat_tiles(),
        c.section("dash_events_per_minute", c.events_chart(), test_id="events-section"),
        c.section("dash_funnel", c.funnels(), test_id="funnel-section"),
        c.section("dash_top_demos", c.top_demos(), test_id="top-demos-section"),
        c.section("dash_experiments", c.experiments(), test_id="experiments-section"),
        c.section("dash_web_vitals", c.vitals(), test_id="vitals-section"),
        c.section("dash_recent_audit", c.audit_lines(), test_id="audit-section"),
        c.section("dash_flagged", c.flagged(), test_id="flagged-section"),
        c.section("dash_assistant", c.assistant_panel(), test_id="assistant-section"),
        c.section("dash_payments", c.payments_panel(), test_id="payments-section"),
        data_testid="dashboard",
    )


def dashboard_page() -> rx.Component:
    return app_shell(
        # Nothing of the dashboard exists in the page until the backend said "admin".
        rx.cond(
            AdminDashboardState.allowed & (AdminDashboardState.view.version != ""),
            dashboard(),
            rx.el.div(
                rx.el.div(class_name="h-8 w-8 animate-spin rounded-full border-2 border-tg-button "
                                     "border-t-transparent"),
                class_name="flex justify-center pt-16",
                data_testid="dashboard-loading",
            ),
        ),
        # Leaving the page (client-side navigation) stops this tab's push loop.
        rx.el.div(on_unmount=AdminDashboardState.leave, class_name="hidden"),
        active_route=ROUTE,
        on_verified=AdminDashboardState.open,
    )
