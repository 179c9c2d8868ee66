"""A demo's onboarding, shaped by the demo_flow experiment.

    standard    a card: how this demo works, in three steps, and "Got it"
    simplified  a single line with the same gist

Mounting it exposes the user to demo_flow; the conversion is the demo's
`demo_complete` (tma_app/experiments/subscribers.py). Dismissing it is
remembered on the device, per demo.

The variant is known only once the server has answered, and the card or the tip
sits above the demo's screen: shown as it arrived, it pushed the screen down (a
layout shift of 0.03-0.2 on the demos' first screens). So the screen below it is
given to `demo_onboarding` and held behind a skeleton until the variant is known:
both then appear at once and nothing already on screen moves.
"""

from __future__ import annotations

import reflex as rx

from tma_app.demo_catalog.events import DEMO_IDS
from tma_app.experiments.state import ExperimentState
from tma_app.session.state import SessionState
from tma_app.ui.primitives import skeleton

EXPERIMENT = "demo_flow"
S = SessionState.strings


class OnboardingState(rx.State):
    # "|restaurant|fitness|": the demos whose onboarding this device dismissed.
    dismissed: str = rx.LocalStorage("", name="tma-onboarding-dismissed")

    @rx.event
    def dismiss(self, demo_id: str):
        if demo_id in DEMO_IDS and f"|{demo_id}|" not in self.dismissed:
            self.dismissed = (self.dismissed or "|") + f"{demo_id}|"


def _steps_card(demo_id: str) -> rx.Component:
    return rx.el.section(
        rx.el.h2(S["onboarding_title"], class_name="font-semibold text-tg-text"),
        rx.el.ol(
            *[rx.el.li(S[f"onboarding_{demo_id}_{n}"], class_name="ml-5 list-decimal") for n in (1, 2, 3)],
            class_name="mt-2 flex flex-col gap-1 text-sm text-tg-subtitle",
        ),
        rx.el.button(
            S["onboarding_done"],
            on_click=OnboardingState.dismiss(demo_id),
            class_name="mt-3 min-h-11 w-full rounded-xl bg-tg-button px-4 text-tg-button-text",
            data_testid="onboarding-done",
        ),
        class_name="mb-3 rounded-2xl bg-tg-secondary-bg p-4",
        data_testid="onboarding-standard",
    )


def _tip(demo_id: str) -> rx.Component:
    return rx.el.p(
        rx.el.span(S[f"onboarding_{demo_id}_tip"], class_name="flex-1"),
        rx.el.button("×", on_click=OnboardingState.dismiss(demo_id), aria_label=S["dismiss"],
                     class_name="min-h-11 min-w-11 text-lg text-tg-hint", data_testid="onboarding-done"),
        class_name="mb-3 flex items-center gap-2 pl-1 text-sm text-tg-hint",
        data_testid="onboarding-simplified",
    )


def demo_onboarding(demo_id: str, *screen: rx.Component, placeholder: rx.Component | None = None) -> rx.Component:
    """The onboarding, then the demo's `screen`; `placeholder` (grey rows) until both can show."""
    if demo_id not in DEMO_IDS:
        raise ValueError(f"unknown demo {demo_id!r}")
    dismissed = OnboardingState.dismissed.contains(f"|{demo_id}|")
    return rx.el.div(
        rx.cond(
            dismissed | ExperimentState.variants.contains(EXPERIMENT),
            rx.fragment(
                rx.cond(
                    dismissed,
                    rx.fragment(),
                    rx.match(
                        ExperimentState.variants[EXPERIMENT],
                        ("standard", _steps_card(demo_id)),
                        ("simplified", _tip(demo_id)),
                        rx.fragment(),
                    ),
                ),
                *screen,
            ),
            placeholder if placeholder is not None else skeleton(4),
        ),
        on_mount=ExperimentState.show(EXPERIMENT),
    )
