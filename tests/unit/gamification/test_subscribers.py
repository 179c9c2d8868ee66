import uuid

import pytest

from tma_app.core.db import session_scope
from tma_app.core.events import bus
from tma_app.core.outbox_worker import drain
from tma_app.demo_catalog import events as demo_events
from tma_app.gamification.engine import LEVEL_UP
from tma_app.gamification.models import Profile
from tma_app.gamification.subscribers import register


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
    # 75 for the first completion (with its badge), 25 for each later one, 5 for day one of the streak.
    assert (paid.xp, paid.coins) == (75 + 25 + 25 + 5, 15)
    assert [e.data["level"] for e in level_ups] == [2] and level_ups[0].user_id == user


def test_without_the_consumer_nothing_is_queued_or_paid(migrated_engine):
    register()()
    user = new_user()
    demo_events.started(user, "fitness")
    drain()
    assert profile(user) is None


def test_a_referral_is_recorded_from_the_session_event_and_paid_after_the_first_demo(consuming):
    from tma_app.core.events import DomainEvent
    from tma_app.core.outbox import publish_now
    from tma_app.gamification.referrals.service import referral_code
    from tma_app.session.service import SESSION_STARTED

    referrer, referee = new_user(), new_user()
    with session_scope() as session:
        code = referral_code(session, referrer)
    publish_now(DomainEvent(SESSION_STARTED, referee, {"is_new": True, "start_param": f"ref_{code}"}))
    drain()
    assert profile(referrer) is None  # joining alone pays nothing
    demo_events.completed(referee, "fitness", workout_id=1)
    demo_events.completed(referee, "fitness", workout_id=2)
    drain()
    assert (profile(referrer).xp, profile(referrer).coins) == (100, 50)


def test_a_day_of_activity_moves_the_streak_and_the_daily_tasks(consuming):
    from tma_app.core.time import utcnow
    from tma_app.gamification.streaks.service import streak_status
    from tma_app.gamification.tasks.service import tasks_for

    user = new_user()
    demo_events.started(user, "restaurant")
    drain()
    with session_scope() as session:
        assert streak_status(session, user, utcnow()).current == 1
        progress = {task.id: task.done for task in tasks_for(session, user, utcnow())}
    assert progress["open_demo"] and not progress["complete_demo"]
