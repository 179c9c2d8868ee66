"""The server's side of the action queue: which queued actions it has handled.

The page sends a queued action with its queue key (`queued`); once the handler has run,
applied or refused, the key is listed in `ActionQueueState.handled` and the page forgets
the action. A handler that did not run (a rate limit, no verified user, a crash) lists
nothing, so the page sends the same action again later. Handlers keep their own
idempotency keys: this list only tells the page it may stop sending.

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    @handles_queued              # innermost: only a handler that ran lists its key
    async def set_quantity(self, line_id: int, quantity: int, stamp: int): ...
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from typing import Any

import reflex as rx

QUEUE_KEY_ARG = "queued"
# The page holds fewer unanswered actions than this (queue.js WINDOW), so none scrolls out unseen.
KEEP = 40
_KEY = re.compile(r"^[A-Za-z0-9]{8,64}$")


class ActionQueueState(rx.State):
    handled: list[str] = []

    def mark_handled(self, key: object) -> None:
        if isinstance(key, str) and _KEY.match(key) and key not in self.handled:
            self.handled = [*self.handled[-(KEEP - 1):], key]


async def _mark(state: rx.State, key: object) -> None:
    if key:
        queue = await state.get_state(ActionQueueState)
        queue.mark_handled(key)


def handles_queued(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Take the queue key off the event's arguments and list it once the handler has run."""
    if inspect.isasyncgenfunction(handler):

        @functools.wraps(handler)
        async def queued_stream(self: rx.State, *args: Any, **kwargs: Any) -> Any:
            key = kwargs.pop(QUEUE_KEY_ARG, None)
            async for update in handler(self, *args, **kwargs):
                yield update
            await _mark(self, key)

        return queued_stream

    @functools.wraps(handler)
    async def queued(self: rx.State, *args: Any, **kwargs: Any) -> Any:
        key = kwargs.pop(QUEUE_KEY_ARG, None)
        result = handler(self, *args, **kwargs)
        result = await result if inspect.isawaitable(result) else result
        await _mark(self, key)
        return result

    return queued
