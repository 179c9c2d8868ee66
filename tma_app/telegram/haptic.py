"""Haptics from Python: all of Telegram's impact, notification and selection feedback.

    return haptic.success()                  # from an event handler
    rx.el.button(..., **haptic.tap("light"))  # on a component's tap, no server trip
"""

from __future__ import annotations

import reflex as rx

from tma_app.telegram import commands
from tma_app.telegram.state import run


def impact(style: str = "light") -> rx.event.EventSpec:
    return run(commands.haptic(f"impact:{style}"))


def notification(kind: str) -> rx.event.EventSpec:
    return run(commands.haptic(f"notification:{kind}"))


def selection() -> rx.event.EventSpec:
    return run(commands.haptic("selection"))


def success() -> rx.event.EventSpec:
    return notification("success")


def warning() -> rx.event.EventSpec:
    return notification("warning")


def error() -> rx.event.EventSpec:
    return notification("error")


def tap(style: str = "light") -> dict[str, str]:
    """Props that make a component's tap play feedback in the page itself."""
    spec = "selection" if style == "selection" else (
        f"notification:{style}" if style in commands.NOTIFICATION_TYPES else f"impact:{style}"
    )
    commands.haptic(spec)  # validates
    return {"data_tma_haptic": spec}
