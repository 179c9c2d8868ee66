"""The bot's sending limits on real Redis, shared by two workers: 1 a second per chat, ~30 a second overall."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from tests.support.services import redis_url
from tma_app.bot.send_limit import OVERALL, PER_CHAT, MemorySchedule, RedisSchedule, SendLimiter
from tma_app.core.redis import namespaced_key

pytestmark = pytest.mark.integration


@pytest.fixture
def workers(app_on_services):
    """Two schedules on separate connections, as two backend processes would have."""
    clients = [redis.Redis.from_url(redis_url(), decode_responses=True) for _ in range(2)]
    yield [RedisSchedule(client) for client in clients]
    for client in clients:
        client.close()


def test_one_chat_gets_one_slot_a_second_across_workers(workers):
    key = namespaced_key("botsend", "chat", uuid.uuid4().hex)
    waits = [workers[i % 2].reserve(key, PER_CHAT) for i in range(4)]
    assert waits[0] == 0
    # Each booking is a second after the previous one, whichever worker made it (Redis's clock, ms).
    for previous, current in zip(waits, waits[1:], strict=False):
        assert 0.95 <= current - previous <= 1.05


def test_thirty_at_once_overall_then_spaced(workers):
    key = namespaced_key("botsend", "all", uuid.uuid4().hex)
    waits, calls = [], []
    for i in range(40):
        before = time.monotonic()
        waits.append(workers[i % 2].reserve(key, OVERALL))
        calls.append((before, time.monotonic()))
    assert max(waits[:30]) < 0.05, "a burst of 30 goes at once"
    # Then one every 34 ms: the 40th is booked ten slots after the burst, so its wait plus the time that
    # passed between the first and the last call is ten slots, however slow the calls were (a busy host).
    shortest, longest = calls[-1][0] - calls[0][1], calls[-1][1] - calls[0][0]
    assert waits[-1] + shortest <= 0.034 * 10 + 0.005 and waits[-1] + longest >= 0.034 * 10 - 0.005


def test_the_keys_live_in_their_own_namespace_and_expire(workers, redis_prefix):
    key = namespaced_key("botsend", "chat", 42)
    assert key.startswith(f"{redis_prefix}botsend:")
    workers[0].reserve(key, PER_CHAT)
    ttl = redis.Redis.from_url(redis_url()).pttl(key)
    assert 0 < ttl <= 2000


async def test_the_limiter_waits_on_redis_bookings(workers):
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = SendLimiter(workers[0], fallback=MemorySchedule(), sleep=sleep)
    chat = uuid.uuid4().int % 2**40
    await limiter.acquire(chat)
    await limiter.acquire(chat)
    assert len(slept) >= 1 and 0.9 <= max(slept) <= 1.05
