import uuid

from tma_app.core.db import session_scope
from tma_app.core.events import EventBus
from tma_app.demos.events import demo_event
from tma_app.gamification.models import Profile
from tma_app.gamification.subscribers import LEVEL_UP, register


def test_demo_events_pay_once_and_announce_level_ups(migrated_engine):
    events = EventBus()
    unregister = register(events)
    level_ups = []
    events.subscribe(LEVEL_UP, level_ups.append)
    user = 10**12 + uuid.uuid4().int % 10**9
    try:
        complete = demo_event("demo_complete", user, "restaurant", order_id=1)
        events.emit(complete)
        events.emit(complete)  # redelivered: nothing more
        for n in range(2):
            events.emit(demo_event("demo_complete", user, "fitness", workout_id=n))
    finally:
        unregister()
    with session_scope() as session:
        profile = session.get(Profile, user)
    assert (profile.xp, profile.coins) == (75 + 25 + 25, 15)
    assert [e.data["level"] for e in level_ups] == [2] and level_ups[0].user_id == user


def test_unregistered_bus_pays_nothing(migrated_engine):
    events = EventBus()
    register(events)()
    user = 10**12 + uuid.uuid4().int % 10**9
    events.emit(demo_event("demo_start", user, "fitness"))
    with session_scope() as session:
        assert session.get(Profile, user) is None
