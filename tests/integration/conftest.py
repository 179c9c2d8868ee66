"""Real PostgreSQL and Redis: a database and a key prefix of this run's own, removed afterwards."""

from __future__ import annotations

import uuid

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.services import postgres_url, redis_url, unavailable
from tma_app.core.db import make_engine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def postgres_engine():
    """A fresh database on the test server, dropped at the end of the run."""
    admin_url = make_url(postgres_url())
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "not here"
        unavailable("PostgreSQL", f"{admin_url.render_as_string(hide_password=True)}: {error.__class__.__name__}")
    name = f"tma_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(admin_url.set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_prefix():
    """A key prefix owned by this run; every key under it is deleted at the end."""
    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        unavailable("Redis", f"{redis_url()}: {error.__class__.__name__}")
    prefix = f"tma-test-{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def app_on_services(fresh_settings, postgres_engine, redis_prefix):
    """Point the app's settings at the real PostgreSQL database and Redis."""
    fresh_settings.setenv("DATABASE_URL", postgres_engine.url.render_as_string(hide_password=False))
    fresh_settings.setenv("REDIS_URL", redis_url())
    fresh_settings.setenv("REDIS_KEY_PREFIX", redis_prefix)
    return fresh_settings
