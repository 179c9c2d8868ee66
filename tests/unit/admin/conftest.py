import pytest

from tests.support.database import upgrade
from tma_app.core.db import get_engine
from tma_app.security.rate_limit import reset_rate_limiter


@pytest.fixture
def database(fresh_settings, tmp_path):
    """A migrated SQLite database and an empty in-memory rate limiter."""
    fresh_settings.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dashboard.db'}")
    upgrade(get_engine())
    reset_rate_limiter()
    yield
    reset_rate_limiter()
