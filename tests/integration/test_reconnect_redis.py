"""Two backend workers sharing Redis: a tab that moved to the other worker keeps its record."""

from __future__ import annotations

import uuid

import pytest
import redis.asyncio as aioredis
from reflex.utils.token_manager import RedisTokenManager

from tests.support.services import redis_url, unavailable
from tma_app.session import reconnect

pytestmark = pytest.mark.integration


@pytest.fixture
async def client():
    connection = aioredis.Redis.from_url(redis_url(), socket_connect_timeout=2)
    try:
        await connection.ping()
    except Exception as error:  # noqa: BLE001
        unavailable("Redis", f"{redis_url()}: {error.__class__.__name__}")
    yield connection
    await connection.aclose()


async def test_the_first_workers_late_disconnect_leaves_the_second_workers_record(client):
    reconnect.install()
    first, second = RedisTokenManager(client), RedisTokenManager(client)
    token = f"tab-{uuid.uuid4().hex}"
    key = first._get_redis_key(token)
    try:
        assert await first.link_token_to_sid(token, "sid-on-first") is None
        # The tab reconnects through the proxy to the second worker; on_connect clears the stale record.
        await client.delete(key)
        assert await second.link_token_to_sid(token, "sid-on-second") is None
        # Much later the first worker notices its socket died.
        await first.disconnect_token(token, "sid-on-first")
        assert await client.exists(key), "the second worker's link was deleted"
        assert token not in first.token_to_socket
        # The second worker's own disconnect still clears it.
        await second.disconnect_token(token, "sid-on-second")
        assert not await client.exists(key)
    finally:
        await client.delete(key)
        await first.close()
        await second.close()
