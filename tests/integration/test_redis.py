"""The app's Redis client on a real server, inside this run's key prefix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.services import redis_url
from tma_app.core.redis import get_redis, namespaced_key, redis_status

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


async def test_keys_live_under_the_configured_prefix(app_on_services, redis_prefix):
    client = get_redis()
    key = namespaced_key("leaderboard", "weekly", 2026)
    assert key == f"{redis_prefix}leaderboard:weekly:2026"
    await client.set(key, "1", ex=60)
    assert await client.get(key) == "1"
    assert await redis_status() == "ok"
    await client.aclose()


async def test_no_redis_configured_is_reported_not_raised(fresh_settings):
    fresh_settings.setenv("REDIS_URL", "")
    assert get_redis() is None
    assert await redis_status() == "not_configured"


def test_reflex_state_manager_follows_redis_url():
    code = "import rxconfig; print(rxconfig.config.state_manager_mode, rxconfig.config.redis_url)"
    env = {**os.environ, "REDIS_URL": redis_url()}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["redis", redis_url()]
    env["REDIS_URL"] = ""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split()[0] == "disk"


def test_a_tab_left_locked_by_a_dead_backend_is_free_within_seconds():
    """The lock a killed backend leaves on a tab's state expires soon enough for the user to be served by
    another backend within 5 s (tests/faults/test_worker_killed.py), and later than the slow-lock warning."""
    code = ("import rxconfig; c = rxconfig.config;"
            " print(c.redis_lock_expiration, c.redis_lock_warning_threshold)")
    env = {**os.environ, "REDIS_URL": redis_url()}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    expiration, warning = map(int, out.stdout.split())
    assert warning < expiration <= 3000
