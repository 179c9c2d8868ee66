"""A phone's connection, cut and restored by the test.

`cut()` takes the browser context offline (Playwright's network emulation: `navigator.onLine`
turns false, fetches and new websockets fail) and closes the page's end of every open Reflex
websocket while leaving the server's end open, as a phone in a tunnel does: the server notices
only at its ping timeout. Every message the page sends is kept in `sent`, so a test can count
what reached the server.

    network = Network(context)     # before the page that opens the socket loads
    network.cut()
    ...                            # taps while offline
    network.restore()              # Reflex reconnects by itself

`cut(socket_first=True)` drops the sockets a moment before the browser reports the network gone, as
when a phone leaves wifi: Reflex is already trying to reconnect when the page hears `offline`.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, WebSocketRoute

EVENT_SOCKET = "**/_event/**"


class Network:
    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self._open: list[WebSocketRoute] = []
        self.sent: list[str] = []
        self.opened = 0  # sockets the page opened, for failure messages
        self.offline = False
        context.route_web_socket(EVENT_SOCKET, self._route)

    def _route(self, page_side: WebSocketRoute) -> None:
        self.opened += 1
        server = page_side.connect_to_server()
        self._open.append(page_side)

        def from_page(message: str | bytes) -> None:
            if isinstance(message, str):
                self.sent.append(message)
            server.send(message)

        page_side.on_message(from_page)
        server.on_message(page_side.send)
        # With close handlers Playwright does not close the other end: the server's side stays open.
        page_side.on_close(lambda *_: None)
        server.on_close(lambda *_: page_side.close())

    def cut(self, socket_first: bool = False) -> None:
        self.offline = True
        if not socket_first:
            self.context.set_offline(True)
        open_sockets, self._open = self._open, []
        for page_side in open_sockets:
            page_side.close()
        if socket_first:
            self.context.set_offline(True)

    def restore(self) -> None:
        self.offline = False
        self.context.set_offline(False)

    def describe(self, handler: str) -> str:
        """What the network saw, for a failure message."""
        return (f"network: offline={self.offline}, {self.opened} sockets opened by the page, "
                f"{len(self.calls(handler))} {handler} calls sent")

    def calls(self, handler: str) -> list[str]:
        """The messages that called `handler` (a method name), in the order the page sent them."""
        return [message for message in self.sent if f'.{handler}"' in message]
