"""Test-wide settings: a test bot token and a throwaway SQLite database.

Set before any tma_app module reads its settings, so no test ever touches
`data/` or a developer's `.env`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

TEST_BOT_TOKEN = "7000000007:AAtestTokenForTheSuiteOnly-abcdefghij"
_RUN_DIR = Path(tempfile.mkdtemp(prefix="tma-tests-"))

os.environ.update(
    {
        "APP_ENV": "test",
        "TELEGRAM_BOT_TOKEN": TEST_BOT_TOKEN,
        "DATABASE_URL": f"sqlite:///{_RUN_DIR / 'unit.db'}",
        "REDIS_URL": "",
        "REDIS_KEY_PREFIX": f"tma-test-{os.getpid()}:",
        "SENTRY_DSN": "",
        "OPENAI_API_KEY": "",
    }
)


@pytest.fixture(scope="session")
def run_dir() -> Path:
    return _RUN_DIR


@pytest.fixture
def fresh_settings(monkeypatch):
    """Clear cached settings/engine/redis so a test's env changes take effect, then restore."""
    from tma_app.core import db, redis, settings

    def clear() -> None:
        settings.get_settings.cache_clear()
        db.get_engine.cache_clear()
        redis.get_redis.cache_clear()

    clear()
    yield monkeypatch
    clear()
