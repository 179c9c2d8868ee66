import pytest

from tests.support.database import upgrade
from tma_app.core.db import get_engine


@pytest.fixture(scope="session")
def migrated_engine():
    """The suite's SQLite file, migrated once with the real migrations."""
    engine = get_engine()
    upgrade(engine)
    return engine
