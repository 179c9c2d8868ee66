"""The shop demo's screens: catalog and product here, cart to orders in cart_pages."""

from __future__ import annotations

import reflex as rx

from tma_app.ai.entry import ask_entry
from tma_app.demos.ecommerce import cart_pages
from tma_app.demos.ecommerce.components import (
    BASE,
    DEMO,
    QUANTITY_LABELS,
    SECONDARY,
    S,
    cart_link,
    empty_state,
    grid_skeleton,
    icon,
    shop_links,
)
from tma_app.demos.ecommerce.product_state import EcommerceProductState
from tma_app.demos.ecommerce.state import EcommerceCatalogState, preload_catalog
from tma_app.demos.onboarding import demo_onboarding
from tma_app.demos.visit import demo_visit
from tma_app.session.first_screen import register_first_screen
from tma_app.telegram import haptic
from tma_app.telegram.components import back_button, main_button, secondary_button
from tma_app.telegram.state import TelegramState
from tma_app.ui.layout import app_shell
from tma_app.ui.location import current_path
from tma_app.ui.picture import picture
from tma_app.ui.primitives import (
    PRIMARY,
    SECTION,
    TAP,
    choice_chip,
    failed,
    header,
    link,
    section_heading,
    skeleton,
    stepper,
)

Catalog = EcommerceCatalogState
Product = EcommerceProductState
SORT_KEYS = ("newest", "price_asc", "price_desc", "name")


def ask_row(screen: str, item: rx.Var[str] | None = None) -> rx.Component:
    """The way into the assistant, at the end of a screen's loaded content (it never moves what is above)."""
    return rx.el.div(ask_entry(DEMO, screen, item), class_name="mt-6 flex justify-center")


# ---- catalog ----

def price_input(field: str, label) -> rx.Component:
    error = Catalog.price_errors[field].to(str)
    has_error = Catalog.price_errors.contains(field)
    return rx.el.div(
        rx.el.label(label, html_for=f"e-{field}", class_name="mb-1 block px-1 text-xs text-tg-hint"),
        rx.el.input(
            key=f"{field}-" + Catalog.filters_round.to(str),
            id=f"e-{field}",
            type="text",
            input_mode="decimal",
            autocomplete="off",
            placeholder="0" if field == "price_min" else "∞",
            default_value=getattr(Catalog, field),
            on_change=getattr(Catalog, f"set_{field}").debounce(450),
            aria_invalid=has_error,
            aria_describedby=f"e-{field}-error",
            class_name=rx.cond(has_error, "ring-2 ring-tg-destructive", "").to(str)
            + f" {TAP} w-full rounded-xl bg-tg-bg px-3 text-tg-text outline-none focus:ring-2 focus:ring-tg-button",
            data_testid=field,
        ),
        rx.el.p(rx.cond(has_error, error, ""), id=f"e-{field}-error", role="alert",
                class_name="mt-1 min-h-4 px-1 text-xs leading-4 text-tg-destructive", data_testid=f"{field}-error"),
    )


def filters_panel() -> rx.Component:
    switch_on = Catalog.in_stock_only
    return rx.el.section(
        rx.el.p(S["e_price"], class_name="px-1 pb-2 text-sm font-medium text-tg-text"),
        rx.el.div(price_input("price_min", S["e_price_min"]), price_input("price_max", S["e_price_max"]),
                  class_name="grid grid-cols-2 gap-3"),
        rx.el.button(
            rx.el.span(S["e_in_stock_only"], id="e-in-stock-label", class_name="flex-1 text-left text-tg-text"),
            rx.el.span(
                rx.el.span(class_name=rx.cond(switch_on, "translate-x-5", "translate-x-0").to(str)
                           + " block h-6 w-6 rounded-full bg-tg-bg shadow transition-transform"),
                class_name=rx.cond(switch_on, "bg-tg-button", "bg-tg-hint").to(str)
                + " flex h-7 w-12 items-center rounded-full px-0.5 transition-colors",
                aria_hidden="true",
            ),
            on_click=Catalog.toggle_in_stock,
            role="switch",
            aria_checked=switch_on,
            aria_labelledby="e-in-stock-label",
            class_name=f"{TAP} mt-1 flex w-full items-center gap-3 px-1",
            data_testid="in-stock-only",
            **haptic.tap("selection"),
        ),
        rx.cond(
            Catalog.active_filters > 0,
            rx.el.button(S["e_reset_filters"], on_click=Catalog.reset_filters,
                         class_name=f"{TAP} mt-1 px-1 text-sm font-medium text-tg-link", data_testid="reset-filters"),
        ),
        id="e-filters",
        class_name=SECTION + " mt-3 p-3",
    )


def toolbar() -> rx.Component:
    return rx.el.div(
        rx.el.button(
            icon("sliders", "h-4 w-4"),
            S["e_filters"],
            rx.cond(Catalog.active_filters > 0,
                    rx.el.span(Catalog.active_filters, class_name="min-w-5 rounded-full bg-tg-button px-1.5 "
                               "text-center text-xs font-semibold leading-5 text-tg-button-text")),
            on_click=Catalog.toggle_filters,
            aria_expanded=Catalog.filters_open,
            aria_controls="e-filters",
            class_name=f"{TAP} flex items-center gap-1.5 rounded-full bg-tg-secondary-bg px-4 text-sm font-medium "
                       "text-tg-text",
            data_testid="filters-toggle",
        ),
        rx.el.label(
            rx.el.span(S["e_sort"], class_name="sr-only"),
            rx.el.select(
                *[rx.el.option(S[f"e_sort_{key}"], value=key) for key in SORT_KEYS],
                value=Catalog.sort,
                on_change=Catalog.set_sort,
                class_name=f"{TAP} appearance-none rounded-full bg-tg-secondary-bg pl-4 pr-9 text-sm font-medium "
                "text-tg-text outline-none",
                data_testid="sort",
            ),
            rx.el.span(icon("chevron", "h-4 w-4"),
                       class_name="pointer-events-none absolute right-3.5 top-1/2 -translate-y-1/2 text-tg-hint"),
            class_name="relative ml-auto",
        ),
        class_name="mt-3 flex items-center gap-2",
    )


def badge(label, surface: str) -> rx.Component:
    return rx.el.span(label,
                      class_name=f"absolute left-2 top-2 rounded-full px-2 py-0.5 text-[11px] font-semibold {surface}",
                      data_testid="product-badge")


def product_card(product: rx.Var[dict]) -> rx.Component:
    in_stock = product["in_stock"].to(bool)
    return link(
        rx.el.div(
            rx.el.div(picture(product["picture"], "rounded-2xl"),
                      class_name=rx.cond(in_stock, "", "opacity-50").to(str)),
            rx.cond(~in_stock, badge(S["e_sold_out"], "bg-tg-text/75 text-tg-bg"),
                    rx.cond(product["last_one"].to(bool),
                            badge(S["e_last_one"], "bg-tg-destructive text-tg-button-text"))),
            class_name="relative",
        ),
        rx.el.p(
            rx.cond(product["has_range"].to(bool), S["e_from"] + " ", ""), product["price"].to(str),
            class_name="mt-2 px-0.5 font-semibold tabular-nums text-tg-text",
        ),
        rx.el.p(product["name"].to(str), class_name="mt-0.5 line-clamp-2 px-0.5 text-sm leading-snug text-tg-subtitle"),
        to=BASE + "/product/" + product["slug"].to(str),
        class_name="block",
        data_testid="product-card",
    )


def catalog_page() -> rx.Component:
    return app_shell(
        demo_visit(DEMO),
        back_button("/"),
        header(S["e_title"], *shop_links()),
        demo_onboarding(
            "ecommerce",
            rx.el.div(
                choice_chip(S["e_all"], selected=Catalog.category == "", on_click=Catalog.pick_category("")),
                rx.foreach(Catalog.categories,
                           lambda c: choice_chip(c["name"], selected=Catalog.category == c["slug"],
                                                 on_click=Catalog.pick_category(c["slug"]),
                                                 data_testid="category-chip")),
                class_name="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1 [scrollbar-width:none]",
            ),
            toolbar(),
            rx.cond(Catalog.filters_open, filters_panel()),
            rx.cond(
                Catalog.loading,
                rx.el.div(grid_skeleton(), class_name="mt-5"),
                rx.cond(
                    Catalog.failed,
                    failed(S["e_load_failed"], test_id="load-failed"),
                    rx.cond(
                        Catalog.products.length() == 0,
                        empty_state("search", S["e_nothing_found"], None,
                                    rx.el.button(S["e_reset_filters"], on_click=Catalog.reset_filters,
                                                 class_name=SECONDARY),
                                    test_id="catalog-empty"),
                        rx.fragment(
                            rx.el.p(Catalog.found, class_name="mt-4 mb-2 px-1 text-sm text-tg-hint",
                                    data_testid="found", aria_live="polite"),
                            rx.el.div(rx.foreach(Catalog.products, product_card),
                                      class_name="grid grid-cols-2 gap-x-3 gap-y-5"),
                            rx.cond(
                                Catalog.next_offset >= 0,
                                rx.el.button(
                                    rx.cond(Catalog.loading_more,
                                            rx.el.span(class_name="h-5 w-5 animate-spin rounded-full border-2 "
                                                       "border-tg-link border-t-transparent", aria_hidden="true"),
                                            S["e_show_more"]),
                                    on_click=Catalog.show_more,
                                    disabled=Catalog.loading_more,
                                    aria_busy=Catalog.loading_more,
                                    class_name=SECONDARY + " mt-6",
                                    data_testid="show-more",
                                ),
                            ),
                            ask_row("catalog"),
                        ),
                    ),
                ),
            ),
            placeholder=rx.el.div(grid_skeleton(), class_name="pt-5"),  # a margin would move the wrapper
        ),
        active_route=BASE,
        on_verified=Catalog.open,
    )


# ---- product ----

def option_chip(option: rx.Var[dict], test_id: str, *, swatch: bool) -> rx.Component:
    selected, sold_out = option["selected"].to(bool), option["sold_out"].to(bool)
    return rx.el.button(
        rx.el.span(
            rx.el.span(class_name="h-4 w-4 shrink-0 rounded-full ring-1 ring-tg-separator",
                       style={"backgroundColor": option["hex"].to(str)}, aria_hidden="true")
            if swatch else rx.fragment(),
            rx.el.span(option["value"].to(str), class_name=rx.cond(sold_out, "line-through", "").to(str)),
            class_name="flex items-center gap-2 font-medium",
        ),
        rx.cond(option["note"].to(str) != "",
                rx.el.span(option["note"].to(str),
                           class_name=rx.cond(selected, "text-tg-button-text", "text-tg-hint").to(str)
                           + " text-[11px] leading-tight")),
        on_click=Product.pick(option["variant_id"].to(int)),
        disabled=sold_out & ~selected,
        role="radio",
        aria_checked=selected,
        class_name=rx.cond(selected, "bg-tg-button text-tg-button-text",
                           "bg-tg-secondary-bg text-tg-text").to(str)
        + rx.cond(sold_out & ~selected, " opacity-45", "").to(str)
        + f" {TAP} flex min-w-16 flex-col items-center justify-center rounded-xl px-3 py-1.5 text-sm",
        data_testid=test_id,
        custom_attrs={"data-option": option["value"].to(str)},
        **haptic.tap("selection"),
    )


def picker(title, options: rx.Var[list[dict]], test_id: str, *, swatch: bool = False) -> rx.Component:
    return rx.cond(
        options.length() > 0,
        rx.el.section(
            section_heading(title, id=f"e-{test_id}-title"),
            rx.el.div(rx.foreach(options, lambda o: option_chip(o, test_id, swatch=swatch)),
                      role="radiogroup", aria_labelledby=f"e-{test_id}-title", class_name="flex flex-wrap gap-2"),
        ),
    )


def product_page() -> rx.Component:
    return app_shell(
        demo_visit(DEMO),
        back_button(BASE),
        rx.cond(
            Product.loading,
            rx.el.div(rx.el.div(class_name="aspect-square animate-pulse rounded-3xl bg-tg-secondary-bg"),
                      skeleton(2, "h-12"), class_name="flex flex-col gap-3 pt-4"),
            rx.cond(
                Product.missing,
                empty_state("box", S["e_product_missing"], None, link(S["e_to_catalog"], to=BASE, class_name=SECONDARY),
                            test_id="product-missing"),
                rx.fragment(
                    main_button(Product.add_label, Product.add(Product.add_key), active=Product.can_add),
                    secondary_button(S["e_cart"] + " · " + Product.cart_count.to(str), rx.redirect(BASE + "/cart"),
                                     visible=Product.cart_count > 0, position="left"),
                    rx.el.div(
                        picture(Product.product["picture"], "rounded-3xl"),
                        rx.el.div(cart_link("bg-tg-bg/90 shadow-sm backdrop-blur"),
                                  class_name="absolute right-3 top-3"),
                        class_name="relative mt-4",
                    ),
                    rx.el.p(Product.product["category"].to(str), class_name="mt-4 text-sm text-tg-hint"),
                    rx.el.h1(Product.product["name"].to(str), class_name="mt-0.5 text-2xl font-bold text-tg-text",
                             data_testid="product-name"),
                    rx.el.div(
                        rx.el.span(Product.price, class_name="text-2xl font-semibold tabular-nums text-tg-text",
                                   data_testid="product-price"),
                        rx.el.span(Product.stock, data_testid="product-stock",
                                   class_name=rx.cond(Product.stock_low, "text-tg-destructive", "text-tg-hint").to(str)
                                   + " text-sm font-medium"),
                        class_name="mt-2 flex items-baseline gap-3",
                        aria_live="polite",
                    ),
                    rx.el.p(
                        rx.cond(Product.added, rx.fragment(icon("check", "h-4 w-4"), S["e_added"]), ""),
                        role="status",
                        class_name="mt-1 flex items-center gap-1.5 text-sm font-medium text-tg-button",
                        data_testid="added",
                    ),
                    picker(S["e_size"], Product.sizes, "size-option"),
                    picker(S["e_colour"], Product.colours, "colour-option", swatch=True),
                    rx.el.div(
                        rx.el.span(S["e_quantity"], class_name="font-medium text-tg-text"),
                        stepper(Product.quantity, on_decrease=Product.change_quantity(-1),
                                on_increase=Product.change_quantity(1), can_decrease=Product.quantity > 1,
                                can_increase=Product.quantity < Product.max_quantity, test_id="product",
                                labels=QUANTITY_LABELS, size="h-9 w-9", surface="bg-tg-bg"),
                        class_name=SECTION + " mt-6 flex items-center justify-between py-1 pl-4 pr-2",
                    ),
                    section_heading(S["e_about"]),
                    rx.el.p(Product.product["description"].to(str), class_name="px-1 leading-relaxed text-tg-text"),
                    rx.cond(
                        ~TelegramState.in_telegram,
                        rx.el.button(Product.add_label, on_click=Product.add(Product.add_key),
                                     disabled=~Product.can_add, class_name=PRIMARY + " mt-6 disabled:opacity-50"),
                    ),
                    ask_row("product", Product.product["slug"].to(str)),
                ),
            ),
        ),
        active_route=BASE,
        on_verified=Product.open(current_path()),
    )


def add_pages(app: rx.App) -> None:
    app.add_page(catalog_page, route=BASE, title="Shop")
    register_first_screen(BASE, preload_catalog)
    app.add_page(product_page, route=BASE + "/product/[slug]", title="Shop")
    cart_pages.add_pages(app)
