"""Per-user rate limits with anomaly flags. Plain Python, no reflex.

A sliding-window log: each admitted request is one entry; a request is admitted
while fewer than `limit` entries fall inside the window. Rejected requests are
never recorded, so a client that keeps retrying is admitted again as soon as its
oldest admitted request leaves the window. With Redis the whole decision is one
Lua call (one round trip, atomic across workers, on Redis's clock); without it,
an in-process implementation with the same semantics.

Anomaly: 5 or more requests each under 100 ms after the previous one flag the
subject for an hour; a flagged subject is held to the sensitive tier everywhere.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, cast

import redis.asyncio as aioredis
from redis.exceptions import NoScriptError, RedisError

from tma_app.core.redis import namespaced_key

log = logging.getLogger(__name__)

NAMESPACE = "ratelimit"


@dataclass(frozen=True, slots=True)
class Tier:
    name: str
    limit: int
    window_ms: int
    # When Redis is unreachable: admit (open) or refuse (closed).
    fail_open: bool


STANDARD = Tier("standard", 100, 60_000, fail_open=True)
SENSITIVE = Tier("sensitive", 10, 60_000, fail_open=False)
ANALYTICS = Tier("analytics", 30, 60_000, fail_open=True)
BURST = Tier("burst", 10, 1_000, fail_open=True)
TIERS = {tier.name: tier for tier in (STANDARD, SENSITIVE, ANALYTICS, BURST)}
# A refused sensitive request during an outage may try again soon.
FAIL_CLOSED_RETRY_MS = 5_000
_SWEEP_EVERY = 4096


@dataclass(frozen=True, slots=True)
class AnomalyRule:
    max_gap_ms: int = 100
    run_length: int = 5
    flag_ms: int = 3_600_000


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    tier: str  # the tier actually applied (sensitive when flagged)
    limit: int
    remaining: int
    reset_ms: int  # until the next slot frees
    flagged: bool = False
    newly_flagged: bool = False
    degraded: bool = False  # decided without Redis

    @property
    def retry_after_s(self) -> int:
        return 0 if self.allowed else max(1, math.ceil(self.reset_ms / 1000))

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": str(math.ceil(self.reset_ms / 1000)),
            "X-RateLimit-Tier": self.tier,
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after_s)
        return headers


@dataclass(frozen=True, slots=True)
class Flag:
    """A subject held to the sensitive tier by the anomaly rule, and for how much longer."""

    subject: str  # "user:<telegram id>" or "ip:<address>"
    remaining_ms: int


def _newest_first(flags: list[Flag], limit: int) -> list[Flag]:
    # The longest time left is the most recent flag.
    return sorted(flags, key=lambda f: (-f.remaining_ms, f.subject))[:limit]


class Limiter(Protocol):
    async def hit(self, tier: Tier, subject: str) -> Decision: ...

    async def flagged(self, limit: int) -> list[Flag]: ...


# One round trip, 8 Redis calls. KEYS: 1 the tier's window, 2 the sensitive window,
# 3 the subject's anomaly state "last_ms:run:flag_until_ms". ARGV: limit, window_ms, tier name.
# The anomaly rule and the sensitive tier are written into the script (fewer arguments
# to send and parse on every call). Members are Redis's own microsecond clock, which
# no two executions share.
_SLIDING_WINDOW_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local last, run, flag = 0, 0, 0
local state = redis.call('GET', KEYS[3])
if state then
  local a, b, c = string.match(state, '^(%d+):(%d+):(%d+)$')
  last, run, flag = tonumber(a) or 0, tonumber(b) or 0, tonumber(c) or 0
end
if now - last < {gap} then run = run + 1 else run = 1 end
local flagged = flag > now
local newly = 0
if (not flagged) and run >= {run_length} then
  flag = now + {flag_ms}
  flagged = true
  newly = 1
end
local ttl = {gap}
if flagged then ttl = flag - now end
redis.call('SET', KEYS[3], now .. ':' .. run .. ':' .. flag, 'PX', ttl)

local key, limit, window, tier = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
if flagged and limit * {sensitive_window} > {sensitive_limit} * window then
  key, limit, window, tier = KEYS[2], {sensitive_limit}, {sensitive_window}, 'sensitive'
end

redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, t[1] .. '.' .. t[2])
  redis.call('PEXPIRE', key, window)
  count = count + 1
  allowed = 1
end
-- While slots remain, the window is fully free one window after this request; once none
-- remain, the next slot frees when the oldest entry leaves (the only case needing a read).
local reset = window
if count >= limit then
  reset = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]) + window - now
end
local bits = newly * 2
if flagged then bits = bits + 1 end
if tier == 'sensitive' then bits = bits + 4 end
return {{allowed, limit - count, reset, bits}}
"""


def _stricter_when_flagged(tier: Tier) -> bool:
    # Flagged users get the sensitive rate, unless their tier is already stricter.
    return tier.limit * SENSITIVE.window_ms > SENSITIVE.limit * tier.window_ms


def sliding_window_script(anomaly: AnomalyRule) -> str:
    return _SLIDING_WINDOW_LUA.format(
        gap=anomaly.max_gap_ms,
        run_length=anomaly.run_length,
        flag_ms=anomaly.flag_ms,
        sensitive_limit=SENSITIVE.limit,
        sensitive_window=SENSITIVE.window_ms,
    )


class RedisSlidingWindow:
    def __init__(self, client: aioredis.Redis, anomaly: AnomalyRule = AnomalyRule()) -> None:
        self._client = client
        self._source = sliding_window_script(anomaly)
        self._sha = hashlib.sha1(self._source.encode()).hexdigest()
        self._prefix = namespaced_key(NAMESPACE)

    def keys(self, tier: Tier, subject: str) -> tuple[str, str, str]:
        # One hash tag per subject keeps all its keys in one Redis Cluster slot.
        prefix, tag = self._prefix, "{" + subject + "}"
        return f"{prefix}:{tier.name}:{tag}", f"{prefix}:sensitive:{tag}", f"{prefix}:state:{tag}"

    async def hit(self, tier: Tier, subject: str) -> Decision:
        window, sensitive, state = self.keys(tier, subject)
        try:
            # redis-py types every command as sync-or-async; on the asyncio client it is awaitable.
            reply = await cast(Awaitable[list[int]], self._client.evalsha(
                self._sha, 3, window, sensitive, state, tier.limit, tier.window_ms, tier.name))
        except NoScriptError:
            # First call on this server (or after SCRIPT FLUSH): send the source once.
            reply = await cast(Awaitable[list[int]], self._client.eval(
                self._source, 3, window, sensitive, state, tier.limit, tier.window_ms, tier.name))
        allowed, remaining, reset, bits = reply
        applied = SENSITIVE if bits & 4 else tier
        return Decision(allowed == 1, applied.name, applied.limit, remaining, reset, bool(bits & 1), bool(bits & 2))

    async def flagged(self, limit: int = 100) -> list[Flag]:
        """Subjects flagged now, read from their anomaly state keys (on Redis's clock)."""
        state_prefix = f"{self._prefix}:state:"
        keys = [key async for key in self._client.scan_iter(match=_glob_escape(state_prefix) + "*", count=500)]
        seconds, microseconds = await self._client.time()
        now = int(seconds) * 1000 + int(microseconds) // 1000
        flags = []
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for key, state in zip(chunk, await self._client.mget(chunk), strict=True):
                flag_until = _flag_until(state)
                if flag_until > now:
                    subject = _text(key)[len(state_prefix):].removeprefix("{").removesuffix("}")
                    flags.append(Flag(subject, flag_until - now))
        return _newest_first(flags, limit)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _flag_until(state: str | bytes | None) -> int:
    """The flag's end from a state value "last_ms:run:flag_until_ms" (0 when unreadable or gone)."""
    parts = _text(state).split(":") if state is not None else []
    return int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0


def _glob_escape(text: str) -> str:
    # SCAN MATCH is a glob: a prefix holding *, ?, [ or \ must match only itself.
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class MemorySlidingWindow:
    """The same decisions in one process, for deployments without Redis."""

    def __init__(self, anomaly: AnomalyRule = AnomalyRule(), clock: Callable[[], float] = time.monotonic) -> None:
        self._anomaly = anomaly
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[tuple[str, str], deque[int]] = {}
        self._runs: dict[str, tuple[int, int]] = {}
        self._flags: dict[str, int] = {}
        self._hits = 0

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    async def hit(self, tier: Tier, subject: str) -> Decision:
        with self._lock:
            now = self._now_ms()
            self._hits += 1
            if self._hits % _SWEEP_EVERY == 0:
                self._sweep(now)
            return self._hit(tier, subject, now)

    async def flagged(self, limit: int = 100) -> list[Flag]:
        with self._lock:
            now = self._now_ms()
            flags = [Flag(subject, until - now) for subject, until in self._flags.items() if until > now]
        return _newest_first(flags, limit)

    def _sweep(self, now: int) -> None:
        """Forget subjects that went quiet, so memory follows active users only."""
        longest = max(tier.window_ms for tier in TIERS.values())
        self._windows = {k: w for k, w in self._windows.items() if w and w[-1] > now - longest}
        self._runs = {k: r for k, r in self._runs.items() if r[0] > now - 60_000}
        self._flags = {k: until for k, until in self._flags.items() if until > now}

    def _hit(self, tier: Tier, subject: str, now: int) -> Decision:
        flag_until = self._flags.get(subject, 0)
        flagged = flag_until > now
        last, run = self._runs.get(subject, (0, 0))
        run = run + 1 if last and now - last < self._anomaly.max_gap_ms else 1
        self._runs[subject] = (now, run)
        newly = False
        if not flagged and run >= self._anomaly.run_length:
            self._flags[subject] = now + self._anomaly.flag_ms
            flagged = newly = True
        applied = SENSITIVE if flagged and _stricter_when_flagged(tier) else tier
        window = self._windows.setdefault((applied.name, subject), deque())
        while window and window[0] <= now - applied.window_ms:
            window.popleft()
        allowed = len(window) < applied.limit
        if allowed:
            window.append(now)
        reset = window[0] + applied.window_ms - now if len(window) >= applied.limit else applied.window_ms
        return Decision(
            allowed=allowed,
            tier=applied.name,
            limit=applied.limit,
            remaining=applied.limit - len(window),
            reset_ms=reset,
            flagged=flagged,
            newly_flagged=newly,
        )


class RateLimiter:
    """The limiter the app uses: Redis when configured, with the tiers' failure modes."""

    def __init__(self, backend: Limiter) -> None:
        self._backend = backend
        self._outage = False

    async def hit(self, tier: Tier | str, subject: str) -> Decision:
        tier = TIERS[tier] if isinstance(tier, str) else tier
        try:
            decision = await self._backend.hit(tier, subject)
        except (RedisError, OSError) as error:
            if not self._outage:
                # Once per outage, not once per request.
                self._outage = True
                log.warning("rate limiter: Redis unreachable (%s); failing %s", type(error).__name__,
                            "open for standard/analytics, closed for sensitive")
            return Decision(
                allowed=tier.fail_open,
                tier=tier.name,
                limit=tier.limit,
                remaining=tier.limit if tier.fail_open else 0,
                reset_ms=0 if tier.fail_open else FAIL_CLOSED_RETRY_MS,
                degraded=True,
            )
        if self._outage:
            self._outage = False
            log.info("rate limiter: Redis is back")
        return decision

    async def flagged(self, limit: int = 100) -> list[Flag] | None:
        """Who is flagged right now (newest first); None when that cannot be known (Redis down)."""
        try:
            return await self._backend.flagged(limit)
        except (RedisError, OSError) as error:
            log.warning("rate limiter: could not read anomaly flags (%s)", type(error).__name__)
            return None


_limiter: RateLimiter | None = None


def get_rate_limiter() -> RateLimiter:
    """The process-wide limiter: Redis-backed when REDIS_URL is set, in-process otherwise."""
    global _limiter
    if _limiter is None:
        from tma_app.core.redis import get_redis

        client = get_redis()
        _limiter = RateLimiter(RedisSlidingWindow(client) if client is not None else MemorySlidingWindow())
    return _limiter


def reset_rate_limiter() -> None:
    """Forget the process-wide limiter (settings changed, e.g. in tests)."""
    global _limiter
    _limiter = None


def subject_for(telegram_id: int | None, ip_address: str | None) -> str:
    """Limits follow the Telegram user; anonymous callers are counted by IP."""
    return f"user:{telegram_id}" if telegram_id is not None else f"ip:{ip_address or 'unknown'}"
