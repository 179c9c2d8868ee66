"""A loopback TCP forwarder between the browser and a server, for what Chromium cannot emulate.

Playwright's `set_offline` and Chromium's throttling do not reach a service worker's own fetches,
so tests and benches put this link in front of the server instead:

    link = LoopbackLink(public_port, server_port)            # the test's cut: link.down(), link.up()
    link = LoopbackLink(public_port, server_port, rtt_ms=150, down_kbps=1600, up_kbps=750)  # a slow line

`down()` refuses new connections and drops open ones. With a line given, every byte waits the
one-way delay and its turn on a line shared by all connections of that direction; `slow(rtt_ms)`
adds latency (no bandwidth limit) to a running link and `slow(0)` takes it away. `freeze()` holds
every byte in both directions, connections stay open and new ones are accepted, as a server
stopped by SIGSTOP looks from outside; `thaw()` lets everything through, in order.
"""

from __future__ import annotations

import math
import socket
import threading
import time


class Line:
    """One direction of a slow line: latency plus bandwidth shared by every connection."""

    def __init__(self, one_way_s: float, bytes_per_s: float) -> None:
        self.one_way_s, self.bytes_per_s = one_way_s, bytes_per_s
        self._free_at = 0.0
        self._lock = threading.Lock()

    def release_time(self, size: int) -> float:
        with self._lock:
            start = max(time.monotonic(), self._free_at)
            self._free_at = start + size / self.bytes_per_s
            return self._free_at + self.one_way_s


class LoopbackLink:
    def __init__(self, port: int, target: int, *, rtt_ms: float = 0, down_kbps: float | None = None,
                 up_kbps: float | None = None) -> None:
        self.port, self.target = port, target
        self._down = Line(rtt_ms / 2000, down_kbps * 1000 / 8) if down_kbps is not None else None
        self._up = Line(rtt_ms / 2000, up_kbps * 1000 / 8) if up_kbps is not None else None
        self._flowing = threading.Event()
        self._flowing.set()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for conn in self._open:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()
            self._open.clear()

    def slow(self, rtt_ms: float) -> None:
        self._down = self._up = Line(rtt_ms / 2000, math.inf) if rtt_ms else None

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            for conn in (client, upstream):
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open.update((client, upstream))
            for source, sink, is_up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._forward, args=(source, sink, is_up), daemon=True).start()

    def _forward(self, source: socket.socket, sink: socket.socket, is_up: bool) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                line = self._up if is_up else self._down  # read per chunk: slow() applies to open connections
                if line is not None and (wait := line.release_time(len(data)) - time.monotonic()) > 0:
                    time.sleep(wait)  # the emulated line: this chunk's arrival time
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (source, sink):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            with self._lock:
                self._open.discard(source)
                self._open.discard(sink)
