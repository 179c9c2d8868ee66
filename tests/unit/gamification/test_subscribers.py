import uuid

import pytest

from tma_app.core.db import session_scope
from tma_app.core.events import bus
from tma_app.core.outbox_worker import drain
from tma_app.demos import events as demo_events
from tma_app.gamification.models import Profile
from tma_app.gamification.subscribers import LEVEL_UP, register


@pytest.fixture
def consuming(migrated_engine):
    unregister = register()
    yield
    unregister()


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def profile(user: int) -> Profile | None:
    with session_scope() as session:
        return session.get(Profile, user)


def test_a_demo_action_only_queues_the_event_and_the_worker_pays_it_once(consuming):
    user = new_user()
    level_ups = []
    unsubscribe = bus.subscribe(LEVEL_UP, level_ups.append)
    try:
        with session_scope() as session:
            done = demo_events.completed(user, "restaurant", order_id=1, session=session)
        assert profile(user) is None  # the user's action did not wait for the award
        drain()
        with session_scope() as session:  # the same event delivered again: nothing more
            from tma_app.core.outbox import publish

            publish(session, done)
        for n in range(2):
            demo_events.completed(user, "fitness", workout_id=n)
        drain()
    finally:
        unsubscribe()
    paid = profile(user)
    assert (paid.xp, paid.coins) == (75 + 25 + 25, 15)
    assert [e.data["level"] for e in level_ups] == [2] and level_ups[0].user_id == user


def test_without_the_consumer_nothing_is_queued_or_paid(migrated_engine):
    register()()
    user = new_user()
    demo_events.started(user, "fitness")
    drain()
    assert profile(user) is None
