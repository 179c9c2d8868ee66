import pytest

from tma_app.core.events import subscribe
from tma_app.demo_catalog import events


def test_each_helper_emits_one_event_with_user_and_demo():
    seen = []
    unsubscribe = subscribe("*", seen.append)
    try:
        events.started(5, "fitness")
        events.interacted(5, "fitness", "log_set", reps=8)
        events.completed(5, "fitness", workout_id=3)
    finally:
        unsubscribe()
    assert [(e.name, e.user_id, e.data["demo_id"]) for e in seen] == [
        ("demo_start", 5, "fitness"),
        ("demo_interact", 5, "fitness"),
        ("demo_complete", 5, "fitness"),
    ]
    assert seen[1].data["action"] == "log_set" and seen[1].data["reps"] == 8
    assert seen[2].data["workout_id"] == 3


@pytest.mark.parametrize(
    ("name", "user_id", "demo_id"),
    [("demo_finish", 1, "fitness"), ("demo_start", 1, "casino"), ("demo_start", 0, "fitness"),
     ("demo_start", None, "shop")],
)
def test_malformed_events_are_refused(name, user_id, demo_id):
    with pytest.raises(ValueError):
        events.demo_event(name, user_id, demo_id)
