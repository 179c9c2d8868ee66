import itertools
import uuid

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict, IdempotencyKeyInvalid
from tma_app.demos.restaurant import errors
from tma_app.demos.restaurant.cart import (
    MAX_LINES,
    add_to_cart,
    clear_cart,
    get_cart,
    remove_line,
    set_quantity,
)
from tma_app.demos.restaurant.models import Dish
from tma_app.demos.restaurant.orders import quantity_changed


def add(user_id, dish_slug, *, key=None, language="en", **choice):
    with session_scope() as session:
        return add_to_cart(
            session, user_id, dish_slug, idempotency_key=key or uuid.uuid4().hex, language=language, **choice
        )


def cart(user_id, language="en"):
    with session_scope() as session:
        return get_cart(session, user_id, language)


def test_a_line_shows_names_options_and_server_prices(menu, options, user_id):
    ids = options("tonkotsu-ramen")
    result = add(user_id, "tonkotsu-ramen", size_option_id=ids["size:large"],
                 extra_option_ids=[ids["extras:noodles"], ids["extras:egg"]], quantity=2, language="ru")
    now = cart(user_id, "ru")
    assert result.added and now.lines[0].id == result.line_id
    (line,) = now.lines
    assert (line.name, line.options_text) == ("Рамен тонкоцу", "Большой, Яйцо всмятку, Двойная лапша")
    assert (line.quantity, line.unit_price, line.line_total, line.is_available) == (2, 87_000, 174_000, True)
    assert (now.subtotal, now.item_count, now.currency) == (174_000, 2, "RUB")


def test_the_cart_persists_between_sessions_and_totals_are_integer_kopecks(menu, options, user_id):
    latte = options("latte")
    add(user_id, "latte", size_option_id=latte["size:450ml"], extra_option_ids=[latte["extras:vanilla"]], quantity=3)
    add(user_id, "strawberry-cake")
    reopened = cart(user_id)
    assert [line.dish_slug for line in reopened.lines] == ["latte", "strawberry-cake"]
    assert reopened.subtotal == 3 * (22_000 + 9_000 + 4_000) + 29_000 == 134_000
    assert reopened.subtotal == sum(line.line_total for line in reopened.lines)
    assert all(type(v) is int for line in reopened.lines for v in (line.unit_price, line.line_total))
    assert type(reopened.subtotal) is int


def test_identical_lines_merge_and_an_omitted_default_is_the_default(menu, options, user_id):
    ids = options("tonkotsu-ramen")
    add(user_id, "tonkotsu-ramen", quantity=2)
    add(user_id, "tonkotsu-ramen", size_option_id=ids["size:regular"], quantity=3)
    add(user_id, "tonkotsu-ramen", size_option_id=ids["size:large"])
    add(user_id, "tonkotsu-ramen", extra_option_ids=[ids["extras:nori"], ids["extras:egg"]])
    add(user_id, "tonkotsu-ramen", extra_option_ids=[ids["extras:egg"], ids["extras:nori"]])
    lines = cart(user_id).lines
    assert [(line.options_text, line.quantity) for line in lines] == [
        ("Regular", 5), ("Large", 1), ("Regular, Soft-boiled egg, Nori", 2),
    ]


def test_a_merged_line_stays_within_twenty(menu, user_id):
    add(user_id, "lemon-tea", quantity=15)
    with pytest.raises(errors.LineQuantityExceeded):
        add(user_id, "lemon-tea", quantity=6)
    assert cart(user_id).lines[0].quantity == 15
    add(user_id, "lemon-tea", quantity=5)
    assert cart(user_id).lines[0].quantity == 20


def test_a_repeated_key_adds_once_and_a_reused_key_is_a_conflict(menu, user_id):
    key = uuid.uuid4().hex
    first = add(user_id, "pork-gyoza", key=key, quantity=2)
    again = add(user_id, "pork-gyoza", key=key, quantity=2)
    assert first.added and not again.added and again.line_id == first.line_id
    assert cart(user_id).lines[0].quantity == 2
    with pytest.raises(IdempotencyConflict):
        add(user_id, "pork-gyoza", key=key, quantity=3)
    with pytest.raises(IdempotencyKeyInvalid):
        add(user_id, "pork-gyoza", key="short")
    assert cart(user_id).lines[0].quantity == 2


def test_a_cart_holds_at_most_thirty_lines_but_full_lines_still_merge(menu, options, user_id):
    ids = options("tonkotsu-ramen")
    sizes = [ids["size:small"], ids["size:regular"], ids["size:large"]]
    extras = [ids["extras:egg"], ids["extras:noodles"], ids["extras:chashu"], ids["extras:nori"]]
    combos = [(s, list(e)) for s in sizes for n in range(3) for e in itertools.combinations(extras, n)]
    for size, chosen in combos[:MAX_LINES]:
        add(user_id, "tonkotsu-ramen", size_option_id=size, extra_option_ids=chosen)
    with pytest.raises(errors.CartFull):
        add(user_id, "strawberry-cake")
    size, chosen = combos[0]
    add(user_id, "tonkotsu-ramen", size_option_id=size, extra_option_ids=chosen)
    current = cart(user_id)
    assert len(current.lines) == MAX_LINES and current.lines[0].quantity == 2


def test_quantity_changes_are_bounded_and_zero_removes(menu, user_id):
    line_id = add(user_id, "garden-salad").line_id
    with session_scope() as session:
        assert set_quantity(session, user_id, line_id, 20, "en").lines[0].line_total == 20 * 32_000
    for bad in (21, -1, 2.0, 0.0, False):
        with pytest.raises(errors.QuantityInvalid), session_scope() as session:
            set_quantity(session, user_id, line_id, bad, "en")
    with session_scope() as session:
        assert set_quantity(session, user_id, line_id, 0, "en").lines == []
    with pytest.raises(errors.CartLineNotFound), session_scope() as session:
        set_quantity(session, user_id, line_id, 2, "en")


def test_lines_are_removed_once_and_the_cart_cleared(menu, user_id):
    line_id = add(user_id, "garden-salad").line_id
    add(user_id, "latte")
    with session_scope() as session:
        assert [line.dish_slug for line in remove_line(session, user_id, line_id, "en").lines] == ["latte"]
        assert len(remove_line(session, user_id, line_id, "en").lines) == 1, "a retried remove is harmless"
        assert clear_cart(session, user_id) == 1
        assert clear_cart(session, user_id) == 0
    assert cart(user_id).lines == []


def test_nobody_changes_another_users_cart(menu, user_id):
    line_id = add(user_id, "latte").line_id
    stranger = user_id + 1
    with pytest.raises(errors.CartLineNotFound), session_scope() as session:
        set_quantity(session, stranger, line_id, 3, "en")
    with pytest.raises(errors.CartLineNotFound), session_scope() as session:
        set_quantity(session, user_id, str(line_id), 3, "en")
    with session_scope() as session:
        remove_line(session, stranger, line_id, "en")
        clear_cart(session, stranger)
    assert cart(stranger).lines == []
    assert cart(user_id).lines[0].quantity == 1


def test_invalid_adds_leave_the_cart_as_it_was(menu, options, user_id):
    add(user_id, "latte")
    with pytest.raises(errors.DishUnavailable):
        add(user_id, "matcha-latte")
    with pytest.raises(errors.OptionInvalid):
        add(user_id, "latte", size_option_id=options("tonkotsu-ramen")["size:large"])
    with pytest.raises(errors.QuantityInvalid):
        add(user_id, "latte", quantity=0)
    assert [(line.dish_slug, line.quantity) for line in cart(user_id).lines] == [("latte", 1)]


def test_a_line_whose_dish_sold_out_is_flagged_and_not_counted(menu, user_id):
    add(user_id, "strawberry-cake", quantity=2)
    add(user_id, "latte")
    _set_available("strawberry-cake", False)
    try:
        current = cart(user_id)
    finally:
        _set_available("strawberry-cake", True)
    cake, latte = current.lines
    assert not cake.is_available and latte.is_available
    assert (current.subtotal, current.item_count) == (22_000, 1)


def _set_available(slug: str, available: bool) -> None:
    with session_scope() as session:
        dish = session.exec(select(Dish).where(Dish.slug == slug)).one()
        dish.is_available = available
        session.add(dish)


def test_the_cart_screen_after_a_quantity_change_comes_from_the_same_unit_of_work(menu, user_id):
    line_id = add(user_id, "garden-salad").line_id
    add(user_id, "latte")
    with session_scope() as session:
        after = quantity_changed(session, user_id, line_id, 3, "en", "pickup")
    salad = next(line for line in after.cart.lines if line.id == line_id)
    assert salad.quantity == 3 and after.cart.subtotal == cart(user_id).subtotal
    assert after.quote.mode == "pickup"
    with session_scope() as session:
        assert [line.dish_slug for line in quantity_changed(session, user_id, line_id, 0, "en", "pickup").cart.lines] \
            == ["latte"]
    with pytest.raises(errors.CartLineNotFound), session_scope() as session:
        quantity_changed(session, user_id + 1, cart(user_id).lines[0].id, 2, "en", "pickup")
