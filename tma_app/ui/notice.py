"""The session's one-line notice: why something the user tried did not happen."""

import reflex as rx

from tma_app.session.state import SessionState


def notice_banner() -> rx.Component:
    return rx.cond(
        SessionState.notice != "",
        rx.el.div(
            rx.el.span(SessionState.notice, class_name="flex-1"),
            rx.el.button(
                "✕",
                on_click=SessionState.dismiss_notice,
                aria_label=SessionState.strings["dismiss"],
                class_name="px-2 text-tg-hint",
            ),
            role="status",
            class_name=(
                "fixed inset-x-3 top-[calc(0.75rem+var(--tg-safe-area-inset-top)+var(--tg-content-safe-area-inset-top))]"
                " z-50 flex items-center gap-2 rounded-xl bg-tg-secondary-bg px-4 py-3 text-sm text-tg-text shadow-lg"
            ),
            data_testid="notice",
        ),
    )
