"""The level-up toast, mounted by the app shell on every page."""

from __future__ import annotations

import reflex as rx

from tma_app.gamification.state import CelebrationState
from tma_app.session.state import SessionState
from tma_app.telegram import bridge


def on_verified_events() -> list:
    """What every page runs once the user is verified: sync the timezone, show a pending level-up.

    Streaks and daily tasks follow the device's own days. The zone is the one the bridge kept ("" on
    a first launch, which the server ignores); the bridge presses `time_zone_sync` once it has read a
    new one at an idle moment after load.
    """
    return [CelebrationState.sync_timezone(bridge.time_zone()), CelebrationState.check]


def time_zone_sync() -> rx.Component:
    """Pressed by the bridge when it has read a zone other than the one it kept."""
    return rx.el.button(id="tma-time-zone-sync", hidden=True,
                        on_click=CelebrationState.sync_timezone(bridge.time_zone()))


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


