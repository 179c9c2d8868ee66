"""The small pieces every screen is built from: links, the page header, pill links, skeletons."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

TAP = "min-h-11 min-w-11"  # 44 px touch targets


def link(*children, to, custom_attrs: dict | None = None, **props) -> rx.Component:
    """A client-side link; the route's code and data are prefetched on hover/touch (intent, not page load)."""
    return ReactRouterLink.create(*children, to=to, custom_attrs={"prefetch": "intent", **(custom_attrs or {})}, **props)


def header(title, *actions) -> rx.Component:
    """The page title, truncated rather than wrapped, with its action buttons on the right."""
    return rx.el.header(
        rx.el.h1(title, class_name="min-w-0 truncate text-2xl font-bold text-tg-text"),
        rx.el.div(*actions, class_name="flex shrink-0 gap-2"),
        class_name="flex items-center justify-between gap-3 pt-5 pb-3",
    )


def pill_link(label, to, test_id) -> rx.Component:
    return link(
        label, to=to, data_testid=test_id,
        class_name=f"{TAP} flex items-center rounded-full bg-tg-secondary-bg px-4 text-sm text-tg-link",
    )


def skeleton(rows: int = 3, height: str = "h-24") -> rx.Component:
    """Grey blocks of the content's size while it loads, so nothing moves when it arrives."""
    return rx.el.div(
        *[rx.el.div(class_name=f"{height} animate-pulse rounded-2xl bg-tg-secondary-bg") for _ in range(rows)],
        class_name="flex flex-col gap-3",
        aria_busy="true",
        data_testid="skeleton",
    )
