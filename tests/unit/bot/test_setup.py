"""`python -m tma_app.bot setup`: webhook, commands (en, ru) and menu button, the same every time."""

from __future__ import annotations

import pytest

from tests.unit.bot.conftest import PUBLIC_URL, SECRET
from tma_app.bot.__main__ import main
from tma_app.bot.api import get_bot_api
from tma_app.bot.setup import SetupError, set_up
from tma_app.core.settings import get_settings


async def test_setup_sets_webhook_commands_and_menu_button(fake_bot):
    await set_up(get_bot_api(), get_settings())
    calls = fake_bot.calls
    assert calls[0] == ("setWebhook", {
        "url": PUBLIC_URL + "/api/telegram/webhook", "secret_token": SECRET,
        "allowed_updates": ["message", "pre_checkout_query", "callback_query", "my_chat_member"],
        "max_connections": 40})
    commands = {params.get("language_code", "default"): params["commands"]
                for method, params in calls if method == "setMyCommands"}
    assert [c["command"] for c in commands["default"]] == ["start", "orders", "help", "paysupport"]
    assert commands["default"][1]["description"] == "My recent orders"
    assert commands["ru"][1]["description"] == "Мои последние заказы"
    assert calls[-1] == ("setChatMenuButton", {"menu_button": {
        "type": "web_app", "text": "Open the app", "web_app": {"url": PUBLIC_URL + "/"}}})


async def test_setup_is_idempotent(fake_bot):
    await set_up(get_bot_api(), get_settings())
    first = fake_bot.calls
    fake_bot.clear()
    await set_up(get_bot_api(), get_settings())
    assert fake_bot.calls == first
    assert not any(params.get("drop_pending_updates") for _, params in first)


@pytest.mark.parametrize("missing", ["TELEGRAM_WEBHOOK_SECRET", "PUBLIC_URL"])
async def test_setup_refuses_without_what_it_needs(fake_bot, fresh_settings, missing):
    fresh_settings.setenv(missing, "")
    get_settings.cache_clear()
    with pytest.raises(SetupError, match=missing):
        await set_up(get_bot_api(), get_settings())
    assert fake_bot.calls == []


def test_the_command_line_prints_what_it_set_and_fails_clearly(fake_bot, fresh_settings, capsys):
    assert main(["setup"]) == 0
    assert "webhook: https://tma.example.com/api/telegram/webhook" in capsys.readouterr().out
    fake_bot.fail_next("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
    assert main(["setup"]) == 1
    error = capsys.readouterr().err
    assert "HTTPS url must be provided" in error and fake_bot.token not in error
