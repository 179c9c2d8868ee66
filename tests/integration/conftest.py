"""Real PostgreSQL and Redis: a database and a key prefix of this run's own, removed afterwards."""

from __future__ import annotations

import pytest

from tests.support.services import redis_key_prefix, redis_url, run_database
from tma_app.core.db import make_engine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def postgres_engine():
    """A fresh database on the test server, dropped at the end of the run."""
    with run_database("tma_test") as url:
        engine = make_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def redis_prefix():
    """A key prefix owned by this run; every key under it is deleted at the end."""
    with redis_key_prefix(redis_url(), "tma-test") as prefix:
        yield prefix


@pytest.fixture
def app_on_services(fresh_settings, postgres_engine, redis_prefix):
    """Point the app's settings at the real PostgreSQL database and Redis."""
    fresh_settings.setenv("DATABASE_URL", postgres_engine.url.render_as_string(hide_password=False))
    fresh_settings.setenv("REDIS_URL", redis_url())
    fresh_settings.setenv("REDIS_KEY_PREFIX", redis_prefix)
    return fresh_settings
