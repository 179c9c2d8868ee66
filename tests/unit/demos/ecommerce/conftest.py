"""The seeded shop on the suite's migrated SQLite database, a fresh user per test, products
of a test's own for anything that spends stock, and the shop's demo events as they are emitted."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, subscribe
from tma_app.demos.ecommerce.models import Category, Product, Variant
from tma_app.demos.ecommerce.seed import seed_ecommerce

TEST_CATEGORY = "zz-test-stock"


@pytest.fixture(scope="session")
def shop(migrated_engine):
    with session_scope() as session:
        seed_ecommerce(session)
    return migrated_engine


@pytest.fixture
def user_id() -> int:
    # The suite shares one database: a user of its own keeps each test's cart and orders apart.
    return uuid.uuid4().int % 2**50 + 1


@pytest.fixture
def make_product(shop) -> Callable[..., dict[str, int]]:
    """make_product(("A", 1000, 1), ("B", 2000, 0)) -> {"A": variant_id, "B": variant_id, "slug": ...}.

    A product of the test's own, in a category the seeded listings never filter on, so spending
    its stock never changes what another test sees."""

    def create(*variants: tuple[str, int, int]) -> dict[str, int]:
        tag = uuid.uuid4().hex[:10]
        with session_scope() as session:
            category = session.exec(select(Category).where(Category.slug == TEST_CATEGORY)).first()
            if category is None:
                category = Category(slug=TEST_CATEGORY, sort_order=999, name_en="Test", name_ru="Тест")
                session.add(category)
                session.flush()
            product = Product(
                slug=f"test-{tag}",
                category_id=category.id,
                name_en=f"Test {tag}",
                name_ru=f"Тест {tag}",
                description_en="A product of one test.",
                description_ru="Товар одного теста.",
                picture_id="ecommerce/mug",
            )
            session.add(product)
            session.flush()
            ids: dict[str, int] = {}
            for size, price, stock in variants:
                variant = Variant(product_id=product.id, sku=f"T-{tag}-{size}", size=size, price=price, stock=stock)
                session.add(variant)
                session.flush()
                ids[size] = variant.id
            ids["slug"] = product.slug  # type: ignore[assignment]
        return ids

    return create


@pytest.fixture
def stock_of(shop) -> Callable[[int], int]:
    def read(variant_id: int) -> int:
        with session_scope() as session:
            return session.get(Variant, variant_id).stock

    return read


@pytest.fixture
def shop_events() -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    unsubscribe = subscribe("*", lambda event: seen.append(event) if event.data.get("demo_id") == "ecommerce" else None)
    yield seen
    unsubscribe()
