"""The restaurant demo's screens: menu, dish, cart with checkout, orders."""

from __future__ import annotations

import reflex as rx

from tma_app.ai.entry import ask_entry
from tma_app.demos.onboarding import demo_onboarding
from tma_app.demos.restaurant.cart_state import RestaurantCartState, RestaurantOrdersState
from tma_app.demos.restaurant.online_payment import KIND as ONLINE_KIND
from tma_app.demos.restaurant.state import RestaurantDishState, RestaurantMenuState, preload_menu
from tma_app.demos.visit import demo_visit
from tma_app.offline.components import QUEUED_LOOK, is_queued
from tma_app.offline.durable import durable
from tma_app.payments.components import buy_button, payment_status
from tma_app.session.first_screen import register_first_screen
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button, main_button
from tma_app.telegram.state import TelegramState
from tma_app.ui.layout import app_shell
from tma_app.ui.location import current_path
from tma_app.ui.optimistic import Optimistic
from tma_app.ui.picture import picture
from tma_app.ui.primitives import (
    HEADING,
    LIST,
    PRIMARY,
    SECTION,
    TAP,
    choice_chip,
    failed,
    header,
    link,
    pill_link,
    section_heading,
    skeleton,
    stepper,
    thumb,
)

DEMO = "restaurant"
BASE = "/demos/restaurant"
S = SessionState.strings
# The quantity steppers' names for screen readers.
QUANTITY_LABELS = (S["r_decrease"], S["r_increase"], S["r_quantity"])
cart_quantities = Optimistic("restaurant_cart_quantities")


def ask_row(screen: str, item: rx.Var[str] | None = None) -> rx.Component:
    """The way into the assistant, at the end of a screen's loaded content (it never moves what is above)."""
    return rx.el.div(ask_entry(DEMO, screen, item), class_name="mt-6 flex justify-center")


# ---- menu ----

def dish_row(dish: rx.Var[dict]) -> rx.Component:
    return link(
        thumb(dish["picture"], "w-24"),
        rx.el.div(
            rx.el.h3(dish["name"].to(str), class_name="font-semibold text-tg-text"),
            rx.el.p(dish["description"].to(str), class_name="mt-0.5 line-clamp-2 text-sm text-tg-subtitle"),
            rx.cond(
                dish["is_available"].to(bool),
                rx.el.p(rx.cond(dish["has_options"].to(bool), S["r_from"] + " ", ""), dish["price"].to(str),
                        class_name="mt-1 text-sm font-medium text-tg-text"),
                rx.el.p(S["r_sold_out"], class_name="mt-1 text-sm text-tg-destructive"),
            ),
            class_name="min-w-0 flex-1",
        ),
        to=BASE + "/dish/" + dish["slug"].to(str),
        class_name="flex gap-3 p-3",
        data_testid="dish-row",
    )


def menu_page() -> rx.Component:
    return app_shell(
        demo_visit(DEMO),
        back_button("/"),
        header(S["r_title"], pill_link(S["r_orders"], BASE + "/orders", "orders-link"),
               pill_link(S["r_cart"], BASE + "/cart", "cart-link")),
        demo_onboarding(
            "restaurant",
            rx.el.input(
                type="search",
                placeholder=S["r_search"],
                aria_label=S["r_search"],
                default_value=RestaurantMenuState.query,
                on_change=RestaurantMenuState.search.debounce(300),
                class_name=f"{TAP} w-full rounded-xl bg-tg-secondary-bg px-4 text-tg-text outline-none",
                data_testid="menu-search",
            ),
            rx.el.div(
                choice_chip(S["r_all"], selected=RestaurantMenuState.category == "",
                            on_click=RestaurantMenuState.pick_category("")),
                rx.foreach(
                    RestaurantMenuState.categories,
                    lambda c: choice_chip(c["name"], selected=RestaurantMenuState.category == c["slug"],
                                          on_click=RestaurantMenuState.pick_category(c["slug"]),
                                          data_testid="category-chip"),
                ),
                class_name="-mx-4 mt-3 flex gap-2 overflow-x-auto px-4 pb-1",
            ),
            rx.cond(
                RestaurantMenuState.loading,
                rx.el.div(skeleton(4), class_name="mt-4"),
                rx.cond(
                    RestaurantMenuState.failed,
                    failed(S["r_load_failed"]),
                    rx.cond(
                        RestaurantMenuState.sections.length() == 0,
                        rx.el.p(S["r_nothing_found"], class_name="mt-6 text-center text-tg-hint"),
                        rx.el.div(
                            rx.foreach(
                                RestaurantMenuState.sections,
                                lambda section: rx.el.section(
                                    section_heading(section["name"].to(str)),
                                    rx.el.div(rx.foreach(section["dishes"].to(list[dict]), dish_row), class_name=LIST),
                                ),
                            ),
                            ask_row("menu"),
                        ),
                    ),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=RestaurantMenuState.open,
    )


# ---- dish ----

def option_button(group: rx.Var[dict], option: rx.Var[dict]) -> rx.Component:
    selected = RestaurantDishState.chosen.contains(option["id"])
    return rx.el.button(
        rx.el.span(option["name"].to(str), class_name="flex-1 text-left"),
        rx.el.span(option["delta"].to(str), class_name="text-sm text-tg-hint"),
        rx.el.span(rx.cond(selected, "✓", ""), class_name="w-5 text-right text-tg-button", aria_hidden="true"),
        on_click=RestaurantDishState.choose(group["slug"].to(str), option["id"].to(int)),
        role=rx.cond(group["kind"].to(str) == "single", "radio", "checkbox"),
        aria_checked=selected,
        class_name=f"{TAP} flex w-full items-center gap-2 border-b border-tg-separator px-4 py-3 text-tg-text "
                   "last:border-0",
        data_testid="dish-option",
        **haptic.tap("selection"),
    )


def dish_page() -> rx.Component:
    add_label = S["r_add"] + " · " + RestaurantDishState.price
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE),
        rx.cond(
            RestaurantDishState.loading,
            rx.el.div(rx.el.div(class_name="aspect-[4/3] animate-pulse rounded-2xl bg-tg-secondary-bg"), skeleton(2),
                      class_name="flex flex-col gap-3 pt-4"),
            rx.cond(
                RestaurantDishState.missing,
                failed(S["r_load_failed"]),
                rx.fragment(
                    main_button(add_label, RestaurantDishState.add(RestaurantDishState.add_key),
                                active=RestaurantDishState.dish["is_available"].to(bool)),
                    rx.el.div(picture(RestaurantDishState.dish["picture"], "rounded-2xl"), class_name="pt-4"),
                    rx.el.h1(RestaurantDishState.dish["name"].to(str),
                             class_name="mt-3 text-2xl font-bold text-tg-text", data_testid="dish-name"),
                    rx.el.p(RestaurantDishState.dish["description"].to(str), class_name="mt-1 text-tg-subtitle"),
                    rx.foreach(
                        RestaurantDishState.groups,
                        lambda group: rx.el.section(
                            section_heading(group["name"].to(str)),
                            rx.el.div(rx.foreach(group["options"].to(list[dict]), lambda o: option_button(group, o)),
                                      class_name=SECTION,
                                      role=rx.cond(group["kind"].to(str) == "single", "radiogroup", "group")),
                        ),
                    ),
                    rx.el.div(
                        # Never disabled: a tap past the bounds is answered with a warning haptic.
                        stepper(RestaurantDishState.quantity, on_decrease=RestaurantDishState.change_quantity(-1),
                                on_increase=RestaurantDishState.change_quantity(1), labels=QUANTITY_LABELS,
                                test_id="dish"),
                        rx.el.span(RestaurantDishState.price, class_name="ml-auto text-xl font-semibold text-tg-text",
                                   data_testid="dish-price"),
                        class_name="mt-5 flex items-center gap-3",
                    ),
                    rx.cond(
                        ~TelegramState.in_telegram,
                        rx.el.button(add_label, on_click=RestaurantDishState.add(RestaurantDishState.add_key),
                                     class_name=PRIMARY + " mt-5"),
                    ),
                    ask_row("dish", RestaurantDishState.dish["slug"].to(str)),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=RestaurantDishState.open(current_path()),
    )


# ---- cart and checkout ----

def place_order() -> rx.Var:
    """Queued with the checkout as the screen shows it: offline it is sent once the user is online."""
    cart = RestaurantCartState
    return durable(cart.place_order(cart.order_key, cart.mode, cart.slot, cart.address),
                   target="restaurant:order", kind="order")


def cart_line(line: rx.Var[dict]) -> rx.Component:
    key = line["key"].to(str)
    server_quantity = line["quantity"].to(int)
    shown = cart_quantities.shown(key, server_quantity, RestaurantCartState.acked).to(int)
    queued = is_queued("restaurant:line:" + key)

    def change(quantity):
        return cart_quantities.change(
            key, quantity,
            lambda stamp: durable(RestaurantCartState.set_quantity(line["id"].to(int), quantity, stamp),
                                  target="restaurant:line:" + key),
        )

    return rx.el.div(
        thumb(line["picture"], "w-16", "rounded-lg"),
        rx.el.div(
            rx.el.p(line["name"].to(str), class_name="font-medium text-tg-text"),
            rx.el.p(line["options"].to(str), class_name="text-xs text-tg-hint"),
            rx.el.p(line["total"].to(str), class_name="mt-0.5 text-sm text-tg-text"),
            class_name="min-w-0 flex-1",
        ),
        # Never disabled: one less than one removes the line, the server refuses past the maximum.
        stepper(shown, on_decrease=change(shown - 1), on_increase=change(shown + 1), labels=QUANTITY_LABELS,
                test_id="line", surface="bg-tg-bg"),
        class_name=rx.cond(queued, "flex items-center gap-3 p-3" + QUEUED_LOOK, "flex items-center gap-3 p-3"),
        data_testid="cart-line",
        data_queued=queued,
    )


def segmented(value, options) -> rx.Component:
    return rx.el.div(
        *[
            rx.el.button(
                label, on_click=RestaurantCartState.choose_mode(mode),
                class_name=rx.cond(value == mode, "bg-tg-button text-tg-button-text", "text-tg-text").to(str)
                + f" {TAP} flex-1 rounded-xl text-sm",
                role="radio", aria_checked=value == mode, data_testid=f"mode-{mode}", **haptic.tap("selection"),
            )
            for mode, label in options
        ],
        role="radiogroup",
        class_name="flex gap-1 rounded-2xl bg-tg-secondary-bg p-1",
    )


def cart_page() -> rx.Component:
    order_label = S["r_order"] + " " + RestaurantCartState.order_label
    has_lines = RestaurantCartState.lines.length() > 0
    return app_shell(
        demo_visit(DEMO),
        cart_quantities.pending,
        back_button(BASE),
        header(S["r_cart"], pill_link(S["r_orders"], BASE + "/orders", "orders-link")),
        rx.cond(
            RestaurantCartState.loading,
            skeleton(2),
            rx.cond(
                has_lines,
                rx.fragment(
                    main_button(order_label, place_order(),
                                progress=RestaurantCartState.placing, active=~RestaurantCartState.placing),
                    rx.el.div(rx.foreach(RestaurantCartState.lines, cart_line), class_name=LIST),
                    rx.el.div(segmented(RestaurantCartState.mode,
                                        [("pickup", S["r_pickup"]), ("delivery", S["r_delivery"])]),
                              class_name="mt-5"),
                    rx.cond(
                        RestaurantCartState.mode == "delivery",
                        rx.el.label(
                            rx.el.span(S["r_address"], class_name=HEADING + " block"),
                            rx.el.input(
                                default_value=RestaurantCartState.address,
                                on_change=RestaurantCartState.set_address.debounce(250),
                                aria_invalid=RestaurantCartState.field_error == "address",
                                class_name=f"{TAP} w-full rounded-xl bg-tg-secondary-bg px-4 text-tg-text outline-none",
                                data_testid="address",
                            ),
                        ),
                    ),
                    section_heading(S["r_time"]),
                    rx.el.div(
                        rx.foreach(
                            RestaurantCartState.slots,
                            lambda slot: rx.el.button(
                                rx.cond(slot["day"] == "today", S["r_today"], S["r_tomorrow"]), " ", slot["label"],
                                on_click=RestaurantCartState.choose_slot(slot["id"].to(str)),
                                class_name=rx.cond(RestaurantCartState.slot == slot["id"],
                                                   "bg-tg-button text-tg-button-text",
                                                   "bg-tg-secondary-bg text-tg-text").to(str)
                                + f" {TAP} shrink-0 rounded-xl px-3 text-sm",
                                data_testid="slot", **haptic.tap("selection"),
                            ),
                        ),
                        class_name=rx.cond(RestaurantCartState.field_error == "slot",
                                           "ring-2 ring-tg-destructive", "").to(str)
                        + " -mx-4 flex gap-2 overflow-x-auto px-4 py-1",
                    ),
                    rx.el.dl(
                        rx.el.div(rx.el.dt(S["r_subtotal"]), rx.el.dd(RestaurantCartState.money["subtotal"].to(str)),
                                  class_name="flex justify-between"),
                        rx.cond(RestaurantCartState.money["has_fee"].to(bool),
                                rx.el.div(rx.el.dt(S["r_delivery_fee"]),
                                          rx.el.dd(RestaurantCartState.money["fee"].to(str)),
                                          class_name="flex justify-between")),
                        rx.el.div(rx.el.dt(S["r_total"]),
                                  rx.el.dd(RestaurantCartState.money["total"].to(str), data_testid="cart-total"),
                                  class_name="flex justify-between font-semibold"),
                        class_name="mt-5 flex flex-col gap-1 text-tg-text",
                    ),
                    rx.el.p(S["r_pay_on_receipt"], class_name="mt-3 text-xs text-tg-hint"),
                    rx.cond(
                        ~TelegramState.in_telegram,
                        rx.el.button(order_label,
                                     on_click=place_order(),
                                     disabled=RestaurantCartState.placing, class_name=PRIMARY + " mt-5"),
                    ),
                    ask_row("cart"),
                ),
                rx.el.p(S["r_cart_empty"], class_name="mt-10 text-center text-tg-hint", data_testid="cart-empty"),
            ),
        ),
        active_route=BASE,
        on_verified=RestaurantCartState.open,
    )


# ---- orders ----

def status_label(code) -> rx.Var:
    codes = ("accepted", "cooking", "ready", "on_the_way", "done")
    return rx.match(code, *[(c, S[f"r_status_{c}"]) for c in codes], code)


def order_card(order: rx.Var[dict]) -> rx.Component:
    return link(
        rx.el.div(
            rx.el.span(S["r_order_number"], " #", order["id"].to(str), class_name="font-medium text-tg-text"),
            rx.el.span(order["total"].to(str), class_name="text-tg-text"),
            class_name="flex justify-between",
        ),
        rx.el.p(status_label(order["status"].to(str)), " · ", order["slot"].to(str), class_name="text-sm text-tg-hint"),
        to=BASE + "/orders/" + order["id"].to(str),
        class_name="block p-3",
        data_testid="order-card",
    )


def orders_page() -> rx.Component:
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE),
        header(S["r_orders"]),
        rx.cond(
            RestaurantOrdersState.loading,
            skeleton(2),
            rx.cond(
                RestaurantOrdersState.orders.length() > 0,
                rx.el.div(rx.foreach(RestaurantOrdersState.orders, order_card), class_name=LIST),
                rx.el.p(S["r_orders_empty"], class_name="mt-10 text-center text-tg-hint"),
            ),
        ),
        active_route=BASE,
        on_verified=RestaurantOrdersState.open_history,
    )


def order_payment(order: rx.Var[dict]) -> rx.Component:
    """Paid, refunded, or how it can be paid: online only where a provider is configured."""
    ref = order["payment_ref"].to(str)
    return rx.el.div(
        rx.cond(
            order["paid_online"].to(bool),
            rx.el.p(S["r_paid_online"], class_name="mt-3 font-medium text-tg-link", data_testid="order-paid"),
            rx.cond(
                order["refunded"].to(bool),
                rx.el.p(S["r_refunded"], class_name="mt-3 text-tg-hint", data_testid="order-refunded"),
                rx.cond(
                    order["payable_online"].to(bool),
                    rx.el.div(
                        rx.el.p(S["r_pay_on_receipt_or_online"], class_name="mt-3 text-xs text-tg-hint"),
                        rx.el.div(buy_button(ONLINE_KIND, ref, S["r_pay_online"], " · ", order["total"].to(str),
                                             test_id="pay-online"), class_name="mt-2"),
                    ),
                    rx.el.p(S["r_pay_on_receipt"], class_name="mt-3 text-xs text-tg-hint"),
                ),
            ),
        ),
        payment_status(ONLINE_KIND, ref),
    )


def order_page() -> rx.Component:
    order = RestaurantOrdersState.order
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE + "/orders"),
        rx.cond(
            RestaurantOrdersState.loading,
            skeleton(2),
            rx.cond(
                RestaurantOrdersState.missing,
                failed(S["r_load_failed"]),
                rx.fragment(
                    header(rx.el.span(S["r_order_number"], " #", order["id"].to(str), data_testid="order-title"),
                           rx.el.button(S["r_refresh"], on_click=RestaurantOrdersState.open_order(current_path()),
                                        class_name=f"{TAP} rounded-full bg-tg-secondary-bg px-4 text-sm text-tg-link")),
                    rx.el.ol(
                        rx.foreach(
                            order["steps"].to(list[dict]),
                            lambda step: rx.el.li(
                                rx.el.span(rx.cond(step["done"].to(bool), "●", "○"), class_name="text-tg-button"),
                                status_label(step["code"].to(str)),
                                class_name=rx.cond(step["current"].to(bool), "font-semibold text-tg-text",
                                                   "text-tg-hint").to(str)
                                + " flex items-center gap-2 py-1",
                                aria_current=rx.cond(step["current"].to(bool), "step", ""),
                            ),
                        ),
                        class_name=SECTION + " p-4",
                        data_testid="order-status",
                    ),
                    rx.el.ul(rx.foreach(order["lines"].to(list[str]), lambda line: rx.el.li(line, class_name="py-1")),
                             class_name="mt-4 text-tg-text"),
                    rx.el.p(S["r_total"], ": ", order["total"].to(str), class_name="mt-2 font-semibold text-tg-text"),
                    order_payment(order),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=RestaurantOrdersState.open_order(current_path()),
    )


def add_pages(app: rx.App) -> None:
    app.add_page(menu_page, route=BASE, title="Restaurant")
    register_first_screen(BASE, preload_menu)
    app.add_page(dish_page, route=BASE + "/dish/[slug]", title="Restaurant")
    app.add_page(cart_page, route=BASE + "/cart", title="Restaurant")
    app.add_page(orders_page, route=BASE + "/orders", title="Restaurant")
    app.add_page(order_page, route=BASE + "/orders/[order_id]", title="Restaurant")
