"""Telegram's sending limits: 1 a second per chat, about 30 a second overall, across chats fairly."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from tma_app.bot.send_limit import OVERALL, PER_CHAT, MemorySchedule, SendLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_chat_gets_one_slot_a_second():
    clock = Clock()
    schedule = MemorySchedule(clock)
    waits = [schedule.reserve("chat:1", PER_CHAT) for _ in range(3)]
    assert waits == pytest.approx([0.0, 1.0, 2.0])
    clock.now += 5  # quiet for a while: no debt, no burst either
    assert schedule.reserve("chat:1", PER_CHAT) == 0.0
    assert schedule.reserve("chat:1", PER_CHAT) == pytest.approx(1.0)


def test_thirty_go_at_once_overall_then_one_every_34_ms():
    schedule = MemorySchedule(Clock())
    waits = [schedule.reserve("all", OVERALL) for _ in range(32)]
    assert waits[:30] == [0.0] * 30
    assert waits[30:] == pytest.approx([0.034, 0.068])


async def test_a_busy_chat_does_not_slow_the_others():
    clock = Clock()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = SendLimiter(MemorySchedule(clock), sleep=sleep)
    for _ in range(5):
        await limiter.acquire(1)
    assert sorted(slept) == pytest.approx([1.0, 2.0, 3.0, 4.0])
    slept.clear()
    assert await limiter.acquire(2) == 0.0 and slept == []


async def test_redis_down_falls_back_to_this_process():
    class Down:
        def reserve(self, key, rate):
            raise RedisConnectionError("down")

    async def sleep(seconds: float) -> None:
        pass

    limiter = SendLimiter(Down(), fallback=MemorySchedule(Clock()), sleep=sleep)
    assert await limiter.acquire(1) == 0.0
    assert await limiter.acquire(1) == pytest.approx(1.0)
