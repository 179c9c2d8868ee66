"""The bottom navigation: the items are data the assembly gives the shell (see ui/shell.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx

from tma_app.session.state import SessionState


@dataclass(frozen=True)
class NavItem:
    route: str
    label_key: str  # a message key (registered through tma_app.core.i18n)
    glyph: str
    admin_only: bool = False


def bottom_nav(items: Sequence[NavItem], active_route: str) -> rx.Component:
    links = [
        _nav_link(item, active_route)
        if not item.admin_only
        else rx.cond(SessionState.is_admin, _nav_link(item, active_route))
        for item in items
    ]
    return rx.el.nav(
        rx.el.div(*links, class_name="mx-auto flex max-w-xl"),
        class_name="tma-safe-bottom fixed inset-x-0 bottom-0 border-t border-tg-separator bg-tg-bottom-bar",
        data_testid="bottom-nav",
    )


def _nav_link(item: NavItem, active_route: str) -> rx.Component:
    return rx.el.a(
        rx.el.span(item.glyph, class_name="text-lg leading-none", aria_hidden="true"),
        rx.el.span(SessionState.strings[item.label_key], class_name="text-[11px]"),
        href=item.route,
        class_name=(
            "flex flex-1 flex-col items-center gap-0.5 py-2 "
            + ("text-tg-button" if item.route == active_route else "text-tg-hint")
        ),
        aria_current="page" if item.route == active_route else None,
    )
