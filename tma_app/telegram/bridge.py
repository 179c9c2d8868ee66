"""Python's side of the Telegram bridge: what goes in <head>, and calls into it.

The JavaScript half lives in assets/tma/bridge.js; no other module touches
window.Telegram.
"""

from __future__ import annotations

import reflex as rx

TELEGRAM_SCRIPT_URL = "https://telegram.org/js/telegram-web-app.js?59"
BRIDGE_SCRIPT_URL = "/tma/bridge.js"


def head_scripts(mock_script_url: str | None = None) -> list[rx.Component]:
    """Telegram's script first (as Telegram asks), an optional dev mock, then the bridge."""
    scripts = [rx.el.script(src=TELEGRAM_SCRIPT_URL)]
    if mock_script_url:
        scripts.append(rx.el.script(src=mock_script_url))
    scripts.append(rx.el.script(src=BRIDGE_SCRIPT_URL))
    return scripts


def read_init_data(callback) -> rx.event.EventSpec:
    """Ask the page for the raw signed initData and hand it to `callback`."""
    return rx.call_script("window.tmaBridge ? window.tmaBridge.initData() : ''", callback=callback)
