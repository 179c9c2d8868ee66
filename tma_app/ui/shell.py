"""What the features give the app shell, handed over once by the assembly.

The shell (layout, status screens, notices, navigation) frames every page but imports
no feature. `tma_app.py` builds one `ShellContributions` (the nav items; overlays such
as gamification's level-up toast; the events they need once the user is verified) and
calls `configure_shell` before it adds pages. Reflex renders pages later, when the app
compiles, and `app_shell` reads the contributions then. A page rendered before the
shell was configured is an error, never a page silently missing its navigation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import reflex as rx
from reflex.event import EventHandler, EventSpec

from tma_app.ui.nav import NavItem


@dataclass(frozen=True)
class ShellContributions:
    nav_items: tuple[NavItem, ...] = ()
    # Each builds one component drawn on every verified page (called once per page).
    overlays: tuple[Callable[[], rx.Component], ...] = ()
    # Run on every page once the user is verified, before the page's own `on_verified`.
    on_verified: tuple[EventSpec | EventHandler, ...] = ()


_contributions: ShellContributions | None = None


def configure_shell(contributions: ShellContributions) -> None:
    """Called by the assembly before pages are added (a reloaded assembly calls it again: the last wins)."""
    global _contributions
    _contributions = contributions


def shell_contributions() -> ShellContributions:
    if _contributions is None:
        raise RuntimeError("the app shell is not configured: tma_app.py calls configure_shell() before adding pages")
    return _contributions
