import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.support.limiter_contract import CONTRACT
from tma_app.security.rate_limit import (
    BURST,
    SENSITIVE,
    STANDARD,
    Decision,
    MemorySlidingWindow,
    RateLimiter,
    subject_for,
)


@pytest.mark.parametrize("behaviour", CONTRACT, ids=lambda f: f.__name__)
async def test_memory_backend_contract(behaviour):
    await behaviour(MemorySlidingWindow())


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_window_slides_one_request_at_a_time():
    clock = FakeClock()
    limiter = MemorySlidingWindow(clock=clock)
    for _ in range(100):
        assert (await limiter.hit(STANDARD, "u")).allowed
        clock.now += 0.2  # 100 requests over 20 s, never "rapid"
    refused = await limiter.hit(STANDARD, "u")
    assert not refused.allowed and refused.reset_ms == 40_000
    clock.now += 40.0
    assert (await limiter.hit(STANDARD, "u")).allowed, "the oldest request left the window"
    assert not (await limiter.hit(STANDARD, "u")).allowed


async def test_flag_lasts_an_hour():
    clock = FakeClock()
    limiter = MemorySlidingWindow(clock=clock)
    for _ in range(5):
        await limiter.hit(BURST, "u")
        clock.now += 0.01
    clock.now += 3599
    assert (await limiter.hit(STANDARD, "u")).tier == "sensitive"
    clock.now += 2
    assert (await limiter.hit(STANDARD, "u")).tier == "standard"


async def test_quiet_subjects_are_forgotten():
    clock = FakeClock()
    limiter = MemorySlidingWindow(clock=clock)
    for n in range(5000):
        await limiter.hit(STANDARD, f"u{n}")
    clock.now += 120
    for _ in range(4096 - 5000 % 4096):
        await limiter.hit(STANDARD, "active")
        clock.now += 0.2
    assert len(limiter._windows) < 10


def test_headers_and_subjects():
    decision = Decision(allowed=False, tier="standard", limit=100, remaining=0, reset_ms=1500)
    assert decision.headers() == {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "2",
        "X-RateLimit-Tier": "standard",
        "Retry-After": "2",
    }
    assert "Retry-After" not in Decision(True, "standard", 100, 99, 60_000).headers()
    assert subject_for(42, "1.2.3.4") == "user:42" and subject_for(None, "1.2.3.4") == "ip:1.2.3.4"


class FlakyBackend:
    def __init__(self) -> None:
        self.down = True

    async def hit(self, tier, subject):
        if self.down:
            raise RedisConnectionError("connection refused")
        return Decision(True, tier.name, tier.limit, tier.limit - 1, tier.window_ms)


async def test_outage_fails_open_except_sensitive_logs_once_and_recovers(caplog):
    backend = FlakyBackend()
    limiter = RateLimiter(backend)
    with caplog.at_level(logging.INFO, logger="tma_app.security.rate_limit"):
        for _ in range(20):
            assert (await limiter.hit("standard", "u")).allowed
            assert (await limiter.hit("analytics", "u")).allowed
            closed = await limiter.hit(SENSITIVE, "u")
            assert not closed.allowed and closed.degraded and closed.retry_after_s == 5
        assert caplog.text.count("Redis unreachable") == 1
        backend.down = False
        assert not (await limiter.hit("sensitive", "u")).degraded
        assert caplog.text.count("Redis is back") == 1
