"""What the assistant is told about a restaurant screen: the user's own cart and orders, never anyone else's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tma_app.ai import context, knowledge
from tma_app.core.db import session_scope
from tma_app.demos.restaurant.cart import add_to_cart
from tma_app.demos.restaurant.knowledge import dish_documents, screen_facts
from tma_app.demos.restaurant.orders import available_slots, place_order

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


def facts(user_id: int, screen: str, item: str | None = None, language="en") -> dict:
    with session_scope() as session:
        return screen_facts(session, user_id, screen, item, language)


def add(user_id: int, dish_slug: str, quantity: int = 1) -> None:
    with session_scope() as session:
        add_to_cart(session, user_id, dish_slug, quantity=quantity, idempotency_key=uuid.uuid4().hex, language="en")


def place(user_id: int) -> int:
    with session_scope() as session:
        slot = available_slots(NOW, "pickup")[0].id
        return place_order(session, user_id, "pickup", slot, None, uuid.uuid4().hex, language="en", now=NOW).order.id


def test_the_restaurant_registers_its_resolver_and_its_dishes(menu):
    assert context.parse_where("restaurant", "dish", "tonkotsu-ramen").item == "tonkotsu-ramen"
    assert "restaurant" in knowledge.source_names()
    with session_scope() as session:
        documents = {d.key: d for d in dish_documents(session, "ru")}
    ramen = documents["restaurant:dish:tonkotsu-ramen"]
    assert ramen.title == "Рамен тонкоцу" and ramen.demo == "restaurant" and "₽" in ramen.body


def test_a_dish_screen_gets_the_dish_its_price_and_options(menu, user_id):
    dish = facts(user_id, "dish", "tonkotsu-ramen")
    assert dish["dish"] == "Tonkotsu ramen"
    assert dish["price_from"] == "540\u00a0₽" and "pork broth" in dish["description"]
    assert [group["group"] for group in dish["options"]] == ["Size", "Extras"]
    assert dish["available"] is True and "popular" in dish["tags"]
    assert facts(user_id, "dish", "tonkotsu-ramen", "ru")["dish"] == "Рамен тонкоцу"


def test_the_menu_screen_lists_the_categories(menu, user_id):
    categories = facts(user_id, "menu")["categories"]
    assert categories[0]["name"] == "Ramen & soups" and "Tonkotsu ramen" in categories[0]["dishes"]


def test_the_cart_screen_gets_this_users_lines_and_total(menu, user_id):
    add(user_id, "lemon-tea", 2)
    cart = facts(user_id, "cart")
    assert cart["cart_lines"] == [{"dish": "Black tea with lemon", "options": "300 ml", "quantity": 2,
                                   "total": "360\u00a0₽"}]
    assert cart["subtotal"] == "360\u00a0₽" and cart["items"] == 2
    assert facts(user_id + 1, "cart")["cart_lines"] == []  # someone else's cart is not theirs
    assert facts(user_id, "checkout")["delivery_fee"] == "199\u00a0₽"


def test_an_order_is_told_to_its_owner_only(menu, user_id):
    add(user_id, "lemon-tea")
    order_id = place(user_id)
    order = facts(user_id, "order", str(order_id))
    assert order["order"] == order_id and order["lines"] == ["1 × Black tea with lemon"]
    assert order["mode"] == "pickup" and order["total"] == "180\u00a0₽"
    with pytest.raises(LookupError):
        facts(user_id + 1, "order", str(order_id))


@pytest.mark.parametrize(("screen", "item"), [("dish", "no-such-dish"), ("dish", None), ("order", "999999999"),
                                              ("order", "abc"), ("order", None)])
def test_an_unknown_item_is_a_lookup_error(menu, user_id, screen, item):
    with pytest.raises(LookupError):
        facts(user_id, screen, item)


def test_an_unknown_screen_is_invalid(menu, user_id):
    with pytest.raises(context.ContextInvalid):
        facts(user_id, "kitchen")
