"""A fake OpenAI-compatible API on loopback, for tests and benchmarks that drive the real `openai` SDK.

    with FakeOpenAI() as fake:
        client = AsyncOpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0)
        fake.enqueue(Reply("Hello there", chunk_delay_s=0.05), Fail(429, retry_after=2))
        ...
        assert fake.requests[0].body["stream"] is True
        assert fake.wait_for_client_close(1.0).chunks_sent >= 1

Standalone (benchmarks, an app under test in a subprocess); prints the base URL, serves until killed:

    python -m tests.support.fake_openai --port 8911 --chunk-delay 0.02

Endpoints: POST /v1/chat/completions (streamed as Server-Sent Events or a plain JSON completion),
POST /v1/moderations, GET /v1/models. Everything else answers 404 in OpenAI's error shape.

Chat replies are scripted with `enqueue()` (first in, first out, one behaviour per request): `Reply`,
`Fail` or `Drop`. With nothing queued the reply is `default_text(last user message)`.

Token counting is deliberately simple and deterministic: one token per whitespace-separated word.
`prompt_tokens` counts the words of every message's text, `completion_tokens` the words sent, and
`max_tokens` / `max_completion_tokens` cut the reply after that many words (finish_reason "length").
A streamed reply sends `words_per_chunk` words per content chunk, the whitespace kept, so the
concatenated deltas equal the reply text exactly.

The server is asyncio in a background thread, so many slow streams run at once. While it waits
between chunks it polls the connection for EOF every 20 ms, so a client that walks away mid-stream
is recorded (`StreamRecord.client_closed`) within a few tens of milliseconds, not at the next write.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

DEFAULT_MODEL = "gpt-fake"
MODERATION_MODEL = "omni-moderation-latest"
MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
    "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
    "violence/graphic",
)
FLAGGED_CATEGORY = "harassment"  # the category a flagged word is reported under
_POLL_S = 0.02  # how often a waiting stream checks whether its client has gone


@dataclass(frozen=True)
class Reply:
    """Answer with this text. Delays apply to streamed and non-streamed requests alike."""

    text: str
    first_token_delay_s: float = 0.0
    chunk_delay_s: float = 0.0
    words_per_chunk: int = 1


@dataclass(frozen=True)
class Fail:
    """Answer with an OpenAI-shaped error: 429 -> RateLimitError, 500 -> InternalServerError, etc."""

    status: int
    retry_after: float | None = None
    message: str = "Fake failure scripted by the test."
    code: str | None = None  # OpenAI's `error.code`; derived from the status when None


@dataclass(frozen=True)
class Drop:
    """Stream `after_chunks` content chunks of the reply, then close the connection without [DONE].

    On a non-streamed request the connection is closed before any response is sent.
    """

    after_chunks: int
    text: str | None = None  # the default reply when None
    chunk_delay_s: float | None = None  # `default_chunk_delay_s` when None


Behaviour = Reply | Fail | Drop


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    body: Any  # the parsed JSON body; None when empty or not JSON
    headers: dict[str, str]  # lowercase names
    received_at: float  # time.monotonic()


@dataclass
class StreamRecord:
    """One streamed chat completion as the server saw it; updated while it is being sent."""

    id: str
    request: RequestRecord
    started_at: float
    chunks_sent: int = 0  # content chunks fully written (not counting the role, finish and usage chunks)
    finish_reason: str | None = None
    completed: bool = False  # `data: [DONE]` and the end of the body were written
    client_closed: bool = False  # the client went away before `completed`
    dropped: bool = False  # the server cut it on purpose (a `Drop` behaviour)
    closed_at: float | None = None  # time.monotonic() when it completed, was dropped, or the client was seen gone


class _ClientGone(Exception):
    pass


def count_tokens(text: str) -> int:
    return len(text.split())


def default_text(last_user_message: str) -> str:
    return (f"Echo: {last_user_message} This is the fake model answering. "
            "Each word arrives as its own chunk, so clients see a real stream. That is all.")


def _words(text: str) -> list[str]:
    """The text split into tokens that keep their leading whitespace, so `"".join(...) == text`."""
    pieces = re.findall(r"\s*\S+", text)
    tail = text[len("".join(pieces)):]
    if pieces:
        pieces[-1] += tail
    elif text:
        pieces = [text]  # whitespace only: one chunk, zero tokens is close enough
    return pieces


def _message_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: [{"type": "text", "text": ...}, {"type": "image_url", ...}]
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def _error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    kind, default_code = {
        400: ("invalid_request_error", None),
        401: ("invalid_request_error", "invalid_api_key"),
        404: ("invalid_request_error", "unknown_url"),
        429: ("requests", "rate_limit_exceeded"),
    }.get(status, ("server_error" if status >= 500 else "invalid_request_error", None))
    return {"error": {"message": message, "type": kind, "param": None, "code": code or default_code}}


class FakeOpenAI:
    """The server. Configure these attributes at any time, even while requests are in flight."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self.default_chunk_delay_s = 0.0
        self.default_first_token_delay_s = 0.0
        self.flagged_words: tuple[str, ...] = ("FLAGGED_BY_MODERATION",)
        self.moderation_available = True
        self.require_api_key: str | None = None
        self._lock = threading.Condition()
        self._queue: deque[Behaviour] = deque()
        self._moderation_queue: deque[Fail] = deque()
        self._requests: list[RequestRecord] = []
        self._streams: list[StreamRecord] = []
        self._closes_reported = 0  # client-closed streams already handed out by wait_for_client_close
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> FakeOpenAI:
        # Bound here, in the caller's thread, so the port is known (and taken) before start() returns.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(sock),), name="fake-openai", daemon=True)
        self._thread.start()
        if not self._ready.wait(10) or self._startup_error:
            sock.close()
            raise RuntimeError("fake OpenAI server did not start") from self._startup_error
        return self

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)
        if self._thread.is_alive():
            raise RuntimeError("fake OpenAI server thread did not stop")
        self._thread = None

    def __enter__(self) -> FakeOpenAI:
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
                # stop() cancelled it. Ended quietly: Python 3.11's start_server callback calls
                # task.exception() on a cancelled task and logs the CancelledError as an error.
                pass
            finally:
                connections.discard(task)

        try:
            self._loop = asyncio.get_running_loop()
            self._stopping = asyncio.Event()
            # A large backlog: benchmarks open dozens of connections at the same instant.
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

    def enqueue(self, *behaviours: Behaviour) -> None:
        """Script the next chat completions, one behaviour per request, in order."""
        with self._lock:
            self._queue.extend(behaviours)

    def enqueue_moderation(self, *failures: Fail) -> None:
        """Make the next moderation requests fail (e.g. a 500 to test failing open or closed)."""
        with self._lock:
            self._moderation_queue.extend(failures)

    @property
    def requests(self) -> list[RequestRecord]:
        """Every request so far, in arrival order (a snapshot)."""
        with self._lock:
            return list(self._requests)

    @property
    def streams(self) -> list[StreamRecord]:
        """Every streamed chat completion so far, in start order (a snapshot of live records)."""
        with self._lock:
            return list(self._streams)

    def wait_for_client_close(self, timeout: float = 5.0) -> StreamRecord:
        """The next stream whose client went away mid-stream, not returned by an earlier call."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                closed = [s for s in self._streams if s.client_closed]
                if len(closed) > self._closes_reported:
                    # Ordered by when the close was seen, so successive calls report closes in order.
                    closed.sort(key=lambda s: s.closed_at or 0.0)
                    self._closes_reported += 1
                    return closed[self._closes_reported - 1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no client closed a stream within {timeout} s; streams: {self._streams}")
                self._lock.wait(remaining)

    def _finish(self, stream: StreamRecord, **outcome: Any) -> None:
        with self._lock:
            for name, value in outcome.items():
                setattr(stream, name, value)
            stream.closed_at = time.monotonic()
            self._lock.notify_all()

    # -- HTTP ------------------------------------------------------------------------------------

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # As real servers do: without it a stream's small writes wait ~40 ms for the client's delayed ACK.
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while (request := await _read_request(reader)) is not None:
                with self._lock:
                    self._requests.append(request)
                if not await self._dispatch(request, reader, writer):
                    break
        except (_ClientGone, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:
            writer.transport.abort()  # stop(): no lingering, the port must be released at once
            raise
        # A graceful close, not abort(): a Drop's last chunks may still sit in the transport's buffer.
        writer.close()

    async def _dispatch(self, request: RequestRecord, reader: asyncio.StreamReader,
                        writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection must not be reused."""
        key = self.require_api_key
        if key is not None and request.headers.get("authorization") != f"Bearer {key}":
            return await _send_json(writer, 401, _error_body(401, "Incorrect API key provided."))
        route = (request.method, request.path.split("?")[0].rstrip("/"))
        if route == ("POST", "/v1/chat/completions") and isinstance(request.body, dict):
            return await self._chat(request, reader, writer)
        if route == ("POST", "/v1/moderations") and isinstance(request.body, dict) and self.moderation_available:
            return await self._moderate(request.body, writer)
        if route == ("GET", "/v1/models"):
            model = {"id": DEFAULT_MODEL, "object": "model", "created": 0, "owned_by": "fake"}
            return await _send_json(writer, 200, {"object": "list", "data": [model]})
        if route[0] == "POST" and route[1] in ("/v1/chat/completions", "/v1/moderations") and request.body is None:
            return await _send_json(writer, 400, _error_body(400, "We could not parse the JSON body of your request."))
        message = f"Invalid URL ({request.method} {request.path})"
        return await _send_json(writer, 404, _error_body(404, message))

    async def _moderate(self, body: dict[str, Any], writer: asyncio.StreamWriter) -> bool:
        with self._lock:
            failure = self._moderation_queue.popleft() if self._moderation_queue else None
        if failure is not None:
            return await _send_fail(writer, failure)
        inputs = body.get("input")
        inputs = inputs if isinstance(inputs, list) else [inputs]
        results = []
        for item in inputs:
            text = _message_text([item]) if isinstance(item, dict) else str(item or "")
            flagged = any(word in text for word in self.flagged_words)
            hit = {name: flagged and name == FLAGGED_CATEGORY for name in MODERATION_CATEGORIES}
            results.append({
                "flagged": flagged,
                "categories": hit,
                "category_scores": {name: 0.99 if hit[name] else 0.0001 for name in MODERATION_CATEGORIES},
                "category_applied_input_types": {name: ["text"] for name in MODERATION_CATEGORIES},
            })
        answer = {"id": f"modr-fake-{next(self._ids)}", "model": body.get("model") or MODERATION_MODEL,
                  "results": results}
        return await _send_json(writer, 200, answer)

    async def _chat(self, request: RequestRecord, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        body: dict[str, Any] = request.body
        with self._lock:
            behaviour = self._queue.popleft() if self._queue else None
        if isinstance(behaviour, Fail):
            return await _send_fail(writer, behaviour)
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        last_user = next((_message_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        if isinstance(behaviour, Reply):
            reply = behaviour
        else:
            text = (behaviour.text if behaviour else None) or default_text(last_user)
            delay = behaviour.chunk_delay_s if behaviour and behaviour.chunk_delay_s is not None else None
            reply = Reply(text, self.default_first_token_delay_s,
                          self.default_chunk_delay_s if delay is None else delay)
        drop_after = behaviour.after_chunks if isinstance(behaviour, Drop) else None

        words = _words(reply.text)
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        finish_reason = "stop"
        if isinstance(limit, int) and len(words) > limit:
            words, finish_reason = words[:limit], "length"
        prompt_tokens = sum(count_tokens(_message_text(m.get("content"))) for m in messages)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": count_tokens("".join(words)),
                 "total_tokens": prompt_tokens + count_tokens("".join(words))}
        completion_id = f"chatcmpl-fake-{next(self._ids)}"
        model = str(body.get("model") or DEFAULT_MODEL)
        per_chunk = max(1, reply.words_per_chunk)
        chunks = ["".join(words[i:i + per_chunk]) for i in range(0, len(words), per_chunk)]

        if not body.get("stream"):
            if drop_after is not None:
                return False  # closed with no response at all
            await _pause(reader, writer, reply.first_token_delay_s + reply.chunk_delay_s * max(0, len(chunks) - 1))
            message = {"role": "assistant", "content": "".join(chunks), "refusal": None}
            return await _send_json(writer, 200, {
                "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}],
                "usage": usage,
            })

        stream = StreamRecord(completion_id, request, time.monotonic())
        with self._lock:
            self._streams.append(stream)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))

        def event(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            chunk: dict[str, Any] = {
                "id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
            }
            if include_usage:
                chunk["usage"] = None  # as OpenAI does: every chunk has the key, only the last one a value
            return chunk

        try:
            await _write(writer, f"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                                 f"Cache-Control: no-cache\r\nx-request-id: req_{completion_id}\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n".encode())
            await _pause(reader, writer, reply.first_token_delay_s)
            await _write_event(writer, event({"role": "assistant", "content": "", "refusal": None}))
            for index, content in enumerate(chunks):
                if index == drop_after:
                    break
                if index:
                    await _pause(reader, writer, reply.chunk_delay_s)
                await _write_event(writer, event({"content": content}))
                stream.chunks_sent += 1
            if drop_after is not None:
                self._finish(stream, dropped=True)
                return False  # _connection aborts the socket: no final chunk, no [DONE]
            await _write_event(writer, event({}, finish_reason))
            stream.finish_reason = finish_reason
            if include_usage:
                await _write_event(writer, {**event({}), "choices": [], "usage": usage})
            # Recorded before the last write: a client that read [DONE] may look at the record at once.
            self._finish(stream, completed=True)
            await _write(writer, _chunk(b"data: [DONE]\n\n") + b"0\r\n\r\n")
        except (_ClientGone, ConnectionError):
            self._finish(stream, client_closed=True, completed=False)
            return False
        return True


async def _read_request(reader: asyncio.StreamReader) -> RequestRecord | None:
    """One HTTP/1.1 request, or None when the client closed the connection between requests."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    raw = await reader.readexactly(int(headers.get("content-length") or 0))
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    return RequestRecord(method, path, body, headers, time.monotonic())


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


async def _write(writer: asyncio.StreamWriter, data: bytes) -> None:
    if writer.transport.is_closing():
        raise _ClientGone
    writer.write(data)
    await writer.drain()  # raises ConnectionResetError once the client has gone


async def _write_event(writer: asyncio.StreamWriter, payload: dict[str, Any]) -> None:
    await _write(writer, _chunk(b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"))


async def _pause(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, seconds: float) -> None:
    """Sleep, but notice a client that closes meanwhile: raise _ClientGone within _POLL_S of its close.

    Polling `at_eof()` reads nothing, so a keep-alive client's next request stays in the buffer.
    """
    deadline = time.monotonic() + seconds
    while True:
        if reader.at_eof() or writer.transport.is_closing():
            raise _ClientGone
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        await asyncio.sleep(min(_POLL_S, remaining))


async def _send_json(writer: asyncio.StreamWriter, status: int, payload: Any,
                     extra_headers: dict[str, str] | None = None) -> bool:
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body)),
               "x-request-id": f"req_fake_{time.monotonic_ns()}", **(extra_headers or {})}
    head = f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    await _write(writer, head.encode() + body)
    return True


async def _send_fail(writer: asyncio.StreamWriter, failure: Fail) -> bool:
    headers = {}
    if failure.retry_after is not None:
        after = failure.retry_after
        headers["Retry-After"] = str(int(after)) if float(after).is_integer() else str(after)
    return await _send_json(writer, failure.status, _error_body(failure.status, failure.message, failure.code),
                            headers)


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            408: "Request Timeout", 409: "Conflict", 422: "Unprocessable Entity", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A fake OpenAI-compatible API on loopback.")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--chunk-delay", type=float, default=0.0, help="seconds between streamed chunks")
    parser.add_argument("--first-token-delay", type=float, default=0.0, help="seconds before the first chunk")
    args = parser.parse_args(argv)
    fake = FakeOpenAI(port=args.port, host=args.host)
    fake.default_chunk_delay_s = args.chunk_delay
    fake.default_first_token_delay_s = args.first_token_delay
    with fake:
        print(fake.base_url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
