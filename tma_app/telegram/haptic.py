"""Haptics from Python: all of Telegram's impact, notification and selection feedback.

    return haptic.success()                  # from an event handler
    rx.el.button(..., **haptic.tap("light"))  # on a component's tap, no server trip
"""

from __future__ import annotations

from reflex.event import EventSpec

from tma_app.telegram import commands
from tma_app.telegram.state import run


def impact(style: str = "light") -> EventSpec:
    return run(commands.haptic(f"impact:{style}"))


def notification(kind: str) -> EventSpec:
    return run(commands.haptic(f"notification:{kind}"))


def selection() -> EventSpec:
    return run(commands.haptic("selection"))


def success() -> EventSpec:
    return notification("success")


def warning() -> EventSpec:
    return notification("warning")


def error() -> EventSpec:
    return notification("error")


def tap(style: str = "light") -> dict[str, str]:
    """Props that make a component's tap play feedback in the page itself."""
    spec = "selection" if style == "selection" else (
        f"notification:{style}" if style in commands.NOTIFICATION_TYPES else f"impact:{style}"
    )
    commands.haptic(spec)  # validates
    return {"data_tma_haptic": spec}
