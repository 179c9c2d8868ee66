"""The bot with the prod build: "Allow messages" is kept and an order's status reaches the chat; /start answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_WEBHOOK_SECRET
from tests.support.app_database import count
from tests.support.fake_bot_api import message_update
from tests.support.fake_telegram import fire, signed_in
from tests.support.restaurant_steps import base_url, place_order_of_first_dish
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e


def messages_to(fake_bot_api, chat_id: int) -> list[str]:
    return [call["text"] for call in fake_bot_api.calls_to("sendMessage") if int(call["chat_id"]) == chat_id]


def test_allowed_messages_bring_the_order_status_to_the_chat(open_app, prod_database_url, fake_bot_api):
    user = 889_101
    page = open_app(signed_in(user, allows_write_to_pm=False))
    expect(page.get_by_test_id("greeting")).to_be_visible()
    fire(page, "settingsButtonClicked")
    page.get_by_test_id("allow-messages").click()
    # Telegram's answer to requestWriteAccess: the user tapped Allow.
    page.wait_for_function("() => window.__tgCalls.some(c => c.path === 'requestWriteAccess')")
    page.evaluate("() => window.__tgCalls.find(c => c.path === 'requestWriteAccess').args[0](true)")
    expect(page.get_by_test_id("write-access")).to_contain_text("Allowed")
    eventually(lambda: count(prod_database_url, "SELECT COUNT(*) FROM users WHERE id = :u AND allows_write_to_pm",
                             u=user), what="the permission stored")

    page.goto(base_url(page) + "/demos/restaurant")
    place_order_of_first_dish(page)
    accepted = eventually(lambda: messages_to(fake_bot_api, user), what="the order's status in the chat", page=page)
    assert accepted[0].startswith("Restaurant #") and "accepted" in accepted[0]


def test_a_user_who_did_not_allow_messages_hears_nothing(open_app, prod_database_url, fake_bot_api):
    user = 889_102
    page = open_app(signed_in(user, allows_write_to_pm=False), "/demos/restaurant")
    place_order_of_first_dish(page)
    # The order's 'accepted' was queued in the order's transaction; the bot's consumer deletes its row
    # only after deciding (and any message has been sent by then), so an empty queue means it is decided.
    assert count(prod_database_url, "SELECT COUNT(*) FROM restaurant_orders WHERE user_id = :u", u=user) == 1
    queued = "SELECT COUNT(*) FROM event_outbox WHERE consumer = 'bot_notifications' AND user_id = :u " \
             "AND event_id LIKE :accepted"
    eventually(lambda: count(prod_database_url, queued, u=user, accepted="order:restaurant:%:accepted"),
               lambda n: n == 0, what="the order's status still queued for the bot", page=page)
    assert messages_to(fake_bot_api, user) == []


def test_start_through_the_webhook_answers_with_the_app_button(prod_server, fake_bot_api):
    user = 889_103
    url = prod_server + "/api/telegram/webhook"
    assert fake_bot_api.post_update(url, message_update(7_000_001, user, "/start", language_code="ru")).status_code \
        == 401
    assert fake_bot_api.post_update(url, message_update(7_000_001, user, "/start", language_code="ru"),
                                    secret=E2E_WEBHOOK_SECRET).status_code == 200
    [greeting] = eventually(lambda: messages_to(fake_bot_api, user), what="the /start answer")
    assert greeting.startswith("Привет, Ada!")
    [call] = [c for c in fake_bot_api.calls_to("sendMessage") if int(c["chat_id"]) == user]
    assert call["reply_markup"]["inline_keyboard"][0][0]["web_app"]["url"].startswith(prod_server)
    # A redelivery is acknowledged and not answered again.
    assert fake_bot_api.post_update(url, message_update(7_000_001, user, "/start"),
                                    secret=E2E_WEBHOOK_SECRET).status_code == 200
    assert len(messages_to(fake_bot_api, user)) == 1
