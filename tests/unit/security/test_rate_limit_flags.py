"""Reading who the anomaly rule flagged: the admin dashboard's list of flagged users."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError

from tma_app.security.rate_limit import STANDARD, AnomalyRule, Flag, MemorySlidingWindow, RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def rapid(limiter, subject: str, clock: FakeClock, count: int = 5) -> None:
    for _ in range(count):
        await limiter.hit(STANDARD, subject)
        clock.now += 0.01


async def test_flagged_subjects_are_listed_newest_first_until_the_flag_lifts():
    clock = FakeClock()
    limiter = MemorySlidingWindow(AnomalyRule(flag_ms=60_000), clock=clock)
    await rapid(limiter, "user:1", clock)
    clock.now += 10
    await rapid(limiter, "ip:10.0.0.9", clock)
    for _ in range(3):  # spaced: never flagged
        await limiter.hit(STANDARD, "user:2")
        clock.now += 1
    flags = await limiter.flagged()
    assert [f.subject for f in flags] == ["ip:10.0.0.9", "user:1"]
    assert flags[0].remaining_ms > flags[1].remaining_ms > 40_000
    clock.now += 55
    assert [f.subject for f in await limiter.flagged()] == ["ip:10.0.0.9"]
    clock.now += 10
    assert await limiter.flagged() == []


async def test_the_list_is_capped():
    clock = FakeClock()
    limiter = MemorySlidingWindow(clock=clock)
    for n in range(5):
        await rapid(limiter, f"user:{n}", clock)
        clock.now += 1
    assert [f.subject for f in await limiter.flagged(limit=2)] == ["user:4", "user:3"]


class Unreachable:
    async def hit(self, tier, subject):
        raise RedisConnectionError("down")

    async def flagged(self, limit):
        raise RedisConnectionError("down")


async def test_unknown_rather_than_empty_when_redis_is_down():
    assert await RateLimiter(Unreachable()).flagged() is None


async def test_the_app_limiter_passes_the_backends_flags_through():
    clock = FakeClock()
    backend = MemorySlidingWindow(clock=clock)
    await rapid(backend, "user:7", clock)
    assert await RateLimiter(backend).flagged() == [Flag("user:7", 3_600_000 - 10)]
