"""The home screen: greeting, the call to action (an experiment) and the demo catalog."""

from __future__ import annotations

import reflex as rx

from tma_app.demo_catalog.models import DemoCard
from tma_app.home.cta import call_to_action
from tma_app.home.state import HomeState
from tma_app.session.state import SessionState
from tma_app.ui.layout import app_shell
from tma_app.ui.marks import painted_mark
from tma_app.ui.primitives import link


def demo_card(card: rx.Var[DemoCard]) -> rx.Component:
    body = rx.el.div(
        rx.el.span(card.icon, class_name="text-3xl leading-none", aria_hidden="true"),
        rx.el.div(
            rx.el.h3(card.title, class_name="font-semibold text-tg-text"),
            rx.el.p(card.summary, class_name="mt-0.5 text-sm text-tg-subtitle"),
            rx.cond(
                card.is_available,
                rx.el.span(SessionState.strings["demo_open"], class_name="mt-2 inline-block text-sm text-tg-link"),
                rx.el.span(
                    SessionState.strings["demo_not_ready"],
                    class_name="mt-2 inline-block rounded-full bg-tg-bg px-2 py-0.5 text-xs text-tg-hint",
                ),
            ),
            class_name="min-w-0",
        ),
        class_name="flex gap-3 rounded-2xl bg-tg-secondary-bg p-4",
    )
    return rx.cond(
        card.is_available,
        # Client-side navigation; the demo's code is prefetched on hover/touch, not on load.
        link(body, to=card.href, class_name="block", data_testid="demo-card"),
        rx.el.div(body, aria_disabled="true", data_testid="demo-card"),
    )


# What a user opened the app for: the greeting with their name and the catalog (bench/telegram_first_screen.py).
REAL_CONTENT_MARK = "tma:real-content"


def home_page() -> rx.Component:
    cards = HomeState.cards_by_language[SessionState.language]
    return app_shell(
        painted_mark(REAL_CONTENT_MARK, (SessionState.first_name != "") & (cards.length() > 0)),
        rx.el.header(
            rx.el.h1(SessionState.greeting, class_name="text-2xl font-bold text-tg-text", data_testid="greeting"),
            rx.el.p(SessionState.strings["home_intro"], class_name="mt-1 text-sm text-tg-hint"),
            class_name="pt-5 pb-4",
        ),
        call_to_action(),
        rx.el.section(
            rx.el.h2(
                SessionState.strings["demos_heading"],
                class_name="mb-2 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header",
            ),
            rx.el.div(
                rx.foreach(cards, demo_card),
                class_name="flex flex-col gap-3",
            ),
        ),
        active_route="/",
    )
