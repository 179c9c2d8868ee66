"""The app shell: verified-only content, status screens, and the bottom navigation.

What features add to every page (nav items, the level-up toast) comes from the
assembly through `ui.shell.configure_shell`; the shell imports no feature.
"""

from __future__ import annotations

import reflex as rx

from tma_app.offline.components import connection_banner, queue_link
from tma_app.session.state import SessionState
from tma_app.session.watchdog import watched
from tma_app.telegram import bridge
from tma_app.telegram.components import bridge_outlets, settings_button
from tma_app.ui.nav import bottom_nav
from tma_app.ui.notice import notice_banner
from tma_app.ui.shell import shell_contributions


def status_screen(title_key: str, body_key: str, *actions: rx.Component, test_id: str) -> rx.Component:
    return rx.el.main(
        rx.el.div(
            rx.el.h1(SessionState.strings[title_key], class_name="text-xl font-semibold text-tg-text"),
            rx.el.p(SessionState.strings[body_key], class_name="mt-2 text-sm text-tg-hint"),
            *actions,
            class_name="max-w-sm text-center",
        ),
        class_name="tma-safe-top flex min-h-[var(--tg-viewport-stable-height)] items-center justify-center px-6",
        data_testid=test_id,
    )


def loading_screen() -> rx.Component:
    return rx.el.main(
        rx.el.div(class_name="h-8 w-8 animate-spin rounded-full border-2 border-tg-button border-t-transparent"),
        rx.el.p(SessionState.strings["loading"], class_name="mt-3 text-sm text-tg-hint"),
        class_name="flex min-h-[var(--tg-viewport-stable-height)] flex-col items-center justify-center",
        data_testid="loading-screen",
    )


def app_shell(*content: rx.Component, active_route: str, on_verified=None, settings_entry: bool = True) -> rx.Component:
    """Content only for a verified user; otherwise the screen that says why not.

    `on_verified` runs once the user is verified (it is mounted with the content),
    which is where a page loads what depends on who the user is.
    """
    shell = shell_contributions()
    verified = rx.fragment(
        *(overlay() for overlay in shell.overlays),
        rx.el.main(
            *content,
            on_mount=[*shell.on_verified, *([on_verified] if on_verified is not None else [])],
            # Room for the fixed bottom bar and Telegram's bottom inset.
            class_name="tma-safe-top mx-auto max-w-xl px-4 pb-[calc(4.5rem+var(--tg-safe-area-inset-bottom))]",
        ),
        bottom_nav(shell.nav_items, active_route),
        connection_banner(),
    )
    # Every page verifies on mount: a reopened app (new tab) always re-verifies.
    settings = settings_button() if settings_entry else rx.fragment()
    return rx.el.div(bridge_outlets(), queue_link(), settings, notice_banner(), rx.match(
        SessionState.auth_status,
        ("verified", verified),
        (
            "denied",
            status_screen("open_from_telegram_title", "open_from_telegram_body", test_id="open-from-telegram"),
        ),
        (
            "unavailable",
            status_screen(
                "unavailable_title",
                "unavailable_body",
                rx.el.button(
                    SessionState.strings["retry"],
                    on_click=SessionState.sign_in(bridge.init_data()),
                    class_name="mt-4 rounded-xl bg-tg-button px-5 py-2.5 text-tg-button-text",
                ),
                test_id="unavailable",
            ),
        ),
        watched(loading_screen()),
    ), on_mount=SessionState.sign_in(bridge.init_data()), class_name="contents")
