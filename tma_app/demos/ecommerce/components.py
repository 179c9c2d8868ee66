"""The shop's own small building blocks: icons, the cart button, grid skeletons, empty states, summary rows.

What every screen shares (links, header, sections, steppers, chips, thumbnails) is in `tma_app.ui.primitives`.
"""

from __future__ import annotations

import reflex as rx

from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.session.state import SessionState
from tma_app.ui.primitives import TAP, link

DEMO = "ecommerce"
BASE = "/demos/ecommerce"
S = SessionState.strings
SECONDARY = f"{TAP} flex w-full items-center justify-center rounded-xl bg-tg-secondary-bg px-4 font-medium text-tg-link"
# The quantity steppers' names for screen readers.
QUANTITY_LABELS = (S["e_decrease"], S["e_increase"], S["e_quantity"])


# Line icons drawn in the text colour (shapes after Lucide, ISC licence): emoji fonts vary by device.
ICONS: dict[str, tuple[str, ...]] = {
    "bag": ("M6 2 3 6v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6l-3-4Z", "M3 6h18", "M16 10a4 4 0 0 1-8 0"),
    "box": ("M21 16V8a2 2 0 0 0-1-1.73l-7-4a2 2 0 0 0-2 0l-7 4A2 2 0 0 0 3 8v8a2 2 0 0 0 1 1.73l7 4a2 2 0 0 0 2 0l7-4"
            "A2 2 0 0 0 21 16z", "M3.3 7 12 12l8.7-5", "M12 22V12", "m7.5 4.27 9 5.15"),
    "sliders": ("M21 4h-7", "M10 4H3", "M21 12h-9", "M8 12H3", "M21 20h-5", "M12 20H3", "M14 2v4", "M8 10v4",
                "M16 18v4"),
    "search": ("M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16Z", "m21 21-4.3-4.3"),
    "check": ("M20 6 9 17l-5-5",),
    "close": ("M18 6 6 18", "m6 6 12 12"),
    "cash": ("M4 6h16a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2Z",
             "M12 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z", "M6 12h.01", "M18 12h.01"),
    "chevron": ("m6 9 6 6 6-6",),
}


def icon(name: str, class_name: str = "h-5 w-5") -> rx.Component:
    return rx.el.svg(
        *[rx.el.svg.path(d=d) for d in ICONS[name]],
        view_box="0 0 24 24",
        fill="none",
        stroke="currentColor",
        stroke_width="2",
        stroke_linecap="round",
        stroke_linejoin="round",
        class_name=f"shrink-0 {class_name}",
        aria_hidden="true",
    )


def icon_link(glyph: str, label, to, test_id: str, badge=None, surface: str = "bg-tg-secondary-bg") -> rx.Component:
    """A round header button: an icon, its name for screen readers, and an optional count."""
    return link(
        icon(glyph, "h-6 w-6"),
        rx.cond(badge > 0, rx.el.span(badge, class_name="absolute -right-0.5 -top-0.5 min-w-5 rounded-full "
                                      "bg-tg-button px-1.5 text-center text-xs font-semibold leading-5 "
                                      "text-tg-button-text ring-2 ring-tg-bg", data_testid="cart-count"))
        if badge is not None else rx.fragment(),
        to=to,
        aria_label=label,
        data_testid=test_id,
        class_name=f"relative flex h-11 w-11 items-center justify-center rounded-full {surface} text-tg-link",
    )


def cart_link(surface: str = "bg-tg-secondary-bg") -> rx.Component:
    return icon_link("bag", S["e_cart"], BASE + "/cart", "cart-link", EcommerceState.cart_count, surface)


def shop_links(*, orders: bool = True, cart: bool = True) -> list[rx.Component]:
    return [
        *([icon_link("box", S["e_orders"], BASE + "/orders", "orders-link")] if orders else []),
        *([cart_link()] if cart else []),
    ]


def grid_skeleton(cards: int = 4) -> rx.Component:
    card = rx.el.div(
        rx.el.div(class_name="aspect-square animate-pulse rounded-2xl bg-tg-secondary-bg"),
        rx.el.div(class_name="mt-2 h-4 w-1/2 animate-pulse rounded bg-tg-secondary-bg"),
        rx.el.div(class_name="mt-1.5 h-3 w-3/4 animate-pulse rounded bg-tg-secondary-bg"),
    )
    return rx.el.div(*[card for _ in range(cards)], class_name="grid grid-cols-2 gap-x-3 gap-y-5", aria_busy="true")


def empty_state(glyph: str, title, hint=None, *actions: rx.Component, test_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.div(icon(glyph, "h-9 w-9"), class_name="flex h-20 w-20 items-center justify-center rounded-full "
                  "bg-tg-secondary-bg text-tg-hint"),
        rx.el.p(title, class_name="mt-3 text-lg font-semibold text-tg-text"),
        rx.el.p(hint, class_name="mt-1 text-sm text-tg-hint") if hint is not None else rx.fragment(),
        rx.el.div(*actions, class_name="mt-5 w-full max-w-xs"),
        class_name="flex flex-col items-center px-6 py-14 text-center",
        data_testid=test_id,
    )


def row(label, value, *, strong: bool = False, **props) -> rx.Component:
    return rx.el.div(
        rx.el.dt(label, class_name="text-tg-hint" if not strong else "text-tg-text"),
        rx.el.dd(value, class_name="tabular-nums", **props),
        class_name="flex justify-between gap-3 px-4 py-3" + (" text-lg font-semibold text-tg-text" if strong
                                                              else " text-tg-text"),
    )
