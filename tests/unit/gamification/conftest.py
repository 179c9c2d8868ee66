"""What the gamification tests share: the HTTP API in process, behind the real middleware."""

import pytest
from starlette.testclient import TestClient

from tma_app.core.settings import load_settings
from tma_app.security import rate_limit


@pytest.fixture
def client(migrated_engine, fresh_settings):
    rate_limit.reset_rate_limiter()
    from tma_app.tma_app import api_app

    with TestClient(api_app(load_settings(_env_file=None))) as test_client:
        yield test_client
    rate_limit.reset_rate_limiter()
