"""The seeded programs on the suite's migrated SQLite database, and a fresh user per test."""

from __future__ import annotations

import uuid

import pytest

from tma_app.core.db import session_scope
from tma_app.demos.fitness.seed import seed_fitness


@pytest.fixture(scope="session")
def programs(migrated_engine):
    with session_scope() as session:
        seed_fitness(session)
    return migrated_engine


@pytest.fixture
def user_id() -> int:
    # The suite shares one database: a user of its own keeps each test's workouts apart.
    return uuid.uuid4().int % 2**50 + 1
