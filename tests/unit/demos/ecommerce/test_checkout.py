import uuid

import pytest
from sqlmodel import func, select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict
from tma_app.demos.ecommerce import errors
from tma_app.demos.ecommerce.cart import add_to_cart, get_cart, remove_line
from tma_app.demos.ecommerce.checkout import checkout, checkout_overview, get_order, list_orders, submit_checkout
from tma_app.demos.ecommerce.models import Order, Variant

FORM = {"name": "Анна Петрова", "phone": "+7 (999) 123-45-67", "address": "Москва, ул. Тверская, д. 1, кв. 5"}


def add(user_id, variant_id, quantity=1):
    with session_scope() as session:
        add_to_cart(session, user_id, variant_id, quantity, idempotency_key=uuid.uuid4().hex, language="en")


def cart_state(user_id):
    with session_scope() as session:
        return [(line.variant_id, line.quantity) for line in get_cart(session, user_id, "en").lines]


def order_count(user_id):
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(Order).where(Order.user_id == user_id)).one()


def place(user_id, form=FORM, key=None, language="en"):
    with session_scope() as session:
        return submit_checkout(session, user_id, form, key or uuid.uuid4().hex, language=language)


def test_checkout_copies_prices_takes_stock_and_empties_the_cart(shop, user_id, make_product, stock_of):
    ids = make_product(("S", 150_000, 5), ("M", 250_000, 2))
    add(user_id, ids["S"], 2)
    add(user_id, ids["M"])
    placed = place(user_id, language="ru")
    order = placed.order
    assert placed.created and placed.user_id == user_id
    assert (order.total, order.item_count, order.currency, order.payment) == (550_000, 3, "RUB", "pay_on_delivery")
    assert (order.customer_name, order.phone, order.address) == ("Анна Петрова", "+79991234567", FORM["address"])
    assert [(line.variant_id, line.unit_price, line.quantity, line.line_total) for line in order.lines] == [
        (ids["S"], 150_000, 2, 300_000), (ids["M"], 250_000, 1, 250_000)
    ]
    assert order.lines[0].name.startswith("Тест") and order.lines[0].variant_label == "S"
    assert (stock_of(ids["S"]), stock_of(ids["M"])) == (3, 1)
    assert cart_state(user_id) == []
    with session_scope() as session:
        session.get(Variant, ids["S"]).price = 999
    with session_scope() as session:
        kept = get_order(session, user_id, order.id, "en")
    assert kept.lines[0].unit_price == 150_000 and kept.total == 550_000, "the order keeps the prices it was placed at"
    assert kept.lines[0].name.startswith("Test")


def test_the_same_key_twice_places_one_order_and_takes_stock_once(shop, user_id, make_product, stock_of):
    ids = make_product(("S", 1_000, 3))
    add(user_id, ids["S"], 2)
    key = uuid.uuid4().hex
    first, again = place(user_id, key=key), place(user_id, key=key)
    assert (first.created, again.created) == (True, False)
    assert again.order == first.order
    assert stock_of(ids["S"]) == 1 and order_count(user_id) == 1
    # The same details typed differently are the same request.
    retyped = {**FORM, "phone": "8 999 123 45 67", "name": " Анна  Петрова"}
    assert place(user_id, form=retyped, key=key).order.id == first.order.id
    with pytest.raises(IdempotencyConflict):
        place(user_id, form={**FORM, "address": "Санкт-Петербург, Невский пр., 1"}, key=key)


def test_out_of_stock_names_the_variant_and_leaves_cart_and_stock_alone(shop, user_id, make_product, stock_of):
    ids = make_product(("A", 1_000, 5), ("B", 2_000, 1))
    rival = user_id + 1
    add(user_id, ids["A"], 2)
    add(user_id, ids["B"])
    add(rival, ids["B"])
    assert place(rival).created
    key = uuid.uuid4().hex
    with pytest.raises(errors.OutOfStock) as refused:
        place(user_id, key=key)
    assert (refused.value.variant_id, refused.value.available, refused.value.requested) == (ids["B"], 0, 1)
    assert refused.value.sku.endswith("-B") and refused.value.product_slug == ids["slug"]
    assert cart_state(user_id) == [(ids["A"], 2), (ids["B"], 1)]
    assert (stock_of(ids["A"]), stock_of(ids["B"])) == (5, 0), "the first line's stock was put back"
    assert order_count(user_id) == 0
    # The refused key was not spent: without the sold-out line the same tap goes through.
    with session_scope() as session:
        line_id = next(line.id for line in get_cart(session, user_id, "en").lines if line.variant_id == ids["B"])
        remove_line(session, user_id, line_id, "en")
    assert place(user_id, key=key).order.total == 2_000
    assert stock_of(ids["A"]) == 3


def test_a_bad_form_is_refused_before_anything_is_touched(shop, user_id, make_product, stock_of):
    ids = make_product(("S", 1_000, 2))
    add(user_id, ids["S"])
    with pytest.raises(errors.CheckoutFormInvalid) as refused:
        place(user_id, form={"name": "R2-D2", "phone": "+7 999", "address": ""})
    assert refused.value.errors == {"name": "name_invalid", "phone": "phone_invalid", "address": "address_required"}
    assert cart_state(user_id) == [(ids["S"], 1)] and stock_of(ids["S"]) == 2 and order_count(user_id) == 0


def test_an_empty_cart_cannot_be_checked_out(shop, user_id):
    with pytest.raises(errors.CartEmpty):
        place(user_id)
    assert order_count(user_id) == 0


def test_a_checkout_is_announced_exactly_once(shop, user_id, make_product, shop_events):
    ids = make_product(("S", 1_000, 5))
    add(user_id, ids["S"], 2)
    key = uuid.uuid4().hex
    first = place(user_id, key=key)
    place(user_id, key=key)
    with pytest.raises(errors.CartEmpty):
        place(user_id)
    assert [(e.name, e.user_id, e.data["order_id"]) for e in shop_events] == [
        ("demo_complete", user_id, first.order.id)
    ]
    assert (shop_events[0].data["total"], shop_events[0].data["item_count"]) == (2_000, 2)


def test_checkout_alone_announces_nothing_until_the_caller_does(shop, user_id, make_product, shop_events):
    ids = make_product(("S", 1_000, 5))
    add(user_id, ids["S"])
    with session_scope() as session:
        result = checkout(session, user_id, FORM, uuid.uuid4().hex)
    assert result.created and shop_events == []


def test_order_history_is_newest_first_and_private(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 10))
    placed = []
    for quantity in (1, 2, 3):
        add(user_id, ids["S"], quantity)
        placed.append(place(user_id).order.id)
    with session_scope() as session:
        history = list_orders(session, user_id, "en")
        assert [o.id for o in history] == list(reversed(placed))
        assert [o.item_count for o in history] == [3, 2, 1]
        assert [o.id for o in list_orders(session, user_id, "en", limit=1, offset=1)] == [placed[1]]
        assert list_orders(session, user_id + 1, "en") == []
        with pytest.raises(errors.OrderNotFound):
            get_order(session, user_id + 1, placed[0], "en")
        with pytest.raises(errors.OrderNotFound):
            get_order(session, user_id, 10**9, "en")
        for bad in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"limit": True}):
            with pytest.raises(errors.PaginationInvalid):
                list_orders(session, user_id, "en", **bad)


def test_the_checkout_screen_starts_from_the_last_orders_details(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 10))
    add(user_id, ids["S"])
    with session_scope() as session:
        first = checkout_overview(session, user_id, "ru")
    assert first.last_details is None and first.cart.lines[0].name.startswith("Тест")
    place(user_id)
    add(user_id, ids["S"], 2)
    with session_scope() as session:
        again = checkout_overview(session, user_id, "ru")
    assert again.last_details.model_dump() == {"name": "Анна Петрова", "phone": "+79991234567",
                                               "address": "Москва, ул. Тверская, д. 1, кв. 5"}
    assert [line.quantity for line in again.cart.lines] == [2]
