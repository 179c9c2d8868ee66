"""The fitness screens' own building blocks: the empty state, chips, the labelled
steppers, stats and the progress chart (shared pieces are in `tma_app.ui.primitives`)."""

from __future__ import annotations

import reflex as rx

from tma_app.demos.fitness.chart import HEIGHT, WIDTH
from tma_app.session.state import SessionState
from tma_app.telegram import haptic

BASE = "/demos/fitness"
S = SessionState.strings
CHIP = "rounded-full px-2 py-0.5 text-xs text-tg-hint"


def empty(message, *actions) -> rx.Component:
    return rx.el.div(
        rx.el.p(message, class_name="text-tg-hint"),
        *actions,
        class_name="flex flex-col items-center gap-3 rounded-2xl bg-tg-secondary-bg px-6 py-8 text-center",
        data_testid="empty",
    )


def chip(label, background: str = "bg-tg-bg") -> rx.Component:
    return rx.el.span(label, class_name=f"{CHIP} {background}")


def stepper(label, value, *, minus, plus, minus_label, plus_label, test_id: str) -> rx.Component:
    """A number with − and + around it, each a 44 px target that clicks with a selection haptic."""
    button = "flex h-11 w-11 shrink-0 items-center justify-center rounded-full bg-tg-bg text-2xl text-tg-text"
    return rx.el.div(
        rx.el.p(label, class_name="text-xs font-medium uppercase tracking-wide text-tg-section-header"),
        rx.el.div(
            rx.el.button("−", on_click=minus, aria_label=minus_label, class_name=button,
                         data_testid=f"{test_id}-minus", **haptic.tap("selection")),
            rx.el.span(value, class_name="min-w-0 flex-1 text-center text-2xl font-semibold tabular-nums text-tg-text",
                       aria_live="polite", data_testid=test_id),
            rx.el.button("+", on_click=plus, aria_label=plus_label, class_name=button,
                         data_testid=f"{test_id}-plus", **haptic.tap("selection")),
            class_name="mt-2 flex items-center gap-1",
        ),
        role="group",
        aria_label=label,
        class_name="min-w-0 flex-1 rounded-2xl bg-tg-secondary-bg p-3",
    )


def stat(label, value, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.dt(label, class_name="text-xs text-tg-hint"),
        rx.el.dd(value, class_name="mt-0.5 text-xl font-semibold tabular-nums text-tg-text", data_testid=test_id),
        class_name="rounded-2xl bg-tg-secondary-bg p-3",
    )


def volume_chart(bars: rx.Var[list[dict]], label, first_day, last_day) -> rx.Component:
    """Inline SVG bars from the server's geometry (`chart.volume_bars`); today's bar in full colour."""

    def track(b: rx.Var[dict]) -> rx.Component:
        return rx.el.svg.rect(x=b["x"].to(str), y="0", width=b["width"].to(str), height=str(HEIGHT), rx="1.5",
                              class_name="fill-tg-bg")

    def bar(b: rx.Var[dict]) -> rx.Component:
        today = b["today"].to(bool)
        return rx.el.svg.rect(
            rx.el.svg.title(b["title"].to(str)),
            x=b["x"].to(str), y=b["y"].to(str), width=b["width"].to(str), height=b["height"].to(str),
            rx="1.5",
            class_name=rx.cond(today, "fill-tg-button", "fill-tg-button opacity-50"),
            data_testid="chart-bar",
            data_day=b["day"].to(str),
            data_today=rx.cond(today, "true", "false"),
        )

    return rx.el.figure(
        rx.el.svg(
            rx.foreach(bars, track),
            rx.foreach(bars, bar),
            view_box=f"0 0 {WIDTH} {HEIGHT}",
            role="img",
            aria_label=label,
            class_name="block h-auto w-full overflow-visible",
            data_testid="chart",
        ),
        rx.el.figcaption(
            rx.el.span(first_day), rx.el.span(last_day),
            class_name="mt-1.5 flex justify-between text-xs text-tg-hint",
        ),
    )
