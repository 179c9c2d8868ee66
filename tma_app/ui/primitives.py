"""The small pieces every screen is built from: links, the page header, pill links, skeletons,
sections and their headings, thumbnails, choice chips, steppers, the load-failed message."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink

from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.picture import picture

TAP = "min-h-11 min-w-11"  # 44 px touch targets
SECTION = "overflow-hidden rounded-2xl bg-tg-secondary-bg"
LIST = SECTION + " divide-y divide-tg-separator"
HEADING = "mb-2 mt-6 px-1 text-xs font-medium uppercase tracking-wide text-tg-section-header"
PRIMARY = "flex h-12 w-full items-center justify-center rounded-xl bg-tg-button font-medium text-tg-button-text"


def link(*children, to, custom_attrs: dict | None = None, **props) -> rx.Component:
    """A client-side link; the route's code and data are prefetched on hover/touch (intent, not page load)."""
    attrs = {"prefetch": "intent", **(custom_attrs or {})}
    return ReactRouterLink.create(*children, to=to, custom_attrs=attrs, **props)


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


def section_heading(title, **props) -> rx.Component:
    """The small caps title above a section of a screen."""
    return rx.el.h2(title, class_name=HEADING, **props)


def thumb(props, width: str = "w-16", rounded: str = "rounded-xl") -> rx.Component:
    """A picture of a list row, at a fixed width that never shrinks."""
    return rx.el.div(picture(props, rounded), class_name=f"{width} shrink-0")


def choice_chip(label, *, selected, on_click, **props) -> rx.Component:
    """A pill that filters or picks, filled while it is the chosen one."""
    return rx.el.button(
        label,
        on_click=on_click,
        aria_pressed=selected,
        class_name=rx.cond(selected, "bg-tg-button text-tg-button-text", "bg-tg-secondary-bg text-tg-text").to(str)
        + f" {TAP} shrink-0 whitespace-nowrap rounded-full px-4 text-sm font-medium",
        **props,
        **haptic.tap("selection"),
    )


def stepper(value, *, on_decrease, on_increase, labels: tuple, test_id: str, can_decrease=True, can_increase=True,
            size: str = "h-11 w-11", surface: str = "bg-tg-secondary-bg") -> rx.Component:
    """− value +: each button is a 44 px target whatever size its visible circle is.

    `labels` are the screen reader's names: (one less, one more, the quantity). Test ids are
    `{test_id}-decrease`, `{test_id}-increase` and `{test_id}-quantity`.
    """
    decrease, increase, quantity = labels

    def button(glyph: str, on_click, enabled, label, which: str) -> rx.Component:
        return rx.el.button(
            rx.el.span(glyph, class_name=f"flex {size} items-center justify-center rounded-full {surface} text-xl "
                       "text-tg-text", aria_hidden="true"),
            on_click=on_click, disabled=~enabled if isinstance(enabled, rx.Var) else not enabled, aria_label=label,
            class_name="flex h-11 w-11 items-center justify-center disabled:opacity-40",
            data_testid=f"{test_id}-{which}", **haptic.tap("light"),
        )

    return rx.el.div(
        button("−", on_decrease, can_decrease, decrease, "decrease"),
        rx.el.span(value, class_name="w-6 text-center text-base font-semibold tabular-nums text-tg-text",
                   aria_live="polite", data_testid=f"{test_id}-quantity"),
        button("+", on_increase, can_increase, increase, "increase"),
        class_name="flex items-center",
        role="group",
        aria_label=quantity,
    )


def failed(message, retry=None, test_id: str = "failed") -> rx.Component:
    """What a screen says when it could not load, with a retry button when there is one."""
    return rx.el.div(
        rx.el.p(message, class_name="text-tg-hint"),
        rx.el.button(SessionState.strings["retry"], on_click=retry,
                     class_name=f"{TAP} mt-3 rounded-full bg-tg-secondary-bg px-5 text-tg-link")
        if retry is not None else rx.fragment(),
        class_name="mt-10 flex flex-col items-center px-6 text-center",
        role="alert",
        data_testid=test_id,
    )
