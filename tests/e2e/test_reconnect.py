"""A tab whose socket dies without the server noticing comes back on the same session.

On a phone the old connection usually stays open on the server (no FIN from a sleeping
device or a dropped proxy) while the page already reconnects. Reflex then treats the tab
as a duplicate and hands it a new token: an empty state. Here the page's side of the
socket is closed and the server's side is left open, exactly that case.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty
from tests.support.telegram import signed_init_data
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e


class HalfClosableSockets:
    """Every page websocket goes through here; `cut_page_side` closes only the page's end of the last one."""

    def __init__(self) -> None:
        self.routes: list = []
        self.to_page: list[list[str]] = []
        self.to_server: list[list[str]] = []

    def __call__(self, ws) -> None:
        server = ws.connect_to_server()
        to_page: list[str] = []
        to_server: list[str] = []
        self.routes.append(ws)
        self.to_page.append(to_page)
        self.to_server.append(to_server)

        def from_page(message):
            to_server.append(str(message))
            server.send(message)

        def from_server(message):
            to_page.append(str(message))
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)
        # Handlers for close stop Playwright from closing the other side: the server's end stays open.
        ws.on_close(lambda *_: None)
        server.on_close(lambda *_: ws.close())

    def cut_page_side(self) -> None:
        self.routes[-1].close()


def test_a_reconnect_before_the_server_noticed_keeps_the_session(browser, prod_server):
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": 7100101, "first_name": "Rhea"})).install(context)
    page = context.new_page()
    sockets = HalfClosableSockets()
    page.route_web_socket("**/_event/**", sockets)
    try:
        page.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Rhea!", timeout=30_000)
        token = page.evaluate("sessionStorage.getItem('token')")

        sockets.cut_page_side()
        eventually(lambda: len(sockets.routes) > 1 and any("hydrate" in m for m in sockets.to_server[-1]),
                   what="the page reconnected with its hydrate", page=page)
        # The reconnect's hydrate has been answered: the session is the same one.
        eventually(lambda: len(sockets.to_page[-1]) > 1, what="the server answered the reconnect", page=page)

        assert not any("new_token" in m for m in sockets.to_page[-1]), (
            "the server handed the tab a new, empty session", [m[:300] for m in sockets.to_server[-1]][:3])
        assert page.evaluate("sessionStorage.getItem('token')") == token
        assert not any("sign_in" in m for m in sockets.to_server[-1]), "the page had to sign in again"
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Rhea!")
        expect(page.get_by_test_id("loading-screen")).to_have_count(0)
    finally:
        context.close()


def test_a_duplicated_tab_still_gets_a_session_of_its_own(browser, prod_server):
    """A second page with the same stored token (a duplicated tab) is a first connect: Reflex's rule stands."""
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": 7100102, "first_name": "Ida"})).install(context)
    first = context.new_page()
    try:
        first.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(first.get_by_test_id("greeting")).to_have_text("Hi, Ida!", timeout=30_000)
        token = first.evaluate("sessionStorage.getItem('token')")

        second = context.new_page()
        second.add_init_script(f"sessionStorage.setItem('token', {token!r})")
        second.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(second.get_by_test_id("greeting")).to_have_text("Hi, Ida!", timeout=30_000)
        eventually(lambda: second.evaluate("sessionStorage.getItem('token')") != token,
                   what="the duplicated tab got a token of its own", page=second)
        expect(first.get_by_test_id("greeting")).to_have_text("Hi, Ida!")
    finally:
        context.close()
