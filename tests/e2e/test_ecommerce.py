"""The shop demo in Chromium inside the fake Telegram: browse, variants, cart, checkout, history."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.app_database import count, execute
from tests.support.fake_telegram import FakeTelegram, fire, haptic_played, main_button_text, signed_in
from tests.support.reflex_socket import EventSocket

pytestmark = pytest.mark.e2e
SHOP = "/demos/ecommerce"


def telegram(user_id: int) -> FakeTelegram:
    return signed_in(user_id, first_name="Anna")


def stock(database_url: str, sku: str) -> int:
    return count(database_url, "SELECT stock FROM ecommerce_variants WHERE sku = :sku", sku=sku)


def orders_of(database_url: str, user_id: int) -> int:
    return count(database_url, "SELECT COUNT(*) FROM ecommerce_orders WHERE user_id = :u", u=user_id)


def go(page: Page, path: str) -> None:
    page.goto(page.url.split("/demos/")[0] + path)


def add_product(page: Page, slug: str) -> None:
    go(page, f"{SHOP}/product/{slug}")
    expect(page.get_by_test_id("product-name")).to_be_visible()
    assert main_button_text(page).startswith("Add to cart ·")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("added")).to_have_text("Added to the cart")


def option(page: Page, kind: str, value: str):
    return page.locator(f'[data-testid="{kind}-option"][data-option="{value}"]')


def fill_checkout(page: Page, *, phone: str = "+7 999 123-45-67") -> None:
    page.get_by_test_id("field-name").fill("Anna Petrova")
    page.get_by_test_id("field-phone").fill(phone)
    page.get_by_test_id("field-address").fill("Moscow, Tverskaya street 7, flat 12")


def test_browse_filter_sort_pick_a_variant_check_out_and_see_the_order(open_app, prod_database_url):
    before = stock(prod_database_url, "HD-COSY-BLK-L")
    page = open_app(telegram(890001), SHOP)
    cards = page.get_by_test_id("product-card")
    expect(cards).to_have_count(6)
    page.get_by_test_id("show-more").click()
    expect(cards).to_have_count(10)

    page.get_by_test_id("category-chip").filter(has_text="Clothing").click()
    page.get_by_test_id("filters-toggle").click()
    page.get_by_test_id("price_max").fill("fifty")
    expect(page.get_by_test_id("price_max-error")).to_contain_text("whole number of rubles")
    page.get_by_test_id("price_max").fill("5000")
    expect(page.get_by_test_id("price_max-error")).to_have_text("")
    page.get_by_test_id("in-stock-only").click()
    page.get_by_test_id("sort").select_option("price_desc")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Cosy Hoodie")
    expect(cards.last).to_contain_text("Star Cap")

    cards.first.click()
    expect(page.get_by_test_id("product-name")).to_have_text("Cosy Hoodie")
    expect(option(page, "size", "L")).to_contain_text("Last one")
    option(page, "size", "L").click()
    expect(option(page, "size", "L")).to_have_attribute("aria-checked", "true")
    option(page, "colour", "Black").click()
    expect(option(page, "colour", "Black")).to_have_attribute("aria-checked", "true")
    expect(page.get_by_test_id("product-stock")).to_have_text("In stock")
    page.wait_for_function("() => window.__tgCalls.some(c => c.path === 'HapticFeedback.selectionChanged')")
    assert main_button_text(page) == "Add to cart · 4,490\u00a0₽"
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("added")).to_have_text("Added to the cart")
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    page.wait_for_function("() => window.Telegram.WebApp.SecondaryButton.isVisible")
    assert page.evaluate("() => window.Telegram.WebApp.SecondaryButton.text") == "Cart · 1"
    fire(page, "secondaryButtonClicked")
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    expect(page.get_by_test_id("cart-line")).to_contain_text("L · Black")
    assert main_button_text(page) == "Checkout · 4,490\u00a0₽"
    fire(page, "mainButtonClicked")

    expect(page.get_by_test_id("field-name")).to_have_value("Anna")  # from Telegram
    fill_checkout(page, phone="12-34")
    page.wait_for_function("() => window.__tgCalls.some(c => c.path === 'enableClosingConfirmation')")
    assert main_button_text(page).startswith("Place order ·")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("note-phone")).to_contain_text("country code")
    expect(page.get_by_test_id("field-phone")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("field-name")).to_have_attribute("aria-invalid", "false")
    haptic_played(page, "notificationOccurred", "error")
    assert orders_of(prod_database_url, 890001) == 0

    page.get_by_test_id("field-phone").fill("8 (999) 123-45-67")
    expect(page.get_by_test_id("note-phone")).to_have_text("We will call +7 999 123-45-67")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-thanks")).to_be_visible()
    expect(page.get_by_test_id("order-line")).to_contain_text("Cosy Hoodie")
    expect(page.get_by_test_id("order-delivery")).to_contain_text("+7 999 123-45-67")
    assert orders_of(prod_database_url, 890001) == 1
    assert stock(prod_database_url, "HD-COSY-BLK-L") == before - 1

    page.get_by_test_id("orders-link").click()
    expect(page.get_by_test_id("order-card")).to_have_count(1)
    expect(page.get_by_test_id("order-card")).to_contain_text("4,490")


def test_double_tap_on_place_order_places_one_order(open_app, prod_database_url):
    page = open_app(telegram(890002), SHOP)
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    add_product(page, "star-cap")
    socket = EventSocket(page)
    go(page, SHOP + "/checkout")
    expect(page.get_by_test_id("field-name")).to_be_visible()
    fill_checkout(page)
    main_button_text(page)
    with socket.holding("place_order"):  # both taps happen before the server answers the first
        fire(page, "mainButtonClicked")
        fire(page, "mainButtonClicked")
    # A tab's events are handled one at a time, in order, and the order screen loads with an event sent
    # after both taps: once it shows the order, both are handled.
    expect(page.get_by_test_id("order-title")).to_be_visible()
    assert orders_of(prod_database_url, 890002) == 1
    go(page, SHOP + "/cart")
    expect(page.get_by_test_id("cart-empty")).to_be_visible()


def test_a_quantity_above_stock_shows_at_once_then_rolls_back(open_app, prod_database_url):
    page = open_app(telegram(890003), SHOP)
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    add_product(page, "heart-mug")
    socket = EventSocket(page)
    go(page, SHOP + "/cart")
    quantity, total = page.get_by_test_id("line-quantity"), page.get_by_test_id("cart-total")
    expect(quantity).to_have_text("1")
    single = total.inner_text()
    with socket.holding("set_quantity"):
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("2")  # the server has not seen the tap yet
        expect(total).to_have_text(single)
    expect(total).not_to_have_text(single)  # the server confirmed the change
    expect(quantity).to_have_text("2")
    # Others buy the mug meanwhile: only 2 are left, the page still offers a third.
    execute(prod_database_url, "UPDATE ecommerce_variants SET stock = 2 WHERE sku = 'MG-HRT-RED-350'")
    with socket.holding("set_quantity"):
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("3")
    expect(page.get_by_test_id("notice")).to_contain_text("Only 2 left")
    expect(quantity).to_have_text("2")
    haptic_played(page, "notificationOccurred", "error")
    expect(page.get_by_test_id("line-increase")).to_be_disabled()


def test_a_line_that_ran_out_at_checkout_is_pointed_at_in_the_cart(open_app, prod_database_url):
    page = open_app(telegram(890004), SHOP)
    expect(page.get_by_test_id("product-card").first).to_be_visible()
    add_product(page, "sunset-tote")
    go(page, SHOP + "/checkout")
    expect(page.get_by_test_id("field-name")).to_be_visible()
    fill_checkout(page)
    execute(prod_database_url, "UPDATE ecommerce_variants SET stock = 0 WHERE sku = 'TB-SUN-NAT'")
    main_button_text(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("line-problem")).to_have_text("Sold out")
    expect(page.get_by_test_id("cart-problem")).to_be_visible()
    haptic_played(page, "notificationOccurred", "error")
    assert orders_of(prod_database_url, 890004) == 0
    page.wait_for_function("() => !window.Telegram.WebApp.MainButton.isActive")
