"""The level-up toast, mounted by the app shell on every page."""

from __future__ import annotations

import reflex as rx

from tma_app.gamification.state import CelebrationState
from tma_app.session.state import SessionState

# The device's IANA timezone, read in the page: streaks and daily tasks follow the user's own days.
DEVICE_TIMEZONE: rx.Var[str] = rx.Var(
    _js_expr="(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')", _var_type=str)


def on_verified_events() -> list:
    """What every page runs once the user is verified: sync the timezone, show a pending level-up."""
    return [CelebrationState.sync_timezone(DEVICE_TIMEZONE), CelebrationState.check]


def level_up_toast() -> rx.Component:
    """Shown on every page: a level reached is congratulated once, wherever the user is."""
    return rx.cond(
        CelebrationState.title != "",
        rx.el.div(
            rx.el.span("⭐", aria_hidden="true", class_name="text-2xl"),
            rx.el.div(rx.el.div(CelebrationState.title, class_name="font-semibold"),
                      rx.el.div(SessionState.strings["g_level_up_body"], class_name="text-xs opacity-80"),
                      class_name="flex-1"),
            rx.el.button("✕", on_click=CelebrationState.dismiss, aria_label=SessionState.strings["dismiss"],
                         class_name="px-2"),
            role="status",
            class_name=(
                "fixed inset-x-3 "
                "top-[calc(0.75rem+var(--tg-safe-area-inset-top)+var(--tg-content-safe-area-inset-top))]"
                " z-50 flex items-center gap-3 rounded-xl bg-tg-button px-4 py-3 text-tg-button-text shadow-lg"
            ),
            data_testid="level-up",
        ),
    )


