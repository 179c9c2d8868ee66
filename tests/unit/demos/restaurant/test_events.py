"""demo_interact for each real cart add and demo_complete for each real order, after the commit."""

import uuid
from datetime import UTC, datetime

import pytest

from tma_app.core.db import session_scope
from tma_app.core.events import subscribe
from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.cart import get_cart, submit_cart_add
from tma_app.demos.restaurant.orders import (
    announce_order,
    available_slots,
    get_order,
    place_order,
    submit_order,
)

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
SLOT = available_slots(NOW, "pickup")[0].id


@pytest.fixture
def seen():
    events = []
    unsubscribe = subscribe("*", events.append)
    yield events
    unsubscribe()


def add(user_id, dish_slug="latte", key=None, quantity=1):
    with session_scope() as session:
        return submit_cart_add(session, user_id, dish_slug, quantity=quantity,
                               idempotency_key=key or uuid.uuid4().hex, language="en")


def order(user_id, key=None, slot=SLOT):
    with session_scope() as session:
        return submit_order(session, user_id, "pickup", slot, None, key or uuid.uuid4().hex, language="en", now=NOW)


def test_a_cart_add_is_announced_once_however_often_it_is_retried(menu, user_id, seen):
    key = uuid.uuid4().hex
    assert add(user_id, key=key, quantity=2).added
    assert not add(user_id, key=key, quantity=2).added
    assert [(e.name, e.user_id, dict(e.data)) for e in seen] == [
        ("demo_interact", user_id, {"demo_id": "restaurant", "action": "cart_add", "dish": "latte", "quantity": 2}),
    ]


def test_an_order_is_announced_once_however_often_it_is_retried(menu, user_id, seen):
    add(user_id)
    key = uuid.uuid4().hex
    first, again = order(user_id, key), order(user_id, key)
    completes = [e for e in seen if e.name == "demo_complete"]
    assert first.created and not again.created
    assert [(e.user_id, e.data["demo_id"], e.data["order_id"]) for e in completes] == [
        (user_id, "restaurant", first.order.id)
    ]


def test_refused_actions_announce_nothing(menu, user_id, seen):
    with pytest.raises(errors.DishUnavailable):
        add(user_id, "matcha-latte")
    with pytest.raises(errors.CartEmpty):
        order(user_id)
    add(user_id)
    seen.clear()
    with pytest.raises(errors.SlotUnavailable):
        order(user_id, slot="2000-01-01T10:00:00+03:00")
    assert seen == []


def test_announcements_come_after_the_commit(menu, user_id, seen):
    observed = []

    def look(event):
        # A separate session: it only sees what was committed.
        with session_scope() as session:
            if event.name == "demo_interact":
                observed.append(len(get_cart(session, user_id, "en").lines))
            else:
                observed.append(get_order(session, user_id, event.data["order_id"], "en").id)

    unsubscribe = subscribe("*", look)
    try:
        add(user_id)
        placed = order(user_id)
    finally:
        unsubscribe()
    assert observed == [1, placed.order.id]


def test_the_session_level_call_leaves_announcing_to_the_caller(menu, user_id, seen):
    add(user_id)
    seen.clear()
    with session_scope() as session:
        placed = place_order(session, user_id, "pickup", SLOT, None, uuid.uuid4().hex, language="en", now=NOW)
        assert seen == [], "nothing is announced before the commit"
    assert announce_order(placed)
    # demo_complete, and "accepted" for the customer ("ready" is scheduled: not announced yet).
    assert [(e.name, e.data.get("status")) for e in seen] == [("demo_complete", None), ("order_status", "accepted")]
    replay = placed.model_copy(update={"created": False})
    assert not announce_order(replay) and len(seen) == 2
