"""Real PostgreSQL and Redis for integration tests.

Unreachable services skip the test with the reason, except under CI=true,
where a missing service is a failure: CI must never pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(service: str, reason: str) -> None:
    message = f"{service} unavailable: {reason}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: service tests must run)", pytrace=False)
    pytest.skip(message)


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)


@contextmanager
def run_database(prefix: str) -> Iterator[str]:
    """A database of this run on the PostgreSQL server (its URL), dropped afterwards."""
    admin_url = make_url(postgres_url())
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "not here"
        unavailable("PostgreSQL", f"{admin_url.render_as_string(hide_password=True)}: {error.__class__.__name__}")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis_key_prefix(url: str, prefix: str) -> Iterator[str]:
    """A key prefix of this run on the Redis server at `url`; its keys are deleted afterwards."""
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        unavailable("Redis", f"{url}: {error.__class__.__name__}")
    run_prefix = f"{prefix}-{uuid.uuid4().hex[:10]}:"
    try:
        yield run_prefix
    finally:
        try:
            keys = list(client.scan_iter(match=f"{run_prefix}*", count=500))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass  # a disposable server may be gone already
        client.close()
