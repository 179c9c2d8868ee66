import uuid

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict, IdempotencyKeyInvalid
from tma_app.demos.ecommerce import errors
from tma_app.demos.ecommerce.cart import (
    MAX_LINES,
    add_to_cart,
    clear_cart,
    count_items,
    get_cart,
    remove_line,
    set_quantity,
    submit_cart_add,
)
from tma_app.demos.ecommerce.models import Variant


def add(user_id, variant_id, quantity=1, *, key=None, language="en"):
    with session_scope() as session:
        return add_to_cart(
            session, user_id, variant_id, quantity, idempotency_key=key or uuid.uuid4().hex, language=language
        )


def cart(user_id, language="en"):
    with session_scope() as session:
        return get_cart(session, user_id, language)


def sku(code: str) -> int:
    with session_scope() as session:
        return session.exec(select(Variant.id).where(Variant.sku == code)).one()


def test_a_line_shows_names_the_variant_and_server_prices(shop, user_id):
    result = add(user_id, sku("HD-COSY-PUR-M"), 2, language="ru")
    assert result.added and result.cart.lines[0].id == result.line_id
    assert (result.product_slug, result.sku) == ("cosy-hoodie", "HD-COSY-PUR-M")
    (line,) = result.cart.lines
    assert (line.name, line.variant_label, line.picture_id) == ("Худи «Уют»", "M · Фиолетовый", "ecommerce/hoodie")
    assert (line.quantity, line.unit_price, line.line_total) == (2, 449_000, 898_000)
    assert (line.stock, line.max_quantity, line.is_available) == (3, 3, True)
    assert (result.cart.total, result.cart.item_count, result.cart.can_checkout) == (898_000, 2, True)
    assert all(type(v) is int for v in (line.unit_price, line.line_total, result.cart.total))


def test_the_same_variant_merges_and_the_cart_persists(shop, user_id):
    natural, black = sku("TB-SUN-NAT"), sku("TB-SUN-BLK")
    add(user_id, natural, 2)
    add(user_id, black)
    add(user_id, natural, 3)
    reopened = cart(user_id)
    assert [(line.sku, line.quantity) for line in reopened.lines] == [("TB-SUN-NAT", 5), ("TB-SUN-BLK", 1)]
    assert reopened.total == 6 * 119_000 == sum(line.line_total for line in reopened.lines)
    assert reopened.item_count == 6


@pytest.mark.parametrize("quantity", [0, -1, 11, True, 1.5, "2", None])
def test_a_quantity_outside_one_to_ten_is_refused(shop, user_id, quantity):
    with pytest.raises(errors.QuantityInvalid):
        add(user_id, sku("TB-SUN-NAT"), quantity)
    assert cart(user_id).lines == []


def test_a_line_never_holds_more_than_is_in_stock(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 3), ("X", 1_000, 0))
    add(user_id, ids["S"], 2)
    with pytest.raises(errors.OutOfStock) as short:
        add(user_id, ids["S"], 2)
    assert (short.value.code, short.value.variant_id, short.value.available, short.value.requested) == (
        "OUT_OF_STOCK", ids["S"], 3, 4
    )
    assert short.value.product_slug == ids["slug"] and short.value.sku.endswith("-S")
    assert cart(user_id).lines[0].quantity == 2
    assert add(user_id, ids["S"], 1).cart.lines[0].quantity == 3
    with pytest.raises(errors.OutOfStock) as sold_out:
        add(user_id, ids["X"])
    assert sold_out.value.available == 0
    assert len(cart(user_id).lines) == 1


def test_a_line_never_holds_more_than_ten(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 50))
    add(user_id, ids["S"], 6)
    with pytest.raises(errors.LineQuantityExceeded):
        add(user_id, ids["S"], 5)
    assert add(user_id, ids["S"], 4).cart.lines[0].quantity == 10
    with pytest.raises(errors.LineQuantityExceeded):
        add(user_id, ids["S"], 1)


def test_a_cart_holds_at_most_twenty_lines(shop, user_id, make_product):
    ids = make_product(*((str(n), 100, 5) for n in range(MAX_LINES + 1)))
    for n in range(MAX_LINES):
        add(user_id, ids[str(n)])
    with pytest.raises(errors.CartFull):
        add(user_id, ids[str(MAX_LINES)])
    assert add(user_id, ids["0"]).cart.lines[0].quantity == 2, "merging into a line is still fine"


def test_a_repeated_key_adds_once_and_a_reused_key_is_a_conflict(shop, user_id):
    key, tote = uuid.uuid4().hex, sku("TB-SUN-NAT")
    first = add(user_id, tote, 2, key=key)
    again = add(user_id, tote, 2, key=key)
    assert (first.added, again.added, again.line_id) == (True, False, first.line_id)
    assert again.cart.lines[0].quantity == 2
    with pytest.raises(IdempotencyConflict):
        add(user_id, tote, 3, key=key)
    with pytest.raises(IdempotencyKeyInvalid):
        add(user_id, tote, key="short")


def submit(user_id, variant_id, key):
    with session_scope() as session:
        return submit_cart_add(session, user_id, variant_id, 1, idempotency_key=key, language="en")


def test_an_add_is_announced_exactly_once(shop, user_id, shop_events, make_product):
    ids = make_product(("S", 1_000, 1))
    key = uuid.uuid4().hex
    results = [submit(user_id, ids["S"], key) for _ in range(3)]
    assert [r.added for r in results] == [True, False, False]
    with pytest.raises(errors.OutOfStock):
        submit(user_id, ids["S"], uuid.uuid4().hex)
    assert [(e.name, e.user_id, e.data["action"]) for e in shop_events] == [("demo_interact", user_id, "add_to_cart")]
    assert {k: shop_events[0].data[k] for k in ("product", "variant_id", "quantity")} == {
        "product": ids["slug"], "variant_id": ids["S"], "quantity": 1
    }


def test_quantities_change_within_stock_and_zero_removes(shop, user_id, make_product):
    ids = make_product(("S", 2_500, 4))
    line_id = add(user_id, ids["S"]).line_id
    with session_scope() as session:
        assert set_quantity(session, user_id, line_id, 4, "en").total == 10_000
    with session_scope() as session:
        with pytest.raises(errors.OutOfStock):
            set_quantity(session, user_id, line_id, 5, "en")
        with pytest.raises(errors.QuantityInvalid):
            set_quantity(session, user_id, line_id, 11, "en")
    assert cart(user_id).lines[0].quantity == 4
    with session_scope() as session:
        assert set_quantity(session, user_id, line_id, 0, "en").lines == []
        assert remove_line(session, user_id, line_id, "en").lines == [], "removing twice is harmless"
        with pytest.raises(errors.CartLineNotFound):
            set_quantity(session, user_id, line_id, 1, "en")


def test_a_line_short_of_stock_blocks_checkout_until_lowered(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 2))
    line_id = add(user_id, ids["S"], 2).line_id
    with session_scope() as session:
        session.get(Variant, ids["S"]).stock = 1  # someone else bought one
    shown = cart(user_id)
    assert (shown.lines[0].is_available, shown.lines[0].max_quantity, shown.can_checkout) == (False, 1, False)
    with session_scope() as session:
        assert set_quantity(session, user_id, line_id, 1, "en").can_checkout


def test_carts_are_private(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 5))
    other = user_id + 1
    line_id = add(user_id, ids["S"], 2).line_id
    assert cart(other).lines == []
    with session_scope() as session:
        with pytest.raises(errors.CartLineNotFound):
            set_quantity(session, other, line_id, 1, "en")
        remove_line(session, other, line_id, "en")
        assert clear_cart(session, other) == 0
    assert cart(user_id).lines[0].quantity == 2
    with session_scope() as session:
        assert clear_cart(session, user_id) == 1
    assert cart(user_id).lines == []


@pytest.mark.parametrize("variant_id", [10**9, "7", None])
def test_an_unknown_variant_is_refused(shop, user_id, variant_id):
    with pytest.raises(errors.VariantNotFound):
        add(user_id, variant_id)


def test_the_cart_button_counts_every_unit(shop, user_id, make_product):
    ids = make_product(("S", 1_000, 5), ("M", 2_000, 5))
    with session_scope() as session:
        assert count_items(session, user_id) == 0
    add(user_id, ids["S"], 2)
    add(user_id, ids["M"], 3)
    with session_scope() as session:
        assert count_items(session, user_id) == 5
    assert cart(user_id).item_count == 5
