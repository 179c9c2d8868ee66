"""A fake Telegram Bot API server on loopback, for tests and benchmarks that drive the real client.

    with FakeBotApi() as fake:
        settings.setenv("TELEGRAM_BOT_API_URL", fake.base_url)
        fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        fake.block(42)                                   # sendMessage to chat 42 -> 403
        fake.star_transactions = [{"id": "charge-1", "amount": 50, "date": 0}]
        ...
        assert fake.calls == [("sendMessage", {"chat_id": 7, "text": "hi"})]
        fake.post_update(webhook_url, message_update(1, 7, "/start"), secret="s3cret")

URLs are Telegram's: `{base_url}/bot{token}/{method}`, parameters as a JSON body, a form or a
query string. Every call is recorded as (method, params) before it is answered, also the ones
scripted to fail. Answers are Telegram's shape: `{"ok": true, "result": ...}`, or
`{"ok": false, "error_code": ..., "description": ..., "parameters": {"retry_after": ...}}` with
the same HTTP status. With `token` set, another token is a 401 "Unauthorized" (not recorded).

Default results: sendMessage a Message in a private chat, createInvoiceLink "https://t.me/$<random>",
getStarTransactions `{"transactions": fake.star_transactions}`, getMe the bot, getWebhookInfo what
setWebhook set, anything else `true`. `results[method]` overrides a default.

The server is asyncio in a background thread (like tests/support/fake_openai.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx

WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BLOCKED_DESCRIPTION = "Forbidden: bot was blocked by the user"
BOT_USER = {"id": 7000000007, "is_bot": True, "first_name": "TMA test bot", "username": "tma_app_dev_bot"}


@dataclass(frozen=True)
class Failure:
    error_code: int
    description: str
    retry_after: float | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            after = self.retry_after
            body["parameters"] = {"retry_after": int(after) if float(after).is_integer() else after}
        return body


class FakeBotApi:
    """The server. Configure it at any time, even while calls are in flight."""

    def __init__(self, token: str | None = None, port: int = 0, host: str = "127.0.0.1") -> None:
        self.token = token
        self.host = host
        self.port = port
        self.results: dict[str, Any] = {}
        self.star_transactions: list[dict[str, Any]] = []
        self.delay_s = 0.0  # before every answer: a slow Telegram
        self._lock = threading.Condition()
        self._calls: list[tuple[str, dict[str, Any]]] = []
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._blocked: set[int] = set()
        self._webhook: dict[str, Any] = {}
        self._message_ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeBotApi:
        # Bound in the caller's thread, so the port is known (and taken) before start() returns.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(sock),), name="fake-bot-api",
                                        daemon=True)
        self._thread.start()
        if not self._ready.wait(10) or self._startup_error:
            sock.close()
            raise RuntimeError("fake Bot API server did not start") from self._startup_error
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    async def _serve(self, sock: socket.socket) -> None:
        connections: set[asyncio.Task[None]] = set()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            connections.add(task)
            try:
                await self._connection(reader, writer)
            except asyncio.CancelledError:
                pass  # stop(): ended quietly
            finally:
                connections.discard(task)

        try:
            self._loop = asyncio.get_running_loop()
            self._stopping = asyncio.Event()
            server = await asyncio.start_server(connection, sock=sock, backlog=1024)
        except BaseException as exc:
            self._startup_error = exc
            self._ready.set()
            raise
        self._ready.set()
        await self._stopping.wait()
        server.close()
        for task in list(connections):
            task.cancel()
        await asyncio.gather(*connections, return_exceptions=True)
        await server.wait_closed()

    # -- scripting and records -------------------------------------------------------------------

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every call so far as (method, params), in arrival order (a snapshot)."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The params of every call to one method, in order."""
        return [params for name, params in self.calls if name == method]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until `method` was called at least `count` times; its params."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [params for name, params in self._calls if name == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{method} called {len(found)} times, expected {count}: {self._calls}")
                self._lock.wait(remaining)

    def fail_next(self, method: str, error_code: int, description: str, retry_after: float | None = None) -> None:
        """The next call to `method` answers this error (queued: call it twice for two failures)."""
        with self._lock:
            self._failures[method].append(Failure(error_code, description, retry_after))

    def block(self, chat_id: int) -> None:
        """The user blocked the bot: sending to their chat is 403 until `unblock`."""
        with self._lock:
            self._blocked.add(int(chat_id))

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.discard(int(chat_id))

    # -- posting updates to the app ----------------------------------------------------------------

    @staticmethod
    def post_update(webhook_url: str, update: Any, secret: str | None = None, *,
                    timeout: float = 10.0) -> httpx.Response:
        """Deliver an update as Telegram does: POST JSON, the secret header when `secret` is given."""
        with httpx.Client(timeout=timeout) as client:
            return client.post(webhook_url, content=_encode(update), headers=_update_headers(secret))

    @staticmethod
    async def post_update_async(client: httpx.AsyncClient, webhook_url: str, update: Any,
                                secret: str | None = None) -> httpx.Response:
        """The same through the caller's client (many concurrent deliveries)."""
        return await client.post(webhook_url, content=_encode(update), headers=_update_headers(secret))

    # -- HTTP ------------------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while (request := await _read_request(reader)) is not None:
                status, body = self._answer(*request)
                if self.delay_s:
                    await asyncio.sleep(self.delay_s)
                await _send_json(writer, status, body)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:
            writer.transport.abort()  # stop(): the port must be released at once
            raise
        writer.close()

    def _answer(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = path.split("?")[0].strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = parts[0].removeprefix("bot"), parts[1]
        if self.token is not None and token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._lock:
            self._calls.append((method, params))
            self._lock.notify_all()
            failures = self._failures.get(method)
            failure = failures.popleft() if failures else None
            chat_id = params.get("chat_id")
            blocked = method.startswith("send") and _as_int(chat_id) in self._blocked
            if method == "setWebhook" and failure is None:
                self._webhook = {key: params[key] for key in ("url", "allowed_updates", "max_connections")
                                 if key in params}
        if failure is not None:
            return failure.error_code, failure.body()
        if blocked:
            return 403, Failure(403, BLOCKED_DESCRIPTION).body()
        return 200, {"ok": True, "result": self._result(method, params)}

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method in self.results:
            return self.results[method]
        if method == "sendMessage":
            message: dict[str, Any] = {
                "message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                "chat": {"id": _as_int(params.get("chat_id")), "type": "private"}, "text": params.get("text", ""),
            }
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "createInvoiceLink":
            return f"https://t.me/${secrets.token_urlsafe(12)}"
        if method == "getStarTransactions":
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
            return {"transactions": self.star_transactions[offset:offset + limit]}
        if method == "getMe":
            return BOT_USER
        if method == "getWebhookInfo":
            with self._lock:
                return {"url": "", "pending_update_count": 0, "has_custom_certificate": False, **self._webhook}
        return True


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _encode(update: Any) -> bytes:
    return update if isinstance(update, bytes) else json.dumps(update).encode()


def _update_headers(secret: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[WEBHOOK_SECRET_HEADER] = secret
    return headers


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, Any]] | None:
    """One HTTP/1.1 request as (path, params), or None when the client closed the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    _method, target, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    raw = await reader.readexactly(int(headers.get("content-length") or 0))
    path, _, query = target.partition("?")
    params: dict[str, Any] = dict(parse_qsl(query))
    content_type = headers.get("content-type", "")
    if raw and content_type.startswith("application/json"):
        body = json.loads(raw)
        if isinstance(body, dict):
            params.update(body)
    elif raw and content_type.startswith("application/x-www-form-urlencoded"):
        # Telegram reads JSON-serialised objects (reply_markup, prices) out of form fields.
        for key, value in parse_qsl(raw.decode()):
            try:
                params[key] = json.loads(value) if value[:1] in "[{" else value
            except ValueError:
                params[key] = value
    return path, params


async def _send_json(writer: asyncio.StreamWriter, status: int, payload: Any) -> None:
    body = json.dumps(payload).encode()
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
              429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway"}.get(status, "Status")
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    writer.write(head.encode() + body)
    await writer.drain()


# -- updates as Telegram sends them ----------------------------------------------------------------

def telegram_user(user_id: int, language_code: str | None = "en", first_name: str = "Ada") -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def message_update(update_id: int, user_id: int, text: str, *, language_code: str | None = "en",
                   **extra: Any) -> dict[str, Any]:
    """A private-chat text message from the user (a command when `text` starts with "/")."""
    message: dict[str, Any] = {
        "message_id": update_id, "date": int(time.time()), "from": telegram_user(user_id, language_code),
        "chat": {"id": user_id, "type": "private"}, "text": text, **extra,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def pre_checkout_update(update_id: int, user_id: int, *, query_id: str = "pcq-1", currency: str = "XTR",
                        total_amount: int = 50, invoice_payload: str = "payload") -> dict[str, Any]:
    return {"update_id": update_id, "pre_checkout_query": {
        "id": query_id, "from": telegram_user(user_id), "currency": currency, "total_amount": total_amount,
        "invoice_payload": invoice_payload,
    }}


def successful_payment_update(update_id: int, user_id: int, *, charge_id: str = "charge-1", currency: str = "XTR",
                              total_amount: int = 50, invoice_payload: str = "payload",
                              provider_charge_id: str = "") -> dict[str, Any]:
    payment = {"currency": currency, "total_amount": total_amount, "invoice_payload": invoice_payload,
               "telegram_payment_charge_id": charge_id, "provider_payment_charge_id": provider_charge_id}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "from": telegram_user(user_id),
        "chat": {"id": user_id, "type": "private"}, "successful_payment": payment,
    }}


def callback_query_update(update_id: int, user_id: int, data: str, *, query_id: str = "cbq-1") -> dict[str, Any]:
    return {"update_id": update_id, "callback_query": {
        "id": query_id, "from": telegram_user(user_id), "chat_instance": "1", "data": data,
    }}
