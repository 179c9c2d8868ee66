"""Python's side of the Telegram bridge: what goes in <head>, and calls into it.

The JavaScript half lives in frontend/workbox/src/bridge.js (served minified as /tma/bridge.js);
no other module touches window.Telegram.
"""

from __future__ import annotations

import reflex as rx

BRIDGE_SCRIPT_URL = "/tma/bridge.js"


def head_scripts(telegram_script_url: str, mock_script_url: str | None = None) -> list[rx.Component]:
    """Telegram's script first (as Telegram asks), an optional dev mock, then the bridge.

    In production Telegram's script is async: on a cold launch its 17 KB from another origin held
    the first paint back (docs/perf.md, "Lighthouse: first screen inside Telegram"), and the bridge
    reads the theme and initData from the launch hash itself, binding Telegram.WebApp once the
    script has run. The dev mock must see whether that script made a real WebApp, so with a mock
    Telegram's script stays blocking.
    """
    if mock_script_url:
        return [
            rx.el.script(src=telegram_script_url, custom_attrs={"data-tma-telegram": ""}),
            rx.el.script(src=mock_script_url),
            rx.el.script(src=BRIDGE_SCRIPT_URL),
        ]
    return [
        rx.el.script(src=telegram_script_url, async_=True, custom_attrs={"data-tma-telegram": ""}),
        rx.el.script(src=BRIDGE_SCRIPT_URL),
    ]


def time_zone() -> rx.Var[str]:
    """The device's IANA time zone as the bridge kept it, read when the event fires; "" until the
    bridge has read it at an idle moment after a first launch (a hint: the server validates it)."""
    return rx.Var(_js_expr="(window.tmaBridge && window.tmaBridge.timeZone ? window.tmaBridge.timeZone() : '')",
                  _var_type=str)


def init_data() -> rx.Var[str]:
    """The raw signed initData, read in the page when the event fires.

    A compiled expression rather than `rx.call_script`: the server never sends
    code to evaluate, so the Content-Security-Policy needs no 'unsafe-eval'.
    """
    return rx.Var(_js_expr="(window.tmaBridge ? window.tmaBridge.initData() : '')", _var_type=str)
