"""What a screen renders to drive Telegram's native UI (read by frontend/workbox/src/bridge.js).

A screen declares its buttons by rendering them; leaving the screen unmounts the
elements and the bridge hides the native buttons again.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from tma_app.telegram.state import TelegramState


def _attrs(**values) -> dict:
    return {f"data_{k}": v for k, v in values.items() if v is not None}


def main_button(
    text,
    on_click,
    *,
    visible=True,
    active=True,
    progress=False,
    shine=False,
    color: str | None = None,
    text_color: str | None = None,
) -> rx.Component:
    """Telegram's MainButton bound to state: any argument may be a Var."""
    return rx.el.button(
        text,
        on_click=on_click,
        hidden=True,
        data_tma_main_button="",
        **_attrs(text=text, visible=visible, active=active, progress=progress, shine=shine, color=color,
                 text_color=text_color),
    )


def secondary_button(text, on_click, *, visible=True, active=True, progress=False, shine=False,
                     position: str = "left", color: str | None = None, text_color: str | None = None) -> rx.Component:
    return rx.el.button(
        text,
        on_click=on_click,
        hidden=True,
        data_tma_secondary_button="",
        **_attrs(text=text, visible=visible, active=active, progress=progress, shine=shine, position=position,
                 color=color, text_color=text_color),
    )


def back_button(fallback: str = "/") -> rx.Component:
    """On inner pages: Telegram's Back walks in-app history, else goes to `fallback`."""
    return ReactRouterLink.create(to=fallback, hidden=True, data_tma_back_button="")


def settings_button(route: str = "/settings") -> rx.Component:
    return ReactRouterLink.create(to=route, hidden=True, data_tma_settings_button="")


def closing_confirmation(when) -> rx.Component:
    """Ask before closing while `when` is true (for example: a form has unsaved input)."""
    return rx.cond(when, rx.el.span(hidden=True, data_tma_closing_confirmation=""))


def no_vertical_swipes() -> rx.Component:
    """For screens whose own vertical gestures clash with Telegram's swipe-to-close."""
    return rx.el.span(hidden=True, data_tma_no_vertical_swipes="")


def bridge_outlets() -> rx.Component:
    """Rendered once per page: the command queue and the two inbound channels."""
    return rx.fragment(
        rx.el.div(hidden=True, data_tma_commands=TelegramState.commands_json),
        rx.el.button(
            id="tma-viewport-sync",
            hidden=True,
            # The prerendered page has this button before React has bound its click: the bridge's
            # first sync waits for hydration to be done, or that click would be lost.
            data_tma_ready=rx.State.is_hydrated.to_string(),
            on_click=TelegramState.sync_viewport(
                rx.Var(_js_expr="(window.tmaBridge ? window.tmaBridge.viewportState() : {})", _var_type=dict)
            ),
        ),
        rx.el.button(
            id="tma-result-sink",
            hidden=True,
            on_click=TelegramState.receive_results(
                rx.Var(_js_expr="(window.tmaBridge ? window.tmaBridge.takeResults() : [])", _var_type=list)
            ),
        ),
    )
