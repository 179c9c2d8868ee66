"""The one-line notice: why something the user tried did not happen.

Two owners write a notice: the session (a refused or failed action) and the Telegram
bridge (a call that failed with nobody waiting for its result). One banner shows them.
The bridge's line wins while it is set, because session notices such as "Added to the
cart" stay until dismissed and must not hide a failure that came after them; ✕ clears both.
"""

import reflex as rx

from tma_app.session.state import SessionState
from tma_app.telegram.state import TelegramState


def notice_banner() -> rx.Component:
    return rx.cond(
        (SessionState.notice != "") | (TelegramState.notice != ""),
        rx.el.div(
            rx.el.span(rx.cond(TelegramState.notice != "", TelegramState.notice, SessionState.notice),
                       class_name="flex-1"),
            rx.el.button(
                "✕",
                on_click=[SessionState.dismiss_notice, TelegramState.dismiss_notice],
                aria_label=SessionState.strings["dismiss"],
                class_name="px-2 text-tg-hint",
            ),
            role="status",
            class_name=(
                "fixed inset-x-3 "
                "top-[calc(0.75rem+var(--tg-safe-area-inset-top)+var(--tg-content-safe-area-inset-top))]"
                " z-50 flex items-center gap-2 rounded-xl bg-tg-secondary-bg px-4 py-3 text-sm text-tg-text shadow-lg"
            ),
            data_testid="notice",
        ),
    )
