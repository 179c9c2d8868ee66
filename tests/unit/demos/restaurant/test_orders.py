import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict
from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.cart import add_to_cart, get_cart
from tma_app.demos.restaurant.models import Dish, Order
from tma_app.demos.restaurant.orders import (
    DELIVERY_FEE,
    FREE_DELIVERY_FROM,
    available_slots,
    checkout_overview,
    delivery_fee,
    get_order,
    list_orders,
    order_status,
    place_order,
    quote,
)

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
ADDRESS = "Tverskaya 1, flat 5"


def add(user_id, dish_slug, quantity=1, **choice):
    with session_scope() as session:
        add_to_cart(session, user_id, dish_slug, quantity=quantity, idempotency_key=uuid.uuid4().hex,
                    language="en", **choice)


def slot(mode="pickup", now=NOW, index=0) -> str:
    return available_slots(now, mode)[index].id


def place(user_id, mode="pickup", *, key=None, address=None, slot_id=None, now=NOW, language="en"):
    with session_scope() as session:
        return place_order(session, user_id, mode, slot_id or slot(mode, now), address, key or uuid.uuid4().hex,
                           language=language, now=now)


def orders_of(user_id) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(Order).where(Order.user_id == user_id)).one()


def cart_lines(user_id) -> list[tuple[str, int]]:
    with session_scope() as session:
        return [(line.dish_slug, line.quantity) for line in get_cart(session, user_id, "en").lines]


def test_a_pickup_order_copies_the_cart_and_empties_it(menu, options, user_id):
    ids = options("tonkotsu-ramen")
    add(user_id, "tonkotsu-ramen", 2, size_option_id=ids["size:large"], extra_option_ids=[ids["extras:egg"]])
    add(user_id, "lemon-tea")
    placed = place(user_id, language="ru")
    order = placed.order
    assert placed.created and placed.user_id == user_id
    assert (order.mode, order.payment, order.address, order.delivery_fee) == ("pickup", "pay_on_pickup", None, 0)
    assert order.slot_label == "12:30–12:45" and order.created_at == NOW
    assert [(x.name, x.options_text, x.quantity, x.unit_price, x.line_total) for x in order.lines] == [
        ("Рамен тонкоцу", "Большой, Яйцо всмятку", 2, 75_000, 150_000),
        ("Чёрный чай с лимоном", "300 мл", 1, 18_000, 18_000),
    ]
    assert order.subtotal == order.total == 168_000 and order.currency == "RUB"
    assert cart_lines(user_id) == []


def test_delivery_adds_the_fee_below_the_free_delivery_threshold(menu, user_id):
    add(user_id, "pepperoni-pizza", 2)  # 1180.00
    with session_scope() as session:
        assert quote(session, user_id, "delivery").free_delivery_remaining == FREE_DELIVERY_FROM - 118_000
    order = place(user_id, "delivery", address="  Tverskaya 1,\n flat 5 ").order
    assert (order.subtotal, order.delivery_fee, order.total) == (118_000, DELIVERY_FEE, 118_000 + DELIVERY_FEE)
    assert (order.payment, order.address) == ("pay_on_delivery", "Tverskaya 1, flat 5")
    add(user_id, "pepperoni-pizza", 3)  # 1770.00
    assert place(user_id, "delivery", address=ADDRESS).order.delivery_fee == 0


@pytest.mark.parametrize(
    ("subtotal", "mode", "fee"),
    [(0, "delivery", 19_900), (149_999, "delivery", 19_900), (150_000, "delivery", 0), (10_000, "pickup", 0)],
)
def test_delivery_fee(subtotal, mode, fee):
    assert delivery_fee(subtotal, mode) == fee


def test_the_same_key_twice_places_one_order_and_clears_the_cart_once(menu, user_id):
    key, chosen = uuid.uuid4().hex, slot("pickup")
    add(user_id, "latte", 2)
    first = place(user_id, key=key, slot_id=chosen)
    add(user_id, "strawberry-cake")
    later = NOW + timedelta(hours=5)  # even when the slot has passed since, a retry gets its order back
    again = place(user_id, key=key, slot_id=chosen, now=later)
    assert first.created and not again.created and again.order.id == first.order.id
    assert again.order.lines == first.order.lines
    assert orders_of(user_id) == 1
    assert cart_lines(user_id) == [("strawberry-cake", 1)], "a replay never clears the cart again"


def test_a_new_key_places_a_second_order_only_when_the_cart_has_items_again(menu, user_id):
    add(user_id, "latte")
    place(user_id)
    with pytest.raises(errors.CartEmpty):
        place(user_id)
    assert orders_of(user_id) == 1
    add(user_id, "pork-gyoza")
    second = place(user_id)
    assert second.created and orders_of(user_id) == 2


def test_a_slot_that_is_no_longer_offered_is_refused_and_the_cart_kept(menu, user_id):
    add(user_id, "garden-salad", 2)
    chosen = slot("pickup")  # 12:30 Moscow, offered at 12:00
    for too_late in (NOW + timedelta(minutes=11), NOW + timedelta(days=1)):
        with pytest.raises(errors.SlotUnavailable):
            place(user_id, slot_id=chosen, now=too_late)
    with pytest.raises(errors.SlotUnavailable):
        place(user_id, "delivery", address=ADDRESS, slot_id=slot("pickup", index=1))  # 12:45 is no delivery slot
    with pytest.raises(errors.SlotUnavailable):
        place(user_id, slot_id="tomorrow at noon")
    assert cart_lines(user_id) == [("garden-salad", 2)] and orders_of(user_id) == 0
    assert place(user_id, slot_id=chosen, now=NOW + timedelta(minutes=10)).created


@pytest.mark.parametrize(
    "address",
    [None, "", "   ", "abcd", "x" * 201, "Tverskaya\x001", 12345],
)
def test_a_delivery_needs_a_valid_address(menu, user_id, address):
    add(user_id, "latte")
    with pytest.raises(errors.AddressInvalid):
        place(user_id, "delivery", address=address, slot_id=slot("delivery"))
    assert cart_lines(user_id) == [("latte", 1)]


def test_address_length_bounds_are_inclusive(menu, user_id):
    add(user_id, "latte")
    assert place(user_id, "delivery", address="x" * 200).order.address == "x" * 200
    add(user_id, "latte")
    assert place(user_id, "delivery", address="Arbat").order.address == "Arbat"


def test_pickup_keeps_no_address_and_modes_are_checked(menu, user_id):
    add(user_id, "latte")
    with pytest.raises(errors.ModeInvalid):
        place(user_id, "teleport", slot_id=slot("pickup"))
    assert place(user_id, "pickup", address="ignored for pickup").order.address is None


def test_a_reused_order_key_with_another_request_is_a_conflict(menu, user_id):
    key = uuid.uuid4().hex
    add(user_id, "latte")
    place(user_id, key=key)
    add(user_id, "latte")
    with pytest.raises(IdempotencyConflict):
        place(user_id, "delivery", key=key, address=ADDRESS)
    assert cart_lines(user_id) == [("latte", 1)]


def test_a_sold_out_line_blocks_the_order_and_keeps_the_cart(menu, user_id):
    add(user_id, "strawberry-cake")
    _set_dish("strawberry-cake", is_available=False)
    try:
        with pytest.raises(errors.DishUnavailable):
            place(user_id)
    finally:
        _set_dish("strawberry-cake", is_available=True)
    assert cart_lines(user_id) == [("strawberry-cake", 1)] and orders_of(user_id) == 0


def test_an_order_keeps_the_prices_it_was_placed_at(menu, user_id):
    add(user_id, "strawberry-cake", 2)
    order_id = place(user_id).order.id
    _set_dish("strawberry-cake", base_price=99_900, name_en="Renamed cake")
    try:
        with session_scope() as session:
            kept = get_order(session, user_id, order_id, "en", now=NOW)
    finally:
        _set_dish("strawberry-cake", base_price=29_000, name_en="Strawberry cake")
    assert (kept.lines[0].name, kept.lines[0].unit_price, kept.total) == ("Strawberry cake", 29_000, 58_000)


@pytest.mark.parametrize(
    ("mode", "age", "code"),
    [
        ("pickup", timedelta(seconds=-30), "accepted"),
        ("pickup", timedelta(0), "accepted"),
        ("pickup", timedelta(seconds=59), "accepted"),
        ("pickup", timedelta(minutes=1), "cooking"),
        ("pickup", timedelta(minutes=2), "ready"),
        ("delivery", timedelta(minutes=2, seconds=30), "on_the_way"),
        ("delivery", timedelta(minutes=3), "done"),
        ("pickup", timedelta(days=3), "done"),
    ],
)
def test_status_advances_one_step_a_minute(mode, age, code):
    assert order_status(mode, NOW, NOW + age).code == code


def test_status_steps_say_what_is_done_and_when_to_look_again():
    cooking = order_status("delivery", NOW, NOW + timedelta(seconds=90))
    assert [(s.code, s.done, s.current) for s in cooking.steps] == [
        ("accepted", True, False), ("cooking", False, True), ("on_the_way", False, False), ("done", False, False),
    ]
    assert cooking.next_change_at == NOW + timedelta(minutes=2) and not cooking.is_final
    done = order_status("pickup", NOW, NOW + timedelta(minutes=10))
    assert done.is_final and done.next_change_at is None and all(s.done for s in done.steps)


def test_status_progresses_by_itself_in_the_stored_order(menu, user_id):
    add(user_id, "latte")
    order_id = place(user_id).order.id
    seen = []
    for minutes in range(5):
        with session_scope() as session:
            seen.append(get_order(session, user_id, order_id, "en", now=NOW + timedelta(minutes=minutes)).status.code)
    assert seen == ["accepted", "cooking", "ready", "done", "done"]


def test_history_is_newest_first_and_only_the_users_own(menu, user_id):
    other = user_id + 1
    for dish, hours in (("latte", 0), ("strawberry-cake", 1), ("pork-gyoza", 2)):
        add(user_id, dish)
        place(user_id, now=NOW + timedelta(hours=hours))
    add(other, "garden-salad")
    theirs = place(other).order
    with session_scope() as session:
        mine = list_orders(session, user_id, "ru", now=NOW + timedelta(hours=3))
        assert [o.lines[0].dish_slug for o in mine] == ["pork-gyoza", "strawberry-cake", "latte"]
        assert mine[0].lines[0].name == "Гёдза со свининой" and mine[0].total == 39_000
        assert all(o.status.code == "done" for o in mine)
        assert [o.id for o in list_orders(session, other, "en")] == [theirs.id]
        assert len(list_orders(session, user_id, "en", limit=2)) == 2
        with pytest.raises(errors.OrderNotFound):
            get_order(session, user_id, theirs.id, "en")
        with pytest.raises(errors.OrderNotFound):
            get_order(session, user_id + 2, mine[0].id, "en")
        with pytest.raises(errors.OrderNotFound):
            get_order(session, user_id, str(mine[0].id), "en")


def _set_dish(slug: str, **values) -> None:
    with session_scope() as session:
        dish = session.exec(select(Dish).where(Dish.slug == slug)).one()
        for name, value in values.items():
            setattr(dish, name, value)
        session.add(dish)


def test_the_checkout_reads_the_cart_its_quote_and_the_slots_at_once(menu, user_id):
    add(user_id, "tonkotsu-ramen", 2)
    with session_scope() as session:
        overview = checkout_overview(session, user_id, "ru", "delivery", now=NOW)
        assert overview.quote == quote(session, user_id, "delivery")
    assert [line.name for line in overview.cart.lines] == ["Рамен тонкоцу"]
    assert overview.slots == available_slots(NOW, "delivery")
