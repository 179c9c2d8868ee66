"""The restaurant demo in Chromium inside the fake Telegram: order, optimistic cart, double tap, the visit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.app_database import count, execute, rows
from tests.support.fake_telegram import fire, haptic_played, main_button_text, signed_in
from tests.support.reflex_socket import EventSocket
from tests.support.restaurant_steps import add_first_dish, base_url, open_cart_and_pick_a_slot
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e


def test_order_from_menu_to_status_and_history(open_app, prod_database_url):
    page = open_app(signed_in(880001), "/demos/restaurant")
    add_first_dish(page)
    open_cart_and_pick_a_slot(page)
    expect(page.get_by_test_id("cart-line")).to_have_count(1)
    assert main_button_text(page).startswith("Order ·")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()
    expect(page.get_by_test_id("order-status")).to_contain_text("Accepted")
    assert count(prod_database_url, "SELECT COUNT(*) FROM restaurant_orders WHERE user_id = :u", u=880001) == 1
    # Gamification listened, off the request path: 10 XP for opening the demo, 25 + 5 coins and the
    # first-demo 50 for the order, 5 for day one of the streak.
    eventually(lambda: rows(prod_database_url, "SELECT xp, coins FROM gamification_profiles WHERE user_id = :u",
                            u=880001),
               lambda balance: balance == [(90, 5)], what="XP and coins of the order")
    haptic_played(page, "notificationOccurred", "success")


def test_double_tap_on_order_places_one_order(open_app, prod_database_url):
    page = open_app(signed_in(880002), "/demos/restaurant")
    add_first_dish(page)
    socket = EventSocket(page)
    open_cart_and_pick_a_slot(page)
    with socket.holding("place_order"):  # both taps happen before the server answers the first
        fire(page, "mainButtonClicked")
        fire(page, "mainButtonClicked")
    # A tab's events are handled one at a time, in order, and the order screen loads with an event sent
    # after both taps: once it shows the order, both are handled.
    expect(page.get_by_test_id("order-status")).to_contain_text("Accepted")
    assert count(prod_database_url, "SELECT COUNT(*) FROM restaurant_orders WHERE user_id = :u", u=880002) == 1


def test_optimistic_quantity_shows_at_once_and_rolls_back_when_the_server_refuses(open_app, prod_database_url):
    page = open_app(signed_in(880003), "/demos/restaurant")
    add_first_dish(page)
    socket = EventSocket(page)
    page.goto(base_url(page) + "/demos/restaurant/cart")
    quantity, total = page.get_by_test_id("line-quantity"), page.get_by_test_id("cart-total")
    expect(quantity).to_have_text("1")
    single = total.inner_text()
    with socket.holding("set_quantity"):
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("2")  # the server has not seen the tap yet
        expect(total).to_have_text(single)
    expect(total).not_to_have_text(single)  # the server confirmed the change
    expect(quantity).to_have_text("2")
    # The line disappears behind the page's back: the next change must be refused and undone.
    execute(prod_database_url, "DELETE FROM restaurant_cart_lines WHERE user_id = :u", u=880003)
    with socket.holding("set_quantity"):
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("3")
    expect(page.get_by_test_id("notice")).to_contain_text("did not work")
    expect(quantity).to_have_text("2")
    haptic_played(page, "notificationOccurred", "error")


def test_demo_code_is_fetched_once_after_intent_not_on_home_load(open_app):
    page = open_app(signed_in(880004))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload()
    card = page.get_by_test_id("demo-card").first
    expect(page.get_by_test_id("greeting")).to_be_visible()
    page.wait_for_load_state("networkidle")

    def is_restaurant_chunk(url: str) -> bool:
        return "/assets/" in url and "restaurant" in url

    assert not any(is_restaurant_chunk(url) for url in requested), "nothing of the demo is loaded with the home page"
    with page.expect_response(lambda response: is_restaurant_chunk(response.url)):
        card.hover()
    prefetched = [url for url in requested if is_restaurant_chunk(url)]
    assert prefetched, "hovering the card prefetches the demo's route code"
    card.click()
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    for url in set(prefetched):
        assert requested.count(url) == 1, f"{url} fetched again after the prefetch"


def test_a_visit_opened_on_a_dish_starts_the_demo_once(open_app, prod_database_url):
    user = 880005
    slug = rows(prod_database_url, "SELECT slug FROM restaurant_dishes ORDER BY id LIMIT 1")[0][0]
    page = open_app(signed_in(user), f"/demos/restaurant/dish/{slug}")  # a shared link, not the menu
    expect(page.get_by_test_id("dish-name")).to_be_visible()
    starts = "SELECT COUNT(*) FROM analytics_events WHERE user_id = :u AND category = 'demo' AND action = 'start' " \
             "AND label = 'restaurant'"
    eventually(lambda: count(prod_database_url, starts, u=user),
               what="demo_starts of a visit that began on a dish page")

    main_button_text(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("Added to the cart")
    open_cart_and_pick_a_slot(page)  # a second screen of the same visit
    # Picking the slot is answered after the cart screen's own load events: all of them are handled,
    # and the outbox has passed on whatever they published once it holds nothing more for this user.
    expect(page.get_by_test_id("slot").first).to_have_class(re.compile(r"\bbg-tg-button\b"))
    eventually(lambda: count(prod_database_url, "SELECT COUNT(*) FROM event_outbox WHERE user_id = :u", u=user),
               lambda pending: pending == 0, what="events of the visit not yet applied")
    assert count(prod_database_url, starts, u=user) == 1
