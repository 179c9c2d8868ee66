"""The restaurant demo in Chromium inside the fake Telegram: order, optimistic cart, double tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.support.fake_telegram import FakeTelegram, fire
from tests.support.telegram import signed_init_data
from tma_app.core.db import make_engine

pytestmark = pytest.mark.e2e


def telegram(user_id: int) -> FakeTelegram:
    return FakeTelegram(init_data=signed_init_data({"id": user_id}), version="9.1")


def sql(database_url: str, statement: str, **params):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        result = connection.execute(text(statement), params).all() if statement.lstrip().upper().startswith("SELECT") \
            else connection.execute(text(statement), params)
    engine.dispose()
    return result


def add_first_dish(page) -> None:
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    page.get_by_test_id("dish-row").first.click()
    expect(page.get_by_test_id("dish-name")).to_be_visible()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("Added to the cart")


def test_order_from_menu_to_status_and_history(open_app, prod_database_url):
    page = open_app(telegram(880001), "/demos/restaurant")
    add_first_dish(page)
    page.goto(page.url.split("/demos/")[0] + "/demos/restaurant/cart")
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    page.get_by_test_id("slot").first.click()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    assert window_text(page).startswith("Order ·")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()
    expect(page.get_by_test_id("order-status")).to_contain_text("Accepted")
    orders = sql(prod_database_url, "SELECT COUNT(*) FROM restaurant_orders WHERE user_id = :u", u=880001)
    assert orders[0][0] == 1
    # Gamification listened, off the request path: 10 XP for opening the demo, 25 + 5 coins and the
    # first-demo 50 for the order, 5 for day one of the streak.
    balance = ()
    for _ in range(50):
        rows = sql(prod_database_url, "SELECT xp, coins FROM gamification_profiles WHERE user_id = :u", u=880001)
        balance = tuple(rows[0]) if rows else ()
        if balance == (90, 5):
            break
        page.wait_for_timeout(100)
    assert balance == (90, 5)
    page.wait_for_function(
        "() => window.__tgCalls.some(c => c.path === 'HapticFeedback.notificationOccurred' && c.args[0] === 'success')"
    )


def window_text(page) -> str:
    return page.evaluate("() => window.Telegram.WebApp.MainButton.text")


def test_double_tap_on_order_places_one_order(open_app, prod_database_url):
    page = open_app(telegram(880002), "/demos/restaurant")
    add_first_dish(page)
    page.goto(page.url.split("/demos/")[0] + "/demos/restaurant/cart")
    page.get_by_test_id("slot").first.click()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "mainButtonClicked")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()
    page.wait_for_timeout(500)
    orders = sql(prod_database_url, "SELECT COUNT(*) FROM restaurant_orders WHERE user_id = :u", u=880002)
    assert orders[0][0] == 1


def test_optimistic_quantity_rolls_back_when_the_server_refuses(open_app, prod_database_url):
    page = open_app(telegram(880003), "/demos/restaurant")
    add_first_dish(page)
    page.goto(page.url.split("/demos/")[0] + "/demos/restaurant/cart")
    quantity, total = page.get_by_test_id("line-quantity"), page.get_by_test_id("cart-total")
    expect(quantity).to_have_text("1")
    single = total.inner_text()
    page.get_by_test_id("line-increase").click()
    expect(quantity).to_have_text("2")
    expect(total).not_to_have_text(single)  # the server confirmed the change
    # The line disappears behind the page's back: the next change must be refused and undone.
    sql(prod_database_url, "DELETE FROM restaurant_cart_lines WHERE user_id = :u", u=880003)
    page.wait_for_timeout(200)
    page.get_by_test_id("line-increase").click()
    expect(quantity).to_have_text("2")
    expect(page.get_by_test_id("notice")).to_contain_text("did not work")
    page.wait_for_function(
        "() => window.__tgCalls.some(c => c.path === 'HapticFeedback.notificationOccurred' && c.args[0] === 'error')"
    )


def test_demo_code_is_fetched_once_after_intent_not_on_home_load(open_app):
    page = open_app(telegram(880004))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    card = page.get_by_test_id("demo-card").first
    expect(page.get_by_test_id("greeting")).to_be_visible()
    page.wait_for_timeout(500)

    def restaurant_chunks() -> list[str]:
        return [url for url in requested if "/assets/" in url and "restaurant" in url]

    assert restaurant_chunks() == [], "nothing of the demo is loaded with the home page"
    card.hover()
    page.wait_for_timeout(800)
    prefetched = restaurant_chunks()
    assert prefetched, "hovering the card prefetches the demo's route code"
    card.click()
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    for url in set(prefetched):
        assert requested.count(url) == 1, f"{url} fetched again after the prefetch"
