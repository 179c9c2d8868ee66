"""What the assistant is told about a shop screen: the user's own cart and orders, never anyone else's."""

from __future__ import annotations

import uuid

import pytest

from tma_app.ai import context, knowledge
from tma_app.core.db import session_scope
from tma_app.demos.ecommerce.cart import add_to_cart
from tma_app.demos.ecommerce.checkout import submit_checkout
from tma_app.demos.ecommerce.knowledge import product_documents, screen_facts

FORM = {"name": "Анна Петрова", "phone": "+7 (999) 123-45-67", "address": "Москва, ул. Тверская, д. 1, кв. 5"}


def facts(user_id: int, screen: str, item: str | None = None, language="en") -> dict:
    with session_scope() as session:
        return screen_facts(session, user_id, screen, item, language)


def add(user_id: int, variant_id: int, quantity: int = 1) -> None:
    with session_scope() as session:
        add_to_cart(session, user_id, variant_id, quantity, idempotency_key=uuid.uuid4().hex, language="en")


def test_the_shop_registers_its_resolver_and_its_products(shop):
    assert context.parse_where("ecommerce", "product", "star-t-shirt").item == "star-t-shirt"
    assert "ecommerce" in knowledge.source_names()
    with session_scope() as session:
        documents = {d.key: d for d in product_documents(session, "en")}
    shirt = documents["ecommerce:product:star-t-shirt"]
    assert shirt.title == "Star T-shirt" and shirt.demo == "ecommerce"
    assert "1,990\u00a0₽ to 2,190\u00a0₽" in shirt.body and "Sizes: S, M, L, XL" in shirt.body


def test_a_product_screen_gets_the_product_and_its_variants(shop, user_id):
    product = facts(user_id, "product", "star-t-shirt")
    assert product["product"] == "Star T-shirt" and product["category"] == "Clothing"
    assert "yellow star" in product["description"] and product["variant_count"] == 4
    assert product["variants"][0]["variant"] == "S · Blue" and product["variants"][0]["price"] == "1,990\u00a0₽"
    assert facts(user_id, "product", "star-t-shirt", "ru")["product"] == "Футболка «Звезда»"


def test_the_catalog_screen_lists_categories_and_products(shop, user_id):
    catalog = facts(user_id, "catalog")
    assert "Clothing" in catalog["categories"] and catalog["product_count"] >= 1
    assert 1 <= len(catalog["newest"]) <= 8


def test_the_cart_and_orders_are_this_users_own(shop, user_id, make_product):
    ids = make_product(("M", 150_000, 5))
    add(user_id, ids["M"], 2)
    cart = facts(user_id, "cart")
    assert [(line["quantity"], line["total"]) for line in cart["cart_lines"]] == [(2, "3,000\u00a0₽")]
    assert cart["total"] == "3,000\u00a0₽" and cart["can_checkout"] is True
    assert facts(user_id, "checkout")["details_from_last_order"] is False
    assert facts(user_id + 1, "cart")["cart_lines"] == []

    with session_scope() as session:
        order_id = submit_checkout(session, user_id, FORM, uuid.uuid4().hex, language="en").order.id
    orders = facts(user_id, "orders")["orders"]
    assert [(o["order"], o["items"], o["total"]) for o in orders] == [(order_id, 2, "3,000\u00a0₽")]
    assert facts(user_id, "orders", str(order_id))["lines"] == [f"2 × Test {ids['slug'][5:]} (M)"]
    assert facts(user_id + 1, "orders")["orders"] == []
    with pytest.raises(LookupError):
        facts(user_id + 1, "orders", str(order_id))


@pytest.mark.parametrize(("screen", "item"), [("product", "no-such-product"), ("product", None),
                                              ("orders", "999999999"), ("orders", "x1")])
def test_an_unknown_item_is_a_lookup_error(shop, user_id, screen, item):
    with pytest.raises(LookupError):
        facts(user_id, screen, item)


def test_an_unknown_screen_is_invalid(shop, user_id):
    with pytest.raises(context.ContextInvalid):
        facts(user_id, "warehouse")
