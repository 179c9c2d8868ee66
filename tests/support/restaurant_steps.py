"""A user's steps through the restaurant demo, shared by the browser tests that need an order."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support.fake_telegram import fire, main_button_text


def base_url(page: Page) -> str:
    """The app's origin, from whichever screen the page is on."""
    return "/".join(page.url.split("/", 3)[:3])


def add_first_dish(page: Page) -> None:
    """From the menu: open the first dish and add it with the main button."""
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    page.get_by_test_id("dish-row").first.click()
    expect(page.get_by_test_id("dish-name")).to_be_visible()
    main_button_text(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("Added to the cart")


def open_cart_and_pick_a_slot(page: Page) -> None:
    page.goto(base_url(page) + "/demos/restaurant/cart")
    expect(page.get_by_test_id("cart-line").first).to_be_visible()
    page.get_by_test_id("slot").first.click()
    main_button_text(page)


def place_order_of_first_dish(page: Page) -> None:
    """From the menu to the placed order's status screen."""
    add_first_dish(page)
    open_cart_and_pick_a_slot(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()
