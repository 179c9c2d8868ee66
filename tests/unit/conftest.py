from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests.support.database import upgrade
from tma_app.core.db import get_engine
from tma_app.core.settings import load_settings
from tma_app.security import rate_limit


@pytest.fixture(scope="session")
def migrated_engine():
    """The suite's SQLite file, migrated once with the real migrations."""
    engine = get_engine()
    upgrade(engine)
    return engine


@pytest.fixture
def api_settings() -> dict[str, str]:
    """Settings the app's HTTP routes need beyond the test defaults; a test module overrides this fixture."""
    return {}


@pytest.fixture
def api_client(migrated_engine, fresh_settings, api_settings) -> Iterator[TestClient]:
    """The app's HTTP routes in process, behind its real middleware, with fresh rate limits."""
    for name, value in api_settings.items():
        fresh_settings.setenv(name, value)
    rate_limit.reset_rate_limiter()
    from tma_app.tma_app import api_app  # the whole app: imported by the tests that ask for it

    with TestClient(api_app(load_settings(_env_file=None))) as client:
        yield client
    rate_limit.reset_rate_limiter()
