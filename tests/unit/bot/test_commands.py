"""The commands, in the user's language: /start (and its referral), /help, /orders, /paysupport."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.support.fake_bot_api import message_update
from tests.unit.bot.conftest import PUBLIC_URL
from tma_app.bot.blocked import is_blocked
from tma_app.bot.chat_members import follow_membership
from tma_app.bot.commands import answer_message, parse_command
from tma_app.core.db import session_scope
from tma_app.demos.restaurant.cart import add_to_cart
from tma_app.demos.restaurant.orders import available_slots, submit_order
from tma_app.demos.restaurant.seed import seed_restaurant
from tma_app.gamification.referrals.service import referral_code, referral_overview
from tma_app.users.models import User


async def say(user_id: int, text: str, language: str | None = "en", chat_type: str = "private") -> None:
    message = message_update(1, user_id, text, language_code=language)["message"]
    message["chat"]["type"] = chat_type
    await answer_message(message)


def sent(fake) -> list[dict]:
    return fake.calls_to("sendMessage")


@pytest.fixture
def bot(wired, fake_bot):
    return fake_bot


def test_commands_are_parsed_for_this_bot_only():
    assert parse_command("/start ref_abc") == ("start", "ref_abc")
    assert parse_command("/Help@tma_app_dev_bot") == ("help", "")
    assert parse_command("/help@another_bot") is None
    assert parse_command("hello") is None and parse_command(None) is None


@pytest.mark.parametrize(("language", "greeting", "button"), [
    ("en", "Hi, Ada!", "Open the app"), ("ru", "Привет, Ada!", "Открыть приложение"),
    ("ru-RU", "Привет, Ada!", "Открыть приложение"), (None, "Hi, Ada!", "Open the app"),
])
async def test_start_greets_and_opens_the_app(bot, user_id, language, greeting, button):
    await say(user_id, "/start", language)
    [message] = sent(bot)
    assert message["chat_id"] == user_id and message["text"].startswith(greeting)
    assert message["reply_markup"] == {"inline_keyboard": [[{"text": button, "web_app": {"url": PUBLIC_URL + "/"}}]]}


@pytest.mark.parametrize(("command", "en", "ru"), [
    ("/help", "/orders — your recent orders", "/orders — ваши последние заказы"),
    ("/paysupport", "Payment support", "Поддержка по оплате"),
    ("/nonsense", "I do not know that command", "Такой команды я не знаю"),
])
async def test_each_command_answers_in_the_users_language(bot, user_id, command, en, ru):
    await say(user_id, command, "en")
    await say(user_id, command, "ru")
    assert [en in sent(bot)[0]["text"], ru in sent(bot)[1]["text"]] == [True, True]


async def test_plain_text_and_group_chats_get_no_answer(bot, user_id):
    await say(user_id, "hello there")
    await say(user_id, "/help", chat_type="group")
    assert sent(bot) == []


async def test_start_with_a_referral_records_it_for_a_new_user(bot, user_id):
    referrer = uuid.uuid4().int % 2**50 + 1
    with session_scope() as session:
        code = referral_code(session, referrer)
    await say(user_id, f"/start ref_{code}")
    assert "friend's invitation" in sent(bot)[0]["text"]
    with session_scope() as session:
        assert referral_overview(session, referrer).total == 1
        assert session.get(User, user_id).first_name == "Ada"
    # The same link again, or by a user the app already knew, records nothing more.
    await say(user_id, f"/start ref_{code}")
    assert "friend's invitation" not in sent(bot)[1]["text"]
    with session_scope() as session:
        assert referral_overview(session, referrer).total == 1


async def test_start_with_an_unknown_code_just_greets(bot, user_id):
    await say(user_id, "/start ref_AAAAAAAAAA")
    assert "friend's invitation" not in sent(bot)[0]["text"]


async def test_orders_lists_the_users_recent_orders_with_status(bot, user_id):
    await say(user_id, "/orders")
    assert sent(bot)[0]["text"] == "You have no orders yet."
    now = datetime.now(UTC)
    with session_scope() as session:
        seed_restaurant(session)
    with session_scope() as session:
        add_to_cart(session, user_id, "latte", quantity=2, idempotency_key=uuid.uuid4().hex, language="en")
    with session_scope() as session:
        order = submit_order(session, user_id, "pickup", available_slots(now, "pickup")[0].id, None,
                             uuid.uuid4().hex, language="en").order
    await say(user_id, "/orders", "ru")
    text = sent(bot)[1]["text"]
    assert text.startswith("Ваши последние заказы:")
    assert f"Ресторан №{order.id}" in text and "Принят" in text


async def test_a_user_who_blocked_the_bot_is_marked_and_unmarked_when_they_start_again(bot, user_id):
    bot.block(user_id)
    await say(user_id, "/help")
    with session_scope() as session:
        assert is_blocked(session, user_id)
    bot.unblock(user_id)
    await say(user_id, "/start")
    with session_scope() as session:
        assert not is_blocked(session, user_id)


async def test_telegram_telling_of_a_block_and_an_unblock_is_followed(bot, user_id):
    member = {"chat": {"id": user_id, "type": "private"}, "from": {"id": user_id, "is_bot": False, "first_name": "A"},
              "date": 0, "old_chat_member": {"status": "member"}, "new_chat_member": {"status": "kicked"}}
    await follow_membership(member)
    with session_scope() as session:
        assert is_blocked(session, user_id)
    await follow_membership({**member, "new_chat_member": {"status": "member"}})
    with session_scope() as session:
        assert not is_blocked(session, user_id)


async def test_a_flood_of_commands_gets_only_the_first_ones_answered(bot, user_id):
    from tma_app.bot.commands import COMMAND_LIMIT
    from tma_app.security.rate_limit import SENSITIVE

    for _ in range(COMMAND_LIMIT.limit + 5):
        await say(user_id, "/help")
    # So fast a flood is also flagged by the anomaly rule, which holds it to the sensitive tier.
    assert SENSITIVE.limit <= len(sent(bot)) < COMMAND_LIMIT.limit
    await say(uuid.uuid4().int % 2**50 + 1, "/help")
    assert sent(bot)[-1]["chat_id"] != user_id, "other users are answered"
