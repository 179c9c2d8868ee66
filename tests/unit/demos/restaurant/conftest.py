"""The seeded menu on the suite's migrated SQLite database, a fresh user per test, option ids by name."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from tma_app.core.db import session_scope
from tma_app.demos.restaurant.menu import get_dish
from tma_app.demos.restaurant.seed import seed_restaurant


@pytest.fixture(scope="session")
def menu(migrated_engine):
    with session_scope() as session:
        seed_restaurant(session)
    return migrated_engine


@pytest.fixture
def user_id() -> int:
    # The suite shares one database: a user of its own keeps each test's cart and orders apart.
    return uuid.uuid4().int % 2**50 + 1


@pytest.fixture
def options(menu) -> Callable[[str], dict[str, int]]:
    """options("tonkotsu-ramen") -> {"size:large": 3, "extras:egg": 4, ...}."""

    def ids(dish_slug: str) -> dict[str, int]:
        with session_scope() as session:
            detail = get_dish(session, dish_slug, "en")
        return {f"{group.slug}:{option.slug}": option.id for group in detail.groups for option in group.options}

    return ids
