import pytest

from tma_app.core.events import DomainEvent, EventBus


def test_subscribers_get_the_event_and_a_failing_one_is_isolated(caplog):
    bus = EventBus()
    seen = []
    bus.subscribe("demo_start", lambda e: seen.append(("exact", e.user_id)))
    bus.subscribe("demo_start", lambda e: 1 / 0)
    bus.subscribe("*", lambda e: seen.append(("all", e.name)))
    delivered = bus.emit(DomainEvent("demo_start", 7, {"demo": "fitness"}))
    assert delivered == 2
    assert seen == [("exact", 7), ("all", "demo_start")]
    assert "failed on event demo_start" in caplog.text


def test_unsubscribe_and_immutable_payload():
    bus = EventBus()
    seen = []
    unsubscribe = bus.subscribe("x", seen.append)
    unsubscribe()
    assert bus.emit(DomainEvent("x", None)) == 0 and seen == []
    event = DomainEvent("x", 1, {"a": 1})
    with pytest.raises(TypeError):
        event.data["a"] = 2  # type: ignore[index]


@pytest.mark.parametrize("name", ["", "has space", "semi;colon"])
def test_event_names_are_words(name):
    with pytest.raises(ValueError):
        DomainEvent(name, 1)
