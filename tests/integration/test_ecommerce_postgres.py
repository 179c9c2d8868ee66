"""The shop on PostgreSQL: the last unit sold once, and exactly-once checkout under real concurrency."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.core.events import subscribe
from tma_app.demos.ecommerce import errors
from tma_app.demos.ecommerce.cart import add_to_cart, get_cart, submit_cart_add
from tma_app.demos.ecommerce.catalog import browse
from tma_app.demos.ecommerce.checkout import submit_checkout
from tma_app.demos.ecommerce.models import Category, Order, Product, Variant
from tma_app.demos.ecommerce.seed import seed_ecommerce

pytestmark = pytest.mark.integration

FORM = {"name": "Анна Петрова", "phone": "+7 (999) 123-45-67", "address": "Москва, ул. Тверская, д. 1, кв. 5"}
ROUNDS = 20


@pytest.fixture(scope="module")
def shop(postgres_engine):
    upgrade(postgres_engine)
    with session_scope(postgres_engine) as session:
        seed_ecommerce(session)
    with session_scope(postgres_engine) as session:
        assert seed_ecommerce(session) == 10, "seeding twice is harmless"
    return postgres_engine


def new_user() -> int:
    return uuid.uuid4().int % 2**50 + 1


def make_variants(engine, *stocks: int) -> list[int]:
    """A product of the test's own with one variant per stock given, ids ascending."""
    tag = uuid.uuid4().hex[:10]
    with session_scope(engine) as session:
        category = session.exec(select(Category).where(Category.slug == "zz-race")).first()
        if category is None:
            category = Category(slug="zz-race", sort_order=999, name_en="Race", name_ru="Гонка")
            session.add(category)
            session.flush()
        product = Product(slug=f"race-{tag}", category_id=category.id, name_en="Race", name_ru="Гонка",
                          description_en="-", description_ru="-", picture_id="ecommerce/cap")
        session.add(product)
        session.flush()
        variants = [Variant(product_id=product.id, sku=f"R-{tag}-{n}", price=10_000 * (n + 1), stock=stock)
                    for n, stock in enumerate(stocks)]
        session.add_all(variants)
        session.flush()
        return [v.id for v in variants]


def add(engine, user_id: int, variant_id: int, quantity: int = 1) -> None:
    with session_scope(engine) as session:
        add_to_cart(session, user_id, variant_id, quantity, idempotency_key=uuid.uuid4().hex, language="en")


def stock(engine, variant_id: int) -> int:
    with session_scope(engine) as session:
        return session.exec(select(Variant.stock).where(Variant.id == variant_id)).one()


def orders_of(engine, *user_ids: int) -> int:
    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Order).where(col(Order.user_id).in_(user_ids))).one()


def committed(engine, submit, *args, **kwargs):
    """What a state does through in_session: the call and its announcement in one transaction."""
    with session_scope(engine) as session:
        return submit(session, *args, **kwargs)



def test_the_listing_filters_and_sorts_on_postgresql(shop):
    with session_scope(shop) as session:
        cheap = browse(session, "en", category="shoes-bags", price_max=349_000, sort="price_asc")
        sold_out_hidden = browse(session, "ru", category="accessories", in_stock_only=True, sort="name")
    assert [(i.slug, i.price_from) for i in cheap.items] == [("sunset-tote", 119_000), ("city-backpack", 349_000)]
    assert [i.name for i in sold_out_hidden.items] == ["Кружка «Сердце»"]


def test_two_buyers_of_the_last_unit_at_the_same_moment_one_wins(shop):
    for _ in range(ROUNDS):
        plenty, last = make_variants(shop, 100, 1)
        buyers = [new_user(), new_user()]
        for buyer in buyers:
            add(shop, buyer, plenty)
            add(shop, buyer, last)

        def checkout(i, buyers=buyers):
            return committed(shop, submit_checkout, buyers[i], FORM, uuid.uuid4().hex)

        results, failures = run_at_once(2, checkout)
        assert len(results) == 1 and len(failures) == 1, failures
        (refused,) = failures
        assert isinstance(refused, errors.OutOfStock), repr(refused)
        assert (refused.variant_id, refused.available, refused.requested) == (last, 0, 1)
        assert (stock(shop, last), stock(shop, plenty)) == (0, 99), "the loser's other line was put back"
        assert orders_of(shop, *buyers) == 1
        loser = next(b for b in buyers if b != results[0].user_id)
        with session_scope(shop) as session:
            lines = get_cart(session, loser, "en").lines
            assert [(line.variant_id, line.quantity) for line in lines] == [(plenty, 1), (last, 1)]
            assert get_cart(session, results[0].user_id, "en").lines == []


def test_many_buyers_never_take_stock_below_zero(shop):
    (variant,) = make_variants(shop, 3)
    buyers = [new_user() for _ in range(8)]
    for buyer in buyers:
        add(shop, buyer, variant)
    results, failures = run_at_once(8, lambda i: committed(shop, submit_checkout, buyers[i], FORM, uuid.uuid4().hex))
    assert len(results) == 3 and len(failures) == 5
    assert all(isinstance(f, errors.OutOfStock) for f in failures), failures
    assert stock(shop, variant) == 0 and orders_of(shop, *buyers) == 3


def test_the_same_checkout_from_ten_connections_places_one_order(shop):
    buyer = new_user()
    plenty, scarce = make_variants(shop, 10, 2)
    add(shop, buyer, plenty, 3)
    add(shop, buyer, scarce, 2)
    key = uuid.uuid4().hex
    completed = []
    unsubscribe = subscribe("demo_complete", lambda e: completed.append(e) if e.user_id == buyer else None)
    try:
        results, failures = run_at_once(10, lambda _: committed(shop, submit_checkout, buyer, FORM, key))
    finally:
        unsubscribe()
    assert failures == []
    assert sum(r.created for r in results) == 1
    assert len({r.order.id for r in results}) == 1, "every duplicate sees the first order"
    assert orders_of(shop, buyer) == 1
    assert (stock(shop, plenty), stock(shop, scarce)) == (7, 0)
    assert [e.data["order_id"] for e in completed] == [results[0].order.id]


def test_concurrent_adds_of_one_variant_stop_at_the_stock(shop):
    buyer = new_user()
    (variant,) = make_variants(shop, 5)
    results, failures = run_at_once(
        10,
        lambda _: committed(shop, submit_cart_add, buyer, variant, 1, idempotency_key=uuid.uuid4().hex, language="en"),
    )
    assert len(results) == 5 and len(failures) == 5
    assert all(isinstance(f, errors.OutOfStock) for f in failures), failures
    with session_scope(shop) as session:
        assert [(line.variant_id, line.quantity) for line in get_cart(session, buyer, "en").lines] == [(variant, 5)]
