"""Hold a page's calls of one Reflex event handler on their way to the server.

Reflex sends every event over one websocket (`/_event`), one Socket.IO message per
event naming its handler. Routed through the test, every message passes unchanged
except the calls of the handler being held: the server has not seen them, so
whatever the page shows meanwhile is the page's own (an optimistic value), and
the server's answer comes only after the block that holds them ends.

    socket = EventSocket(page)           # before the page that opens the socket loads
    page.goto(cart_url)
    with socket.holding("set_quantity"):
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("3")   # shown before the server answered
    expect(quantity).to_have_text("2")       # the server's word, after the release
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, WebSocketRoute

from tests.support.waiting import eventually

EVENT_SOCKET = "**/_event/**"


class EventSocket:
    def __init__(self, page: Page) -> None:
        self._page = page
        self._handler: str | None = None
        self._held: list[tuple[WebSocketRoute, str]] = []
        page.route_web_socket(EVENT_SOCKET, self._route)

    def _route(self, page_side: WebSocketRoute) -> None:
        server = page_side.connect_to_server()

        def from_page(message: str | bytes) -> None:
            if self._handler and isinstance(message, str) and self._handler in message:
                self._held.append((server, message))
            else:
                server.send(message)

        page_side.on_message(from_page)  # the server's answers keep flowing to the page untouched

    @contextmanager
    def holding(self, handler: str) -> Iterator[None]:
        """Hold every call of `handler` (a method name, e.g. "set_quantity") sent in the block.

        At the end of the block the calls go to the server, in the order the page sent them;
        the block fails if the page sent none.
        """
        self._handler = f'.{handler}"'  # the end of the event's qualified name in the message
        try:
            yield
            eventually(lambda: len(self._held), what=f"a call of {handler} sent by the page", page=self._page)
        finally:
            self._handler = None
            held, self._held = self._held, []
            for server, message in held:
                server.send(message)
