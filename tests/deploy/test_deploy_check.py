"""`make deploy-check`: the self-hosted topology, smoke-tested through the proxy.

Run in order: the last tests kill and restart backends under a live session.
"""

from __future__ import annotations

import json
import re
import signal
import time

import pytest
from playwright.sync_api import Page, expect

from tests.support.app_database import rows
from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty, fire
from tests.support.restaurant_steps import add_first_dish
from tests.support.telegram import ADMIN_ID, signed_init_data
from tests.support.topology import Topology, get
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

STOP_BOUND_S = 15
COMPLETED = '[data-testid="funnel-row"][data-demo="restaurant"] [data-testid="funnel-completed"]'


def open_page(browser, topology: Topology, user_id: int, name: str, path: str) -> Page:
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": user_id, "first_name": name}), version="9.1").install(context)
    page = context.new_page()
    page.goto(topology.url + path, wait_until="domcontentloaded")
    return page


def number(page: Page, selector: str) -> int:
    return page.evaluate(
        "(s) => { const e = document.querySelector(s); return e ? parseInt(e.textContent, 10) || 0 : 0 }", selector)


def place_order(page: Page) -> None:
    """On the cart page: pick a slot and order with Telegram's main button."""
    expect(page.get_by_test_id("cart-line").first).to_be_visible(timeout=20_000)
    page.get_by_test_id("slot").first.click()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-status")).to_contain_text("Accepted", timeout=20_000)


def dish_in_cart_then_menu(page: Page) -> None:
    add_first_dish(page)
    fire(page, "backButtonClicked")  # back to the menu, inside the app
    expect(page.get_by_test_id("cart-link")).to_be_visible()
    page.get_by_test_id("notice").get_by_role("button", name="Dismiss").click()
    expect(page.get_by_test_id("notice")).to_have_count(0)


def carry_on(page: Page) -> None:
    """After losing a backend, without reloading: the cart is still there, changes and orders."""
    page.get_by_test_id("cart-link").click()
    quantity, total = page.get_by_test_id("line-quantity"), page.get_by_test_id("cart-total")
    expect(quantity).to_have_text("1", timeout=20_000)
    single = total.inner_text()
    page.get_by_test_id("line-increase").click()
    expect(quantity).to_have_text("2")
    expect(total).not_to_have_text(single, timeout=20_000)  # the server confirmed the change
    place_order(page)
    expect(page.get_by_test_id("reconnecting")).to_have_count(0)


def test_migrations_are_their_own_step_and_gate_readiness(topology):
    assert topology.facts["live_before_migrations"] == 200
    status, _, body = topology.facts["ready_before_migrations"]
    assert status == 503 and json.loads(body)["schema"] == "empty"
    for backend in topology.backends.values():
        status, headers, body = get(f"{backend.url}/api/health/ready")
        assert status == 200, body
        assert json.loads(body) == {"status": "ready", "schema": "current", "redis": "ok"}
    status, _, body = get(f"{topology.url}/api/health/ready")
    assert status == 200
    status, _, body = get(f"{topology.url}/api/health")
    assert json.loads(body) == {"status": "ok", "database": "ok", "redis": "ok"}


def test_the_proxy_serves_the_export_with_the_apps_headers(topology):
    status, headers, body = get(topology.url + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors https://web.telegram.org" in policy and "localhost" not in policy
    assert f"connect-src 'self' {topology.url} {topology.url.replace('http', 'ws')};" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    bundle = re.search(rb'/assets/[^"]+\.js', body)
    assert bundle, "the page links no bundle"
    status, headers, _ = get(topology.url + bundle.group().decode())
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    # A dynamic route is the client router's: the fallback page, not a 404.
    status, headers, _ = get(topology.url + "/demos/ecommerce/product/no-such-product")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    # The export carries the public origin, never localhost.
    env_json = (topology.app_dir / ".web" / "env.json").read_text()
    assert "localhost" not in env_json and f"ws://127.0.0.1:{topology.proxy_port}/_event" in env_json


def test_sign_in_place_an_order_and_the_admin_dashboard_updates(browser, topology):
    admin = open_page(browser, topology, ADMIN_ID, "Root", "/admin")
    expect(admin.get_by_test_id("dashboard-updated")).to_contain_text("UTC", timeout=30_000)
    before = number(admin, COMPLETED)

    guest = open_page(browser, topology, 7_300_001, "Gale", "/")
    expect(guest.get_by_test_id("greeting")).to_have_text("Hi, Gale!", timeout=30_000)
    guest.goto(topology.url + "/demos/restaurant", wait_until="domcontentloaded")
    add_first_dish(guest)
    guest.goto(topology.url + "/demos/restaurant/cart", wait_until="domcontentloaded")
    place_order(guest)

    admin.wait_for_function("([s, n]) => { const e = document.querySelector(s);"
                            " return !!e && parseInt(e.textContent, 10) >= n }",
                            arg=[COMPLETED, before + 1], timeout=15_000)
    admin.context.close()
    guest.context.close()


def test_a_backend_dies_mid_session_and_the_user_carries_on_through_the_other(browser, topology):
    page = open_page(browser, topology, 7_300_002, "Hal", "/demos/restaurant")
    dish_in_cart_then_menu(page)
    holder = topology.backend_holding_sockets()
    other = next(name for name in topology.backends if name != holder)

    topology.stop_backend(holder, signal.SIGKILL)  # a crash: nothing is flushed, nothing is said

    carry_on(page)
    assert topology.backend_holding_sockets() == other
    page.context.close()
    topology.facts["crashed"] = holder


def test_a_rolling_restart_stops_each_backend_promptly_under_a_live_session(browser, topology):
    crashed = topology.facts.get("crashed", "a")
    topology.start_backend(crashed)
    topology.wait_for(f"{topology.backends[crashed].url}/api/health/ready", topology.backends[crashed])
    time.sleep(11)  # the proxy gives a backend that failed another try after fail_timeout (10 s)
    page = open_page(browser, topology, 7_300_003, "Ivy", "/demos/restaurant")
    dish_in_cart_then_menu(page)
    holder = topology.backend_holding_sockets()

    stopped_in = topology.stop_backend(holder, signal.SIGTERM, timeout=STOP_BOUND_S)
    print(f"backend {holder} (holding a live session) stopped {stopped_in:.1f} s after SIGTERM")
    assert stopped_in < STOP_BOUND_S
    log = topology.backends[holder].log.read_text()
    for sign in ("refused to gracefully stop", "did not stop within", "still busy after"):
        assert sign not in log, log[-3000:]

    carry_on(page)
    page.context.close()
    # The survivor stops as promptly.
    survivor = next(name for name, b in topology.backends.items() if b.running)
    assert topology.stop_backend(survivor, signal.SIGTERM, timeout=STOP_BOUND_S) < STOP_BOUND_S


def test_taps_made_while_every_backend_is_down_arrive_once_after_a_deploy(browser, topology, database_url):
    """A deploy (or an outage) with the user on the cart: the page says it is offline, keeps the taps in
    its queue, and once the backends are back it resumes the same session and sends each tap once."""
    for name, backend in topology.backends.items():
        if not backend.running:
            topology.start_backend(name)
            topology.wait_for(f"{backend.url}/api/health/ready", backend)
    user_id = 7_300_004
    page = open_page(browser, topology, user_id, "Jo", "/demos/restaurant")
    dish_in_cart_then_menu(page)
    page.get_by_test_id("cart-link").click()
    quantity = page.get_by_test_id("line-quantity")
    expect(quantity).to_have_text("1", timeout=20_000)

    for name in topology.backends:
        topology.stop_backend(name, signal.SIGTERM, timeout=STOP_BOUND_S)
    banner = page.get_by_test_id("connection-banner")
    expect(banner).to_have_attribute("data-state", "offline", timeout=20_000)
    page.get_by_test_id("line-increase").click()
    page.get_by_test_id("line-increase").click()
    expect(quantity).to_have_text("3")
    expect(banner).to_have_attribute("data-pending", "2")

    for name in topology.backends:
        topology.start_backend(name)
    # The proxy retries a backend it saw fail after its fail_timeout (10 s); the page keeps trying meanwhile.
    eventually(lambda: rows(database_url, "SELECT quantity FROM restaurant_cart_lines WHERE user_id = :u",
                            u=user_id), lambda q: q == [(3,)], what="the queued taps on the server",
               timeout_s=60, page=page)
    expect(banner).to_be_hidden(timeout=20_000)
    expect(quantity).to_have_text("3")
    page.context.close()
