"""One value shared by every caller, recomputed at most once per `max_age_s`.

However many admins watch the dashboard, the database sees one snapshot query per
interval: the first caller to find the value stale recomputes it; callers arriving
meanwhile get the stale value at once (or, before there is any value, wait for the
same computation). Thread-safe and loop-agnostic: the only lock is a threading.Lock
held for a few assignments, never across an await, and waiters are woken through a
concurrent.futures.Future, which any thread's event loop can await.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class RefreshFailed(RuntimeError):
    """The computation a waiter relied on was cancelled before it produced a value."""


class SharedValue(Generic[T]):
    def __init__(self, compute: Callable[[], Awaitable[T]], *, max_age_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if max_age_s <= 0:
            raise ValueError("max_age_s must be positive")
        self._compute = compute
        self._max_age_s = max_age_s
        self._clock = clock
        self._lock = threading.Lock()
        self._value: T | None = None
        self._has_value = False
        self._computed_at = 0.0
        self._in_flight: concurrent.futures.Future[T] | None = None
        self.computations = 0  # how many times compute() ran: the cost the cache exists to bound

    async def get(self) -> T:
        with self._lock:
            if self._has_value and self._clock() - self._computed_at < self._max_age_s:
                return self._value  # type: ignore[return-value]
            in_flight = self._in_flight
            if in_flight is None:
                in_flight = self._in_flight = concurrent.futures.Future()
                mine = True
            else:
                mine = False
                if self._has_value:
                    return self._value  # type: ignore[return-value]
        if not mine:
            return await asyncio.wrap_future(in_flight)
        return await self._refresh(in_flight)

    async def _refresh(self, in_flight: concurrent.futures.Future[T]) -> T:
        try:
            value = await self._compute()
        except BaseException as error:
            with self._lock:
                self._in_flight = None
            # Waiters get the failure, never a cancellation that would end their own task.
            in_flight.set_exception(error if isinstance(error, Exception) else RefreshFailed(repr(error)))
            raise
        with self._lock:
            self._value, self._has_value = value, True
            # Measured from the end: a slow computation is never followed at once by the next.
            self._computed_at = self._clock()
            self._in_flight = None
            self.computations += 1
        in_flight.set_result(value)
        return value

    def forget(self) -> None:
        """Drop the value, so the next get() recomputes (tests; settings changed)."""
        with self._lock:
            self._has_value, self._value = False, None
