"""The shop demo's cart, checkout, order and order history screens."""

from __future__ import annotations

import reflex as rx

from tma_app.ai.entry import ask_entry
from tma_app.demos.ecommerce.cart_state import EcommerceCartState, EcommerceCheckoutState
from tma_app.demos.ecommerce.components import (
    BASE,
    DEMO,
    QUANTITY_LABELS,
    SECONDARY,
    S,
    empty_state,
    icon,
    row,
    shop_links,
)
from tma_app.demos.ecommerce.online_payment import KIND as ONLINE_KIND
from tma_app.demos.ecommerce.orders_state import EcommerceOrdersState
from tma_app.demos.visit import demo_visit
from tma_app.offline.components import QUEUED_LOOK, is_queued
from tma_app.offline.durable import durable
from tma_app.payments.components import buy_button, payment_status
from tma_app.telegram.components import back_button, closing_confirmation, main_button
from tma_app.telegram.state import TelegramState
from tma_app.ui.layout import app_shell
from tma_app.ui.location import current_path
from tma_app.ui.optimistic import Optimistic
from tma_app.ui.primitives import (
    HEADING,
    LIST,
    PRIMARY,
    SECTION,
    TAP,
    header,
    link,
    section_heading,
    skeleton,
    stepper,
    thumb,
)

Cart = EcommerceCartState
Checkout = EcommerceCheckoutState
Orders = EcommerceOrdersState
cart_quantities = Optimistic("ecommerce_cart_quantities")
FIELD_ID = "e-checkout-"
# What the inputs hold at the moment of the tap, read in the page: a tap faster than the
# inputs' debounce still sends what the user sees.
FORM_VALUES: rx.Var[dict[str, str]] = rx.Var(
    _js_expr="Object.fromEntries(['name', 'phone', 'address'].map((f) => "
    f"[f, (document.getElementById('{FIELD_ID}' + f) || {{}}).value ?? '']))",
    _var_type=dict,
)


# ---- cart ----

def cart_line(line: rx.Var[dict]) -> rx.Component:
    key = line["key"].to(str)
    shown = cart_quantities.shown(key, line["quantity"].to(int), Cart.acked).to(int)
    queued = is_queued("shop:line:" + key)
    available = line["is_available"].to(bool)

    def change(quantity):
        return cart_quantities.change(key, quantity, lambda stamp: durable(
            Cart.set_quantity(line["id"].to(int), quantity, stamp), target="shop:line:" + key))

    return rx.el.div(
        link(thumb(line["picture"]), to=BASE + "/product/" + line["slug"].to(str), aria_label=line["name"].to(str)),
        rx.el.div(
            rx.el.div(
                rx.el.p(line["name"].to(str), class_name="min-w-0 flex-1 truncate font-medium text-tg-text"),
                rx.el.button(icon("close", "h-4 w-4"), on_click=Cart.remove(line["id"].to(int)),
                             aria_label=S["e_remove"],
                             class_name="-mr-2 -mt-2.5 flex h-11 w-11 shrink-0 items-center justify-center "
                                        "text-tg-hint",
                             data_testid="line-remove"),
                class_name="flex items-start gap-2",
            ),
            rx.el.p(line["variant"].to(str), " · ", line["unit_price"].to(str), class_name="text-sm text-tg-hint"),
            rx.cond(~available, rx.el.p(line["problem"].to(str),
                                        class_name="mt-0.5 text-sm font-medium text-tg-destructive",
                                        data_testid="line-problem")),
            rx.el.div(
                stepper(shown, on_decrease=change(shown - 1), on_increase=change(shown + 1), can_decrease=shown > 1,
                        can_increase=shown < line["max_quantity"].to(int), test_id="line", labels=QUANTITY_LABELS,
                        size="h-9 w-9", surface="bg-tg-bg"),
                rx.el.span(line["total"].to(str), class_name="font-semibold tabular-nums text-tg-text",
                           data_testid="line-total"),
                class_name="-ml-1.5 mt-0.5 flex items-center justify-between",
            ),
            class_name="min-w-0 flex-1",
        ),
        class_name=rx.cond(available, "", "bg-tg-bg ring-2 ring-inset ring-tg-destructive").to(str)
        + " flex gap-3 p-3" + rx.cond(queued, QUEUED_LOOK, "").to(str),
        data_testid="cart-line",
        data_queued=queued,
    )


def cart_page() -> rx.Component:
    checkout_label = S["e_checkout"] + " " + Cart.checkout_label
    go_checkout = rx.redirect(BASE + "/checkout")
    return app_shell(
        demo_visit(DEMO),
        cart_quantities.pending,
        back_button(BASE),
        header(S["e_cart"], *shop_links(cart=False)),
        rx.cond(
            Cart.loading,
            skeleton(2),
            rx.cond(
                Cart.lines.length() > 0,
                rx.fragment(
                    main_button(checkout_label, go_checkout, active=Cart.can_checkout),
                    rx.cond(~Cart.can_checkout, rx.el.p(S["e_cart_problem"], role="alert", data_testid="cart-problem",
                                                        class_name="mb-3 px-1 text-sm text-tg-destructive")),
                    rx.el.div(rx.foreach(Cart.lines, cart_line), class_name=LIST),
                    rx.el.dl(
                        row(Cart.items, Cart.total),
                        row(S["e_delivery_free"], S["e_free"]),
                        row(S["e_total"], Cart.total, strong=True, data_testid="cart-total"),
                        class_name=SECTION + " mt-4 divide-y divide-tg-separator",
                    ),
                    rx.el.p(S["e_pay_note"], class_name="mt-3 px-1 text-xs text-tg-hint"),
                    rx.cond(~TelegramState.in_telegram,
                            rx.el.button(checkout_label, on_click=go_checkout, disabled=~Cart.can_checkout,
                                         class_name=PRIMARY + " mt-5 disabled:opacity-50")),
                    rx.el.div(ask_entry(DEMO, "cart"), class_name="mt-6 flex justify-center"),
                ),
                empty_state("bag", S["e_cart_empty"], S["e_cart_empty_hint"],
                            link(S["e_to_catalog"], to=BASE, class_name=SECONDARY), test_id="cart-empty"),
            ),
        ),
        active_route=BASE,
        on_verified=Cart.open,
    )


# ---- checkout ----

def field(name: str, label, *, hint=None, textarea: bool = False, **input_props) -> rx.Component:
    has_error = Checkout.errors.contains(name)
    control = rx.el.textarea if textarea else rx.el.input
    return rx.el.div(
        rx.el.label(label, html_for=FIELD_ID + name, class_name="mb-1 block px-1 text-sm font-medium text-tg-text"),
        control(
            id=FIELD_ID + name,
            name=name,
            default_value=getattr(Checkout, name),
            on_change=getattr(Checkout, f"set_{name}").debounce(300),
            aria_invalid=has_error,
            aria_describedby=f"{FIELD_ID}{name}-note",
            class_name=rx.cond(has_error, "ring-2 ring-tg-destructive", "focus:ring-2 focus:ring-tg-button").to(str)
            + f" {TAP} w-full rounded-xl bg-tg-secondary-bg px-4 text-tg-text outline-none placeholder:text-tg-hint"
            + (" py-3 leading-snug resize-none" if textarea else ""),
            data_testid=f"field-{name}",
            **input_props,
        ),
        rx.el.p(
            rx.cond(has_error, Checkout.errors[name].to(str), hint if hint is not None else ""),
            id=f"{FIELD_ID}{name}-note",
            class_name=rx.cond(has_error, "text-tg-destructive", "text-tg-hint").to(str) + " mt-1 min-h-4 px-1 text-xs",
            data_testid=f"note-{name}",
            aria_live="polite",
        ),
    )


def summary_line(line: rx.Var[dict]) -> rx.Component:
    return rx.el.div(
        thumb(line["picture"], "w-12"),
        rx.el.div(
            rx.el.p(line["name"].to(str), class_name="truncate text-sm font-medium text-tg-text"),
            rx.el.p(line["variant"].to(str), " · ", line["quantity"].to(str), " × ", line["unit_price"].to(str),
                    class_name="truncate text-xs text-tg-hint"),
            class_name="min-w-0 flex-1",
        ),
        rx.el.span(line["total"].to(str), class_name="text-sm font-medium tabular-nums text-tg-text"),
        class_name="flex items-center gap-3 px-3 py-2.5",
    )


def checkout_page() -> rx.Component:
    place_label = S["e_place_order"] + " " + Checkout.place_label
    # Queued: offline the order is sent once the user is online, and only then confirmed.
    place = durable(Checkout.place_order(Checkout.order_key, FORM_VALUES), target="shop:order", kind="order")
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE + "/cart"),
        closing_confirmation(Checkout.dirty),
        header(S["e_checkout_title"]),
        rx.cond(
            Checkout.loading,
            skeleton(3, "h-16"),
            rx.fragment(
                main_button(place_label, place, progress=Checkout.placing, active=~Checkout.placing),
                rx.el.h2(S["e_your_order"], class_name=HEADING + " mt-1"),
                rx.el.div(
                    rx.foreach(Checkout.lines, summary_line),
                    rx.el.dl(row(S["e_total"], Checkout.total, strong=True, data_testid="checkout-total")),
                    class_name=LIST,
                ),
                section_heading(S["e_contact"]),
                rx.el.div(
                    field("name", S["e_name"], autocomplete="name", max_length=80, enter_key_hint="next"),
                    field("phone", S["e_phone"], hint=Checkout.phone_hint, type="tel", input_mode="tel",
                          autocomplete="tel", placeholder="+7 999 123-45-67", max_length=24, enter_key_hint="next"),
                    field("address", S["e_address"], textarea=True, rows=3, autocomplete="street-address",
                          placeholder=S["e_address_placeholder"], max_length=300),
                    class_name="flex flex-col gap-2",
                ),
                section_heading(S["e_payment"]),
                rx.el.div(
                    rx.el.div(
                        rx.el.span(icon("cash", "h-6 w-6"), class_name="flex h-10 w-10 items-center justify-center "
                                   "rounded-full bg-tg-bg text-tg-button"),
                        rx.el.div(
                            rx.el.p(S["e_pay_on_delivery"], class_name="font-medium text-tg-text"),
                            rx.el.p(S["e_pay_note"], class_name="text-xs text-tg-hint"),
                            class_name="min-w-0 flex-1",
                        ),
                        rx.el.span(icon("check", "h-5 w-5"), class_name="text-tg-button"),
                        class_name="flex items-center gap-3 p-4",
                        role="radio",
                        aria_checked="true",
                    ),
                    role="radiogroup",
                    aria_label=S["e_payment"],
                    class_name=SECTION,
                ),
                rx.cond(~TelegramState.in_telegram,
                        rx.el.button(place_label, on_click=place, disabled=Checkout.placing,
                                     class_name=PRIMARY + " mt-6 disabled:opacity-50")),
            ),
        ),
        active_route=BASE,
        on_verified=Checkout.open,
    )


# ---- orders ----

def order_card(order: rx.Var[dict]) -> rx.Component:
    return link(
        rx.el.div(
            rx.el.span(S["e_order"], " #", order["id"].to(str), class_name="font-semibold text-tg-text"),
            rx.el.span(order["total"].to(str), class_name="font-semibold tabular-nums text-tg-text"),
            class_name="flex justify-between",
        ),
        rx.el.p(order["date"].to(str), " · ", order["items"].to(str), class_name="text-sm text-tg-hint"),
        rx.el.div(
            rx.foreach(order["lines"].to(list[dict]), lambda line: thumb(line["picture"], "w-11")),
            class_name="mt-2 flex gap-2 overflow-hidden",
        ),
        to=BASE + "/orders/" + order["id"].to(str),
        class_name="block p-4",
        data_testid="order-card",
    )


def orders_page() -> rx.Component:
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE),
        header(S["e_orders"], *shop_links(orders=False)),
        rx.cond(
            Orders.loading,
            skeleton(2),
            rx.cond(
                Orders.orders.length() > 0,
                rx.el.div(rx.foreach(Orders.orders, order_card), class_name=LIST),
                empty_state("box", S["e_orders_empty"], None, link(S["e_to_catalog"], to=BASE, class_name=SECONDARY),
                            test_id="orders-empty"),
            ),
        ),
        active_route=BASE,
        on_verified=Orders.open_history,
    )


def order_line(line: rx.Var[dict]) -> rx.Component:
    return rx.el.div(
        thumb(line["picture"], "w-14"),
        rx.el.div(
            rx.el.p(line["name"].to(str), class_name="truncate font-medium text-tg-text"),
            rx.el.p(line["variant"].to(str), class_name="truncate text-sm text-tg-hint"),
            rx.el.p(line["quantity"].to(str), class_name="text-sm text-tg-hint"),
            class_name="min-w-0 flex-1",
        ),
        rx.el.span(line["total"].to(str), class_name="font-medium tabular-nums text-tg-text"),
        class_name="flex items-center gap-3 px-3 py-2.5",
        data_testid="order-line",
    )


def order_page() -> rx.Component:
    order = Orders.order
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE + "/orders"),
        rx.cond(
            Orders.loading,
            skeleton(3),
            rx.cond(
                Orders.missing,
                empty_state("box", S["e_order_missing"], None,
                            link(S["e_orders"], to=BASE + "/orders", class_name=SECONDARY),
                            test_id="order-missing"),
                rx.fragment(
                    rx.cond(
                        Orders.is_new,
                        rx.el.div(
                            rx.el.div(icon("check", "h-8 w-8"), class_name="flex h-16 w-16 items-center justify-center "
                                      "rounded-full bg-tg-button text-tg-button-text"),
                            rx.el.p(S["e_thanks"], class_name="mt-3 text-xl font-bold text-tg-text", role="status",
                                    data_testid="order-thanks"),
                            rx.el.p(S["e_thanks_hint"], class_name="mt-1 text-sm text-tg-hint"),
                            class_name="flex flex-col items-center pt-8 pb-2 text-center",
                        ),
                    ),
                    header(rx.el.span(S["e_order"], " #", order["id"].to(str), data_testid="order-title"),
                           rx.el.span(order["date"].to(str), class_name="text-sm text-tg-hint")),
                    rx.el.div(
                        rx.foreach(order["lines"].to(list[dict]), order_line),
                        rx.el.dl(row(S["e_total"], order["total"].to(str), strong=True, data_testid="order-total")),
                        class_name=LIST,
                    ),
                    section_heading(S["e_deliver_to"]),
                    rx.el.div(
                        rx.el.p(order["name"].to(str), class_name="font-medium text-tg-text"),
                        rx.el.p(order["phone"].to(str), class_name="text-sm text-tg-text"),
                        rx.el.p(order["address"].to(str), class_name="text-sm text-tg-hint"),
                        class_name=SECTION + " p-4",
                        data_testid="order-delivery",
                    ),
                    section_heading(S["e_payment"]),
                    rx.el.div(
                        rx.el.p(order["payment"].to(str), class_name="font-medium text-tg-text",
                                data_testid="order-payment"),
                        rx.cond(
                            order["payable_online"].to(bool),
                            rx.el.div(
                                rx.el.p(S["e_pay_note_or_online"], class_name="text-xs text-tg-hint"),
                                rx.el.div(buy_button(ONLINE_KIND, order["payment_ref"].to(str), S["e_pay_online"],
                                                     " · ", order["total"].to(str), test_id="pay-online"),
                                          class_name="mt-2"),
                            ),
                        ),
                        payment_status(ONLINE_KIND, order["payment_ref"].to(str)),
                        class_name=SECTION + " p-4",
                    ),
                    main_button(S["e_continue"], rx.redirect(BASE)),
                    rx.el.div(
                        rx.cond(~TelegramState.in_telegram,
                                link(S["e_continue"], to=BASE, class_name=PRIMARY, data_testid="continue-shopping")),
                        link(S["e_orders"], to=BASE + "/orders", class_name=SECONDARY, data_testid="orders-link"),
                        class_name="mt-6 flex flex-col gap-2",
                    ),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=Orders.open_order(current_path()),
    )


def add_pages(app: rx.App) -> None:
    app.add_page(cart_page, route=BASE + "/cart", title="Shop")
    app.add_page(checkout_page, route=BASE + "/checkout", title="Shop")
    app.add_page(orders_page, route=BASE + "/orders", title="Shop")
    app.add_page(order_page, route=BASE + "/orders/[order_id]", title="Shop")
