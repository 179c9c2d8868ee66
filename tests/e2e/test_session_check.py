""""Checking your Telegram session…" never hangs: it says when the server is out of reach and
recovers by itself, and a sign-in the server never answered is sent again."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty
from tests.support.telegram import signed_init_data

pytestmark = pytest.mark.e2e


def _page(browser, *, user_id: int):
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": user_id, "first_name": "Wanda"})).install(context)
    return context, context.new_page()


def test_an_unreachable_server_is_said_and_the_page_recovers_when_it_is_back(browser, prod_server):
    context, page = _page(browser, user_id=7100001)
    reachable = {"now": False}

    def event_socket(ws):
        if reachable["now"]:
            ws.connect_to_server()
        else:
            ws.close()

    page.route_web_socket("**/_event/**", event_socket)
    try:
        page.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("reconnecting")).to_be_visible(timeout=20_000)
        expect(page.get_by_test_id("reconnecting")).to_contain_text("Can't reach the server")
        expect(page.get_by_test_id("loading-screen")).to_have_count(0)

        reachable["now"] = True
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Wanda!", timeout=60_000)
        expect(page.get_by_test_id("reconnecting")).to_have_count(0)
    finally:
        context.close()


def test_a_sign_in_the_server_never_answered_is_sent_again(browser, prod_server):
    context, page = _page(browser, user_id=7100002)
    dropped: list[float] = []

    def event_socket(ws):
        server = ws.connect_to_server()

        def to_server(message):
            # The first sign-in is lost, as when a backend stops while handling it.
            if not dropped and "sign_in" in str(message):
                dropped.append(time.monotonic())
                return
            server.send(message)

        ws.on_message(to_server)

    page.route_web_socket("**/_event/**", event_socket)
    try:
        page.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Wanda!", timeout=30_000)
        assert dropped, "the test never saw the sign-in to drop"
    finally:
        context.close()
