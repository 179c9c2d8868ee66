"""The restaurant demo on PostgreSQL: search, and exactly-once under real concurrency."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.core.events import subscribe
from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.cart import add_to_cart, get_cart, submit_cart_add
from tma_app.demos.restaurant.menu import browse_menu
from tma_app.demos.restaurant.models import Order
from tma_app.demos.restaurant.orders import available_slots, submit_order
from tma_app.demos.restaurant.seed import seed_restaurant

pytestmark = pytest.mark.integration

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
SLOT = available_slots(NOW, "pickup")[0].id


@pytest.fixture(scope="module")
def restaurant(postgres_engine):
    upgrade(postgres_engine)
    with session_scope(postgres_engine) as session:
        seed_restaurant(session)
    with session_scope(postgres_engine) as session:
        assert seed_restaurant(session) == 12, "seeding twice is harmless"
    return postgres_engine


@pytest.fixture
def user_id() -> int:
    return uuid.uuid4().int % 2**50 + 1


def fill_cart(engine, user_id: int) -> None:
    with session_scope(engine) as session:
        for dish in ("tonkotsu-ramen", "latte"):
            add_to_cart(session, user_id, dish, quantity=2, idempotency_key=uuid.uuid4().hex, language="en")


def committed(engine, submit, *args, **kwargs):
    """What a state does through in_session: the call and its announcement in one transaction."""
    with session_scope(engine) as session:
        return submit(session, *args, **kwargs)


def orders_of(engine, user_id: int) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Order).where(Order.user_id == user_id)).one()


def test_search_folds_cyrillic_case(restaurant):
    with session_scope(restaurant) as session:
        found = [d.slug for s in browse_menu(session, "ru", "РАМЕН") for d in s.dishes]
        sushi = [d.slug for s in browse_menu(session, "en", "", "sushi") for d in s.dishes]
    assert found == ["tonkotsu-ramen", "spicy-miso-ramen"]
    assert sushi == ["salmon-nigiri-set", "pork-gyoza"]


def test_ten_taps_of_the_same_order_key_place_one_order(restaurant, user_id):
    fill_cart(restaurant, user_id)
    key, completed = uuid.uuid4().hex, []
    unsubscribe = subscribe("demo_complete", completed.append)
    try:
        placed, failures = run_at_once(10, lambda _: committed(
            restaurant, submit_order, user_id, "pickup", SLOT, None, key, language="en", now=NOW))
    finally:
        unsubscribe()
    assert failures == []
    assert sum(p.created for p in placed) == 1
    assert len({p.order.id for p in placed}) == 1, "every tap sees the one order"
    assert {p.order.total for p in placed} == {2 * 54_000 + 2 * 22_000}
    assert orders_of(restaurant, user_id) == 1
    assert [e.data["order_id"] for e in completed if e.user_id == user_id] == [placed[0].order.id]
    with session_scope(restaurant) as session:
        assert get_cart(session, user_id, "en").lines == []


def test_ten_different_order_keys_at_once_still_take_the_cart_once(restaurant, user_id):
    fill_cart(restaurant, user_id)
    placed, failures = run_at_once(10, lambda _: committed(
        restaurant, submit_order, user_id, "pickup", SLOT, None, uuid.uuid4().hex, language="en", now=NOW))
    assert len(placed) == 1 and placed[0].created
    assert len(failures) == 9 and all(isinstance(f, errors.CartEmpty) for f in failures)
    assert orders_of(restaurant, user_id) == 1


def test_concurrent_adds_of_one_item_merge_into_one_bounded_line(restaurant, user_id):
    added, failures = run_at_once(10, lambda _: committed(
        restaurant, submit_cart_add, user_id, "lemon-tea", quantity=3, idempotency_key=uuid.uuid4().hex,
        language="en"))
    assert len(added) == 6 and len(failures) == 4, "18 fits on one line, a seventh add of 3 would pass 20"
    assert all(isinstance(f, errors.LineQuantityExceeded) for f in failures)
    with session_scope(restaurant) as session:
        lines = get_cart(session, user_id, "en").lines
    assert [(line.dish_slug, line.quantity) for line in lines] == [("lemon-tea", 18)]
