"""The Redis rate limiter on a real server: contract, exact counts, and outages."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis.asyncio as aioredis

from tests.support.limiter_contract import CONTRACT, subject
from tests.support.services import redis_url, unavailable
from tma_app.security.rate_limit import SENSITIVE, STANDARD, AnomalyRule, RateLimiter, RedisSlidingWindow

pytestmark = pytest.mark.integration


@pytest.fixture
async def redis_limiter(app_on_services):
    client = aioredis.from_url(redis_url(), decode_responses=True)
    yield RedisSlidingWindow(client)
    await client.aclose()


@pytest.mark.parametrize("behaviour", CONTRACT, ids=lambda f: f.__name__)
async def test_redis_backend_contract(redis_limiter, behaviour):
    await behaviour(redis_limiter)


def pooled_client() -> aioredis.Redis:
    """Up to 64 connections at once, waiting for a free one rather than failing."""
    pool = aioredis.BlockingConnectionPool.from_url(redis_url(), decode_responses=True, max_connections=64)
    return aioredis.Redis(connection_pool=pool)


async def _hammer(limiter, tier, who, count):
    return await asyncio.gather(*(limiter.hit(tier, who) for _ in range(count)))


async def test_500_concurrent_requests_admit_exactly_100(app_on_services):
    # Many connections, as several workers would have: the Lua script is the only arbiter.
    client = pooled_client()
    # Anomaly flags off here: this test is about counting, the next about flagging.
    limiter = RedisSlidingWindow(client, AnomalyRule(run_length=10**9))
    try:
        decisions = await _hammer(limiter, STANDARD, subject(), 500)
    finally:
        await client.aclose()
    assert sum(d.allowed for d in decisions) == 100
    assert sorted(d.remaining for d in decisions if d.allowed) == list(range(100))


async def test_a_concurrent_flood_is_flagged_and_held_to_sensitive(app_on_services):
    client = pooled_client()
    try:
        decisions = await _hammer(RedisSlidingWindow(client), STANDARD, subject(), 500)
    finally:
        await client.aclose()
    # Four requests before the flag, then the sensitive tier's ten.
    assert sum(d.allowed for d in decisions) == 4 + SENSITIVE.limit
    assert sum(d.newly_flagged for d in decisions) == 1


class DisposableRedis:
    """A redis-server of the test's own, on a free port, that the test can stop and start."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server", "binary not installed")
        self.binary = binary
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("disposable redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def disposable_redis():
    server = DisposableRedis()
    server.start()
    yield server
    server.stop()


async def test_redis_outage_fails_open_or_closed_by_tier_and_recovers(app_on_services, disposable_redis, caplog):
    caplog.set_level(logging.INFO, logger="tma_app.security.rate_limit")
    client = aioredis.from_url(disposable_redis.url, decode_responses=True, socket_timeout=0.5,
                               socket_connect_timeout=0.5)
    limiter = RateLimiter(RedisSlidingWindow(client))
    who = subject()
    assert not (await limiter.hit("sensitive", who)).degraded

    disposable_redis.stop()
    for _ in range(3):
        assert (await limiter.hit("standard", who)).allowed
        assert (await limiter.hit("analytics", who)).allowed
        refused = await limiter.hit("sensitive", who)
        assert not refused.allowed and refused.degraded
    assert caplog.text.count("Redis unreachable") == 1

    disposable_redis.start()
    recovered = None
    for _ in range(40):
        recovered = await limiter.hit("sensitive", who)
        if not recovered.degraded:
            break
        await asyncio.sleep(0.1)
    assert recovered is not None and recovered.allowed and not recovered.degraded
    assert "Redis is back" in caplog.text
    await client.aclose()
