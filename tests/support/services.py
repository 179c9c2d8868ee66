"""Real PostgreSQL and Redis for integration tests.

Unreachable services skip the test with the reason, except under CI=true,
where a missing service is a failure: CI must never pass by skipping.
"""

from __future__ import annotations

import os

import pytest

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
