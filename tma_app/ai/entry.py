"""The contextual way into the assistant from a demo screen: a link that names where the user is.

The link only says which demo, screen and item; the assistant's server side reads the facts
itself for the verified user (ai/context.py), so nothing the page sends is taken as a fact.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.primitives import TAP, link

ROUTE = "/assistant"


def ask_entry(demo: str, screen: str, item: rx.Var[str] | str | None = None) -> rx.Component:
    """A small "Ask the assistant" pill for a demo screen; `item` may be a state var (the dish's slug)."""
    target = f"{ROUTE}?demo={demo}&screen={screen}"
    if item is not None:
        target = f"{target}&item={item}"
    return link(
        rx.el.span("✦", aria_hidden="true", class_name="mr-1"),
        SessionState.strings["ai_ask_entry"],
        to=target,
        data_testid="ask-assistant",
        class_name=f"{TAP} inline-flex items-center rounded-full bg-tg-secondary-bg px-4 text-sm text-tg-link",
        **_tap_feedback(),
    )


def _tap_feedback() -> dict[str, Any]:
    return dict(haptic.tap("light"))
