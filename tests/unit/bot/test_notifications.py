"""Order status changes reach the chat only with the user's permission, never a user who blocked the bot."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.unit.bot.conftest import drain_bot
from tma_app.bot import notifications
from tma_app.bot.blocked import is_blocked, mark_blocked
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.outbox import OutboxRow
from tma_app.demo_catalog.events import ORDER_STATUS
from tma_app.demos.restaurant.cart import add_to_cart
from tma_app.demos.restaurant.orders import available_slots, submit_order
from tma_app.demos.restaurant.seed import seed_restaurant
from tma_app.users.models import User


def make_user(user_id: int, *, allows: bool, language: str = "en") -> None:
    with session_scope() as session:
        session.add(User(id=user_id, first_name="Ada", language_code=language, allows_write_to_pm=allows))


def status_event(user_id: int, status: str = "ready", *, order: int = 12, demo: str = "restaurant",
                 occurred_at: datetime | None = None) -> DomainEvent:
    return DomainEvent(ORDER_STATUS, user_id, {"demo": demo, "order": order, "status": status},
                       occurred_at=occurred_at or datetime.now(UTC))


def sent(fake) -> list[dict]:
    return fake.calls_to("sendMessage")


@pytest.mark.parametrize(("status", "language", "expected"), [
    ("accepted", "en", "Restaurant #12: accepted."),
    ("ready", "ru", "Ресторан №12: готов, можно забирать!"),
    ("delivered", "en", "Restaurant #12: delivered."),
    ("refunded", "ru", "Ресторан №12: деньги возвращены"),
])
async def test_a_user_who_allowed_messages_hears_each_status(wired, fake_bot, user_id, status, language, expected):
    make_user(user_id, allows=True, language=language)
    assert await notifications.notify(status_event(user_id, status)) is True
    [message] = sent(fake_bot)
    assert message["chat_id"] == user_id and message["text"].startswith(expected)
    assert message["reply_markup"]["inline_keyboard"][0][0]["web_app"]["url"].startswith("https://")


async def test_no_permission_no_message(wired, fake_bot, user_id):
    make_user(user_id, allows=False)
    assert await notifications.notify(status_event(user_id)) is True
    assert await notifications.notify(status_event(uuid.uuid4().int % 2**50 + 1)) is True  # an unknown user
    assert sent(fake_bot) == []


async def test_a_user_marked_blocked_is_not_written_to(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    with session_scope() as session:
        mark_blocked(session, user_id)
    assert await notifications.notify(status_event(user_id)) is True
    assert sent(fake_bot) == []


async def test_a_403_marks_the_user_and_is_not_retried(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    fake_bot.block(user_id)
    assert await notifications.notify(status_event(user_id)) is True, "done: nothing to retry"
    assert await notifications.notify(status_event(user_id, "delivered")) is True
    assert len(sent(fake_bot)) == 1, "the second one is not even tried"
    with session_scope() as session:
        assert is_blocked(session, user_id)


async def test_telegram_down_is_retried_later(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    for _ in range(4):
        fake_bot.fail_next("sendMessage", 502, "Bad Gateway")
    assert await notifications.notify(status_event(user_id)) is False


async def test_a_refused_message_is_dropped_not_retried(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    fake_bot.fail_next("sendMessage", 400, "Bad Request: chat not found")
    assert await notifications.notify(status_event(user_id)) is True


async def test_stale_news_is_not_sent(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    old = datetime.now(UTC) - timedelta(days=1)
    assert await notifications.notify(status_event(user_id, occurred_at=old)) is True
    assert sent(fake_bot) == []


def test_a_restaurant_order_is_told_accepted_now_and_ready_when_the_kitchen_gets_there(wired, fake_bot, user_id):
    make_user(user_id, allows=True)
    with session_scope() as session:
        seed_restaurant(session)
    with session_scope() as session:
        add_to_cart(session, user_id, "latte", quantity=1, idempotency_key=uuid.uuid4().hex, language="en")
    now = datetime.now(UTC)
    with session_scope() as session:
        order = submit_order(session, user_id, "pickup", available_slots(now, "pickup")[0].id, None,
                             uuid.uuid4().hex, language="en").order
    assert drain_bot(notifications.CONSUMER).applied == 1
    assert [m["text"] for m in sent(fake_bot)] == [f"Restaurant #{order.id}: accepted. We will let you know when it "
                                                   "moves on."]
    with session_scope() as session:
        [scheduled] = session.exec(select(OutboxRow).where(OutboxRow.consumer == notifications.CONSUMER,
                                                           OutboxRow.user_id == user_id)).all()
    assert scheduled.data["status"] == "ready"
    assert scheduled.available_at >= order.created_at.replace(tzinfo=UTC) + timedelta(minutes=2)
    assert drain_bot(notifications.CONSUMER, now=scheduled.available_at).applied == 1
    assert sent(fake_bot)[-1]["text"] == f"Restaurant #{order.id}: ready for pickup!"
