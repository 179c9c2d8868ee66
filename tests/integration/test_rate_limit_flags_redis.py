"""Who is flagged, read back from a real Redis: what the admin dashboard lists."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

from tests.support.limiter_contract import subject
from tests.support.services import redis_url
from tma_app.security.rate_limit import STANDARD, AnomalyRule, RedisSlidingWindow

pytestmark = pytest.mark.integration


@pytest.fixture
async def client(app_on_services):
    client = aioredis.from_url(redis_url(), decode_responses=True)
    yield client
    await client.aclose()


async def test_flagged_subjects_are_read_from_their_state_keys(client):
    limiter = RedisSlidingWindow(client, AnomalyRule(flag_ms=120_000))
    rapid, calm = subject(), subject()
    for _ in range(5):
        await limiter.hit(STANDARD, rapid)
    await limiter.hit(STANDARD, calm)
    flags = {f.subject: f.remaining_ms for f in await limiter.flagged()}
    assert rapid in flags and calm not in flags
    assert 100_000 < flags[rapid] <= 120_000


async def test_a_lifted_flag_is_no_longer_listed(client):
    limiter = RedisSlidingWindow(client)
    who = subject()
    for _ in range(5):
        await limiter.hit(STANDARD, who)
    assert who in [f.subject for f in await limiter.flagged()]
    # The key outlives its flag (as it would under clock skew): the flag's own end decides.
    key = limiter.keys(STANDARD, who)[2]
    seconds, _ = await client.time()
    await client.set(key, f"{seconds * 1000}:1:{seconds * 1000 - 1}")
    assert who not in [f.subject for f in await limiter.flagged()]
