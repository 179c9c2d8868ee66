"""Telegram's sending limits, shared by every worker: 1 message a second per chat, ~30 a second overall.

Each limit is a GCRA schedule (a "theoretical arrival time" per key): `reserve` books the next
free moment and says how long to wait for it, so waiting callers are served in order without
polling. A send first books its chat's slot, waits, then books a global slot: the chat's own
queue never holds global slots it cannot use yet, so other chats are not slowed down by it.

With Redis (its own key namespace, one Lua call per booking, on Redis's clock) the limits hold
across backend workers; without it, or while Redis is unreachable, within this process.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from redis import Redis
from redis.exceptions import RedisError

from tma_app.core.redis import get_sync_redis, namespaced_key
from tma_app.core.settings import get_settings

log = logging.getLogger(__name__)

NAMESPACE = "botsend"


@dataclass(frozen=True, slots=True)
class Rate:
    interval_ms: int  # one send per interval on average
    burst: int  # how many may go at once after a quiet spell


PER_CHAT = Rate(interval_ms=1000, burst=1)
OVERALL = Rate(interval_ms=34, burst=30)  # 29.4 a second: just under Telegram's "about 30"

# KEYS[1] the schedule; ARGV interval_ms, burst. Returns the wait in ms before the booked moment.
_RESERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, tat - (burst - 1) * interval)
local next_tat = math.max(tat, at) + interval
redis.call('SET', KEYS[1], next_tat, 'PX', next_tat - now + 1000)
return at - now
"""


class Schedule(Protocol):
    def reserve(self, key: str, rate: Rate) -> float:
        """Book the next free moment under `rate`; seconds to wait for it."""
        ...


class MemorySchedule:
    """The same bookings in one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._tat: dict[str, float] = {}

    def reserve(self, key: str, rate: Rate) -> float:
        interval = rate.interval_ms / 1000
        with self._lock:
            now = self._clock()
            if len(self._tat) > 10_000:  # forget chats that went quiet
                self._tat = {k: v for k, v in self._tat.items() if v > now}
            tat = self._tat.get(key, 0.0)
            at = max(now, tat - (rate.burst - 1) * interval)
            self._tat[key] = max(tat, at) + interval
            return at - now


class RedisSchedule:
    def __init__(self, client: Redis) -> None:
        self._client = client
        self._script = client.register_script(_RESERVE_LUA)

    def reserve(self, key: str, rate: Rate) -> float:
        wait_ms = self._script(keys=[key], args=[rate.interval_ms, rate.burst])
        return max(0, int(wait_ms)) / 1000


class SendLimiter:
    """Waits until a message to `chat_id` may go; Redis when configured, this process otherwise."""

    def __init__(self, schedule: Schedule, *, fallback: Schedule | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._schedule = schedule
        self._fallback = fallback or MemorySchedule()
        self._sleep = sleep
        self._outage = False

    async def acquire(self, chat_id: int) -> float:
        """Book and wait for this chat's next slot, then a global one; the seconds waited."""
        waited = await self._wait(namespaced_key(NAMESPACE, "chat", chat_id), PER_CHAT)
        return waited + await self._wait(namespaced_key(NAMESPACE, "all"), OVERALL)

    async def _wait(self, key: str, rate: Rate) -> float:
        delay = await self._reserve(key, rate)
        if delay > 0:
            await self._sleep(delay)
        return delay

    async def _reserve(self, key: str, rate: Rate) -> float:
        if self._schedule is self._fallback:
            return self._fallback.reserve(key, rate)
        try:
            # The blocking client in a thread: it works from any event loop (the webhook's, the bot's).
            delay = await asyncio.to_thread(self._schedule.reserve, key, rate)
        except (RedisError, OSError) as error:
            if not self._outage:
                self._outage = True  # once per outage, not once per message
                log.warning("send limiter: Redis unreachable (%s); limiting within this process",
                            type(error).__name__)
            return self._fallback.reserve(key, rate)
        if self._outage:
            self._outage = False
            log.info("send limiter: Redis is back")
        return delay


_limiters: dict[str | None, SendLimiter] = {}


def get_send_limiter() -> SendLimiter:
    """The process-wide limiter for the configured REDIS_URL (a settings change gets its own)."""
    url = get_settings().REDIS_URL
    limiter = _limiters.get(url)
    if limiter is None:
        client = get_sync_redis()
        memory = MemorySchedule()
        limiter = SendLimiter(RedisSchedule(client) if client is not None else memory, fallback=memory)
        _limiters[url] = limiter
    return limiter
