"""The bot's own event loop, in a daemon thread: where outbox deliveries run the async handlers.

The outbox worker is a thread; handlers are coroutines. One long-lived loop (not one
`asyncio.run` per batch) keeps one pooled HTTP client to Telegram for all of them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def bot_loop() -> asyncio.AbstractEventLoop:
    """The loop, started on first use."""
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="bot-loop", daemon=True).start()
            _loop = loop
        return _loop


def run_in_bot_loop(coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
    """Run a coroutine on the bot's loop from any other thread and wait for it (cancelled on timeout)."""
    future = asyncio.run_coroutine_threadsafe(coroutine, bot_loop())
    try:
        return future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise
