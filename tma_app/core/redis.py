"""The Redis connection, optional: every Redis-backed feature degrades without it.

Features own their key namespace through `namespaced_key`, so that several
deployments (or test runs) can share one server without touching each other.
"""

from __future__ import annotations

from collections.abc import Awaitable
from functools import lru_cache
from typing import cast

import redis
import redis.asyncio as aioredis

from tma_app.core.settings import get_settings


@lru_cache(maxsize=1)
def get_redis() -> aioredis.Redis | None:
    """The shared async client, or None when REDIS_URL is not set."""
    url = get_settings().REDIS_URL
    if url is None:
        return None
    return aioredis.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        health_check_interval=30,
    )


def get_sync_redis() -> redis.Redis | None:
    """A blocking client for sync code (worker threads, sync services), or None without REDIS_URL."""
    url = get_settings().REDIS_URL
    return None if url is None else _sync_client(url)


@lru_cache(maxsize=4)
def _sync_client(url: str) -> redis.Redis:
    # Keyed by URL: a settings change (tests) gets its own client without a cache to clear.
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=1.0,
        socket_timeout=1.0,
        health_check_interval=30,
    )


def namespaced_key(namespace: str, *parts: object) -> str:
    """`<prefix><namespace>:<part>:<part>` — the only way features name their keys."""
    prefix = get_settings().REDIS_KEY_PREFIX
    return ":".join([f"{prefix}{namespace}", *(str(part) for part in parts)])


async def redis_status() -> str:
    """'ok', 'down', or 'not_configured' — for the health check."""
    client = get_redis()
    if client is None:
        return "not_configured"
    try:
        # redis-py types every command as sync-or-async; on the asyncio client it is awaitable.
        await cast(Awaitable[bool], client.ping())
        return "ok"
    except Exception:
        return "down"
