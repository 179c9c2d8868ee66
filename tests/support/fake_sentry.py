"""A fake Sentry ingest on loopback that keeps every envelope it is sent.

    with FakeSentry() as sentry:          # DSN: sentry.dsn, e.g. http://public@127.0.0.1:PORT/1
        ...
        sentry.wait_for(lambda s: s.errors())
        assert secret.encode() not in sentry.raw()

Envelopes are kept decoded: a gzip (Python SDK) body is decompressed, and so is each compressed
replay recording, so `raw()` is every byte a real ingest would have been able to read.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PUBLIC_KEY = "public"


@dataclass(frozen=True)
class Item:
    headers: dict[str, Any]
    payload: bytes

    @property
    def type(self) -> str:
        return str(self.headers.get("type", ""))

    def json(self) -> Any:
        return json.loads(self.payload)


@dataclass(frozen=True)
class Envelope:
    headers: dict[str, Any]
    items: tuple[Item, ...]
    raw: bytes  # the decoded body, recordings decompressed


class FakeSentry:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.envelopes: list[Envelope] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                owner._keep(body)
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def do_OPTIONS(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Headers", "*")
                self.send_header("Access-Control-Allow-Methods", "POST")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self.origin = f"http://{host}:{self._server.server_address[1]}"
        self.dsn = f"http://{PUBLIC_KEY}@{host}:{self._server.server_address[1]}/1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSentry:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _keep(self, body: bytes) -> None:
        envelope = parse_envelope(body)
        with self._lock:
            self.envelopes.append(envelope)

    def items(self, type_: str | None = None) -> list[Item]:
        with self._lock:
            return [i for e in self.envelopes for i in e.items if type_ is None or i.type == type_]

    def errors(self) -> list[dict[str, Any]]:
        return [item.json() for item in self.items("event")]

    def transactions(self) -> list[dict[str, Any]]:
        return [item.json() for item in self.items("transaction")]

    def spans(self) -> list[dict[str, Any]]:
        """Streamed spans (the browser SDK's traces): each `span` item holds a batch."""
        return [span for item in self.items("span") for span in item.json().get("items", [])]

    def raw(self) -> bytes:
        with self._lock:
            return b"\n".join(e.raw for e in self.envelopes)

    def wait_for(self, found: Callable[[FakeSentry], Any], timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found(self)
            if result:
                return result
            time.sleep(0.1)
        kinds = sorted({i.type for i in self.items()})
        errors = [v.get("value", "")[:80] for e in self.errors() for v in e.get("exception", {}).get("values", [])]
        transactions = [t.get("transaction") for t in self.transactions()]
        raise AssertionError(f"not received within {timeout} s; item types received: {kinds}; "
                             f"errors: {errors}; transactions: {transactions}")


def parse_envelope(body: bytes) -> Envelope:
    """Sentry's envelope format: a header line, then items (a header line and a payload each)."""
    first, _, rest = body.partition(b"\n")
    headers = json.loads(first)
    items = []
    decoded = [first]
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        item_headers = json.loads(item_line)
        if "length" in item_headers:
            length = int(item_headers["length"])
            payload, rest = rest[:length], rest[length:].removeprefix(b"\n")
        else:
            payload, _, rest = rest.partition(b"\n")
        if item_headers.get("type") == "replay_recording":
            payload = _recording(payload)
        items.append(Item(item_headers, payload))
        decoded += [item_line, payload]
    return Envelope(headers, tuple(items), b"\n".join(decoded))


def _recording(payload: bytes) -> bytes:
    """A replay segment: a JSON header line, then the rrweb events, compressed or not."""
    header, _, events = payload.partition(b"\n")
    try:
        events = zlib.decompress(events, wbits=47)  # zlib or gzip, whichever it is
    except zlib.error:
        pass
    return header + b"\n" + events
