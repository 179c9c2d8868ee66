"""A stand-in for Telegram's telegram-web-app.js: the same size, served from a second local origin.

Inside Telegram the page's first script is Telegram's own, from telegram.org: another origin (its
own connection) and about 109 KB of JavaScript (17 KB gzipped) that blocks the parser. Blocking
it in a benchmark hides that cost; this stand-in keeps it. Its body is the suite's fake WebApp
(tma_app/devmode/telegram_mock.js, with the launch the benchmark sets) followed by generated
functions that are parsed but never called, padded until the raw and gzipped sizes match the real
script's. It is served gzipped, as Telegram serves it, by a thread on 127.0.0.2 (a loopback
address of its own, so a second origin to the browser).

    with StandIn() as stand_in:           # serves http://127.0.0.2:<port>/js/telegram-web-app.js
        stand_in.launch(config)           # the fake's config for the next page load (None: outside Telegram)
"""

from __future__ import annotations

import gzip
import json
import random
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOCK = ROOT / "tma_app" / "devmode" / "telegram_mock.js"
HOST = "127.0.0.2"
PATH = "/js/telegram-web-app.js"
# telegram-web-app.js as shipped in @twa-dev/sdk 8.0.2 (npm): the newest copy this machine can fetch.
REAL_RAW_BYTES = 108_807
REAL_GZIP_BYTES = 17_442


def _filler(raw_bytes: int, randomness: float, seed: int = 7) -> str:
    """Never-called functions of about `raw_bytes`; `randomness` (0..1) sets how well they compress."""
    rng = random.Random(seed)
    words = ["value", "event", "params", "height", "color", "button", "callback", "theme", "viewport", "popup"]
    lines, size, n = ["function __tmaStandInBody() {"], 0, 0
    while size < raw_bytes:
        if rng.random() < randomness:
            name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
            literal = hex(rng.getrandbits(48))
        else:
            name, literal = rng.choice(words), "0"
        line = f"  function f{n}_{name}(a, b) {{ if (a && a.{name}) {{ return b + {literal}; }} return null; }}"
        lines.append(line)
        size += len(line) + 1
        n += 1
    lines.append("}")
    return "\n".join(lines)


def build_script(config: dict | None) -> bytes:
    """The fake WebApp for `config` (None: a browser outside Telegram), padded to the real script's sizes."""
    head = f"window.__TMA_MOCK_CONFIG__ = {json.dumps(config)};\n" if config is not None else ""
    body = head + MOCK.read_text() + "\n"
    room = max(0, REAL_RAW_BYTES - len(body.encode()))
    low, high = 0.0, 1.0
    for _ in range(14):  # bisect the filler's randomness until gzip matches
        middle = (low + high) / 2
        candidate = (body + _filler(room, middle))[:REAL_RAW_BYTES]
        if len(gzip.compress(candidate.encode(), 9)) < REAL_GZIP_BYTES:
            low = middle
        else:
            high = middle
    text = body + _filler(room, low)
    # Cut at a line end so the script still parses, then close the filler function.
    text = text[: text.rfind("\n", 0, REAL_RAW_BYTES - 2)] + "\n}\n"
    return text.encode()


class StandIn:
    def __init__(self) -> None:
        self._script = gzip.compress(build_script(None), 9)
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "not serving"
        return f"http://{HOST}:{self._server.server_address[1]}{PATH}"

    def launch(self, config: dict | None) -> tuple[int, int]:
        """Serve the fake with `config` from now on; returns the script's (raw, gzipped) bytes."""
        raw = build_script(config)
        self._script = gzip.compress(raw, 9)
        return len(raw), len(self._script)

    def __enter__(self) -> StandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.path.split("?")[0] != PATH:
                    self.send_error(404)
                    return
                body = stand_in._script
                self.send_response(200)
                self.send_header("Content-Type", "application/javascript; charset=utf-8")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")  # every run is a cold launch
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args) -> None:
                pass

        ThreadingHTTPServer.address_family = socket.AF_INET
        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
