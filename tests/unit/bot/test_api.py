"""The Bot API client against the loopback fake: results, typed errors, bounded retries, no token in logs."""

from __future__ import annotations

import logging

import pytest

from tests.support.fake_bot_api import FakeBotApi
from tma_app.bot.api import BotApi, BotApiError, BotBlocked, BotNotConfigured
from tma_app.bot.send_limit import MemorySchedule, SendLimiter

TOKEN = "123456:client-test-token-abcdefghijklmnopqrstuvwxyz"


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake():
    with FakeBotApi(token=TOKEN) as server:
        yield server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def bot(fake, sleeps) -> BotApi:
    return BotApi(base_url=fake.base_url, token=TOKEN, sleep=sleeps,
                  limiter=SendLimiter(MemorySchedule(), sleep=sleeps))


async def test_methods_send_their_parameters_and_return_the_result(bot, fake):
    message = await bot.send_message(7, "hello", reply_markup={"inline_keyboard": []})
    assert message["chat"]["id"] == 7
    link = await bot.create_invoice_link(title="Coins", description="100 coins", payload="p1", currency="XTR",
                                         prices=[{"label": "Coins", "amount": 50}])
    assert link.startswith("https://t.me/$")
    assert await bot.answer_pre_checkout_query("q1", False, "Sold out") is True
    assert await bot.refund_star_payment(7, "charge-1") is True
    fake.star_transactions = [{"id": "charge-1", "amount": 50, "date": 1}]
    assert await bot.get_star_transactions() == {"transactions": fake.star_transactions}
    assert fake.calls == [
        ("sendMessage", {"chat_id": 7, "text": "hello", "reply_markup": {"inline_keyboard": []}}),
        ("createInvoiceLink", {"title": "Coins", "description": "100 coins", "payload": "p1", "currency": "XTR",
                               "prices": [{"label": "Coins", "amount": 50}], "provider_token": ""}),
        ("answerPreCheckoutQuery", {"pre_checkout_query_id": "q1", "ok": False, "error_message": "Sold out"}),
        ("refundStarPayment", {"user_id": 7, "telegram_payment_charge_id": "charge-1"}),
        ("getStarTransactions", {"offset": 0, "limit": 100}),
    ]


async def test_429_waits_retry_after_then_succeeds(bot, fake, sleeps):
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    assert (await bot.send_message(1, "x"))["text"] == "x"
    assert len(fake.calls_to("sendMessage")) == 2
    assert 2 in sleeps.waits


async def test_a_long_flood_wait_is_not_slept_here(bot, fake, sleeps):
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 300", retry_after=300)
    with pytest.raises(BotApiError) as raised:
        await bot.call("sendMessage", chat_id=1, text="x")
    assert (raised.value.error_code, raised.value.retry_after) == (429, 300)
    assert len(fake.calls_to("sendMessage")) == 1 and sleeps.waits == []


async def test_5xx_is_retried_with_backoff_and_bounded(bot, fake, sleeps):
    for _ in range(5):
        fake.fail_next("getMe", 502, "Bad Gateway")
    with pytest.raises(BotApiError) as raised:
        await bot.call("getMe")
    assert raised.value.error_code == 502 and raised.value.method == "getMe"
    assert len(fake.calls_to("getMe")) == 4
    assert sleeps.waits == [0.5, 1.0, 2.0]


async def test_4xx_is_never_retried(bot, fake):
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(BotApiError) as raised:
        await bot.call("sendMessage", chat_id=1, text="x")
    assert not isinstance(raised.value, BotBlocked)
    assert raised.value.description == "Bad Request: chat not found"
    assert len(fake.calls_to("sendMessage")) == 1


async def test_a_user_who_blocked_the_bot_is_bot_blocked(bot, fake):
    fake.block(42)
    with pytest.raises(BotBlocked) as raised:
        await bot.send_message(42, "x")
    assert raised.value.error_code == 403 and "blocked" in raised.value.description
    assert len(fake.calls_to("sendMessage")) == 1


async def test_unreachable_server_is_retried_then_an_error_without_the_token(sleeps, caplog):
    bot = BotApi(base_url="http://127.0.0.1:9", token=TOKEN, sleep=sleeps)
    with caplog.at_level(logging.DEBUG), pytest.raises(BotApiError) as raised:
        await bot.call("getMe")
    assert raised.value.error_code == 0 and raised.value.__cause__ is None
    assert TOKEN not in str(raised.value) and TOKEN not in caplog.text
    assert len(sleeps.waits) == 3


async def test_httpx_request_logs_never_show_the_token(bot, caplog):
    with caplog.at_level(logging.INFO, logger="httpx"):
        await bot.call("getMe")
    assert "getMe" in caplog.text and TOKEN not in caplog.text


async def test_without_a_token_there_is_no_bot(fresh_settings, fake):
    fresh_settings.setenv("TELEGRAM_BOT_TOKEN", "")
    fresh_settings.setenv("TELEGRAM_BOT_API_URL", fake.base_url)
    with pytest.raises(BotNotConfigured):
        await BotApi().call("getMe")
    assert fake.calls == []


async def test_the_settings_give_the_server_and_token(fresh_settings):
    with FakeBotApi() as server:
        fresh_settings.setenv("TELEGRAM_BOT_API_URL", server.base_url)
        assert (await BotApi().call("getMe"))["is_bot"] is True
        assert server.calls == [("getMe", {})]
