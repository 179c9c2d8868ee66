"""The batch engine on PostgreSQL (rows sent as one JSON parameter) equals one event at a time."""

from __future__ import annotations

import pytest

from tests.support.database import upgrade
from tests.unit.gamification import test_engine

pytestmark = pytest.mark.integration


@pytest.fixture
def on_postgres(app_on_services, postgres_engine):
    app_on_services.delenv("REDIS_URL")
    upgrade(postgres_engine)
    return postgres_engine


def test_a_batch_equals_the_events_one_by_one(on_postgres):
    test_engine.test_a_batch_equals_the_events_one_by_one_across_days_and_users(on_postgres)


def test_a_redelivered_batch_pays_nothing_more(on_postgres):
    test_engine.test_a_batch_redelivered_pays_nothing_more_and_pays_referrers_once(on_postgres)
