"""Payments on the suite's migrated SQLite database, a recording stand-in for the Bot API, the
products the demos register (premium program, coin pack, restaurant order), a fresh user per test.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

import tma_app.demos.fitness  # noqa: F401 - registers the premium program
import tma_app.demos.restaurant  # noqa: F401 - registers restaurant orders
import tma_app.gamification  # noqa: F401 - registers the coin pack
from tma_app.core.db import session_scope
from tma_app.demos.fitness.seed import seed_fitness
from tma_app.demos.restaurant.seed import seed_restaurant
from tma_app.payments import bot_link
from tma_app.users.models import User

PROVIDER_TOKEN = "284685063:TEST:provider-token-for-the-suite"


class RecordingBot:
    """What payments asks of the Bot API, answered like Telegram and recorded as (method, params)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.transactions: list[dict[str, Any]] = []
        self.fail: dict[str, Exception] = {}
        self._links = itertools.count(1)

    def _record(self, method: str, **params: Any) -> None:
        self.calls.append((method, params))
        if method in self.fail:
            raise self.fail.pop(method)

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    async def create_invoice_link(self, **params: Any) -> str:
        self._record("createInvoiceLink", **params)
        return f"https://t.me/$invoice-{next(self._links)}"

    async def answer_pre_checkout_query(self, pre_checkout_query_id: str, ok: bool,
                                        error_message: str | None = None) -> bool:
        self._record("answerPreCheckoutQuery", pre_checkout_query_id=pre_checkout_query_id, ok=ok,
                     error_message=error_message)
        return True

    async def refund_star_payment(self, user_id: int, telegram_payment_charge_id: str) -> bool:
        self._record("refundStarPayment", user_id=user_id, telegram_payment_charge_id=telegram_payment_charge_id)
        return True

    async def get_star_transactions(self, offset: int = 0, limit: int = 100) -> dict[str, Any]:
        self._record("getStarTransactions", offset=offset, limit=limit)
        return {"transactions": self.transactions[offset:offset + limit]}

    async def send_message(self, chat_id: int, text: str, *, reply_markup: dict[str, Any] | None = None,
                           parse_mode: str | None = None) -> dict[str, Any]:
        self._record("sendMessage", chat_id=chat_id, text=text)
        return {"message_id": 1, "chat": {"id": chat_id}, "text": text}


class BotError(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@pytest.fixture(scope="session")
def catalog(migrated_engine):
    with session_scope() as session:
        seed_fitness(session)
        seed_restaurant(session)
    return migrated_engine


@pytest.fixture
def bot(catalog, fresh_settings) -> Iterator[RecordingBot]:
    fresh_settings.setenv("TELEGRAM_PAYMENT_PROVIDER_TOKEN", PROVIDER_TOKEN)
    recording = RecordingBot()
    bot_link.use_bot(lambda: recording)
    yield recording
    bot_link.use_bot(None)


@pytest.fixture
def user_id(catalog) -> int:
    """A user of the test's own (the suite shares one database), who allows the bot's messages."""
    user = uuid.uuid4().int % 2**50 + 1
    with session_scope() as session:
        session.add(User(id=user, first_name="Buyer", language_code="en", allows_write_to_pm=True))
    return user


@pytest.fixture
def make_variant(catalog) -> int:
    """A shop variant of the test's own (withdrawing it touches no other test)."""
    from tma_app.demos.ecommerce.models import Category, Product, Variant
    from tma_app.demos.ecommerce.seed import seed_ecommerce

    tag = uuid.uuid4().hex[:10]
    with session_scope() as session:
        seed_ecommerce(session)
        category = session.exec(select(Category).order_by(Category.id)).first()
        product = Product(slug=f"pay-{tag}", category_id=category.id, name_en=f"Mug {tag}", name_ru=f"Кружка {tag}",
                          description_en="x", description_ru="x", picture_id="ecommerce/mug")
        session.add(product)
        session.flush()
        variant = Variant(product_id=product.id, sku=f"P-{tag}", size="M", price=99_000, stock=3)
        session.add(variant)
        session.flush()
        return variant.id
