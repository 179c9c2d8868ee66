"""The webhook's requests taken in together: one transaction for every update that arrived meanwhile.

Under a burst (Telegram keeps up to 40 connections busy) one transaction per update would queue
the requests behind each other's commits. Here a request joins the next batch and waits for its
commit: at rest a batch is one update (no added delay); under load, everything that arrived
while the batches in flight were being written goes in the next one. Each request is answered only
after the commit that holds its claim, so nothing acknowledged is ever lost.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from tma_app.bot.inbox import TakenIn, take_in_many
from tma_app.core.db import in_session

MAX_BATCH = 500
# Batches written one at a time: a second writer in flight was measured slower (bench/webhook.py),
# the two competing for the same CPU and connection pool.
WRITERS = 1


class Intake:
    """One per event loop: a queue of (update, future) and at most WRITERS batches being written."""

    def __init__(self) -> None:
        self._queue: list[tuple[dict[str, Any], asyncio.Future[TakenIn]]] = []
        self._writers: set[asyncio.Task[None]] = set()

    async def take_in(self, update: dict[str, Any]) -> TakenIn:
        future: asyncio.Future[TakenIn] = asyncio.get_running_loop().create_future()
        self._queue.append((update, future))
        if len(self._writers) < WRITERS:
            writer = asyncio.create_task(self._write_batches())
            self._writers.add(writer)
            writer.add_done_callback(self._writers.discard)
        return await future

    async def _write_batches(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            try:
                results = await in_session(take_in_many, [update for update, _ in batch])
            except Exception as error:  # every request of the batch answers "try again"
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


_intakes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Intake] = weakref.WeakKeyDictionary()


async def take_in(update: dict[str, Any]) -> TakenIn:
    """Claim and queue one update, batched with whatever else this loop is taking in right now."""
    loop = asyncio.get_running_loop()
    intake = _intakes.get(loop)
    if intake is None:
        intake = _intakes[loop] = Intake()
    return await intake.take_in(update)
