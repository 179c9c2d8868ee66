"""The home call to action: its text and style are the homepage_cta experiment's variants.

Mounting it exposes the user (once, stored); tapping it is the experiment's
`cta_click` conversion, then the restaurant demo opens.
"""

from __future__ import annotations

import reflex as rx

from tma_app.experiments.state import ExperimentState
from tma_app.session.state import SessionState
from tma_app.ui.primitives import link

EXPERIMENT = "homepage_cta"
TARGET = "/demos/restaurant"
S = SessionState.strings


def _link(*children, variant: str, class_name: str) -> rx.Component:
    return link(
        *children,
        to=TARGET,
        on_click=ExperimentState.convert(EXPERIMENT, "cta_click"),
        custom_attrs={"data-variant": variant},
        class_name=class_name,
        data_testid="home-cta",
    )


def _control() -> rx.Component:
    return _link(
        S["cta_control"], rx.el.span("→", class_name="ml-1.5", aria_hidden="true"),
        variant="control",
        class_name="flex min-h-11 items-center rounded-2xl bg-tg-secondary-bg px-4 text-tg-link",
    )


def _variant_a() -> rx.Component:
    return _link(
        rx.el.span("⚡", class_name="mr-1.5", aria_hidden="true"), S["cta_variant_a"],
        variant="variant_a",
        class_name="flex min-h-12 items-center justify-center rounded-xl bg-tg-button px-4 font-semibold "
                   "text-tg-button-text shadow-sm",
    )


def _variant_b() -> rx.Component:
    return _link(
        rx.el.span("🚀", class_name="text-3xl leading-none", aria_hidden="true"),
        rx.el.span(
            rx.el.span(S["cta_variant_b_title"], class_name="block font-semibold text-tg-text"),
            rx.el.span(S["cta_variant_b_body"], class_name="block text-sm text-tg-link"),
            class_name="min-w-0",
        ),
        variant="variant_b",
        class_name="flex items-center gap-3 rounded-2xl border-2 border-tg-button px-4 py-3",
    )


def call_to_action() -> rx.Component:
    # The slot keeps one height whatever the variant, so nothing below it moves when it arrives.
    return rx.el.div(
        rx.match(
            ExperimentState.variants[EXPERIMENT],
            ("control", _control()),
            ("variant_a", _variant_a()),
            ("variant_b", _variant_b()),
            rx.el.div(class_name="h-12 animate-pulse rounded-2xl bg-tg-secondary-bg", aria_busy="true"),
        ),
        on_mount=ExperimentState.show(EXPERIMENT),
        class_name="mb-5 flex min-h-[4.5rem] flex-col justify-center",
    )
