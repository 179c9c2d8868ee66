"""`python -m tma_app.bot setup`: the webhook, the command menu (en, ru) and the menu button, set at Telegram.

Idempotent: every call sets the whole state, so running it again changes nothing (and drops
no pending update). Needs TELEGRAM_BOT_TOKEN, PUBLIC_URL and TELEGRAM_WEBHOOK_SECRET.
"""

from __future__ import annotations

from typing import Any

from tma_app.bot.api import BotApi
from tma_app.bot.commands import COMMANDS
from tma_app.bot.updates import KINDS
from tma_app.bot.webhook import PATH
from tma_app.core.i18n import LANGUAGES, Language, text
from tma_app.core.settings import Settings

# What the handlers take; successful_payment arrives as a message. Named explicitly: an
# omitted list would keep whatever was set before.
ALLOWED_UPDATES = [kind for kind in KINDS if kind != "successful_payment"]
MAX_CONNECTIONS = 40


class SetupError(RuntimeError):
    """A setting the setup needs is missing."""


def webhook_url(settings: Settings) -> str:
    if settings.PUBLIC_URL is None:
        raise SetupError("PUBLIC_URL is not set: Telegram needs the https address of the webhook")
    return str(settings.PUBLIC_URL).rstrip("/") + PATH


def command_menu(language: Language) -> list[dict[str, str]]:
    return [{"command": name, "description": text(f"bot_command_{name}", language)} for name in COMMANDS]


async def set_up(bot: BotApi, settings: Settings) -> list[str]:
    """Make Telegram's side match the settings; what was set, one line each."""
    secret = settings.webhook_secret
    if secret is None:
        raise SetupError("TELEGRAM_WEBHOOK_SECRET is not set: the webhook would refuse every update")
    url = webhook_url(settings)
    app_url = str(settings.PUBLIC_URL)
    done = []
    await bot.call("setWebhook", url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                   max_connections=MAX_CONNECTIONS)
    done.append(f"webhook: {url} ({', '.join(ALLOWED_UPDATES)})")
    for language in LANGUAGES:
        # English is also the default for every language without its own list.
        scope: dict[str, Any] = {} if language == "en" else {"language_code": language}
        await bot.call("setMyCommands", commands=command_menu(language), **scope)
        done.append(f"commands ({language}): " + " ".join(f"/{name}" for name in COMMANDS))
    await bot.call("setChatMenuButton", menu_button={
        "type": "web_app", "text": text("bot_open_app", "en"), "web_app": {"url": app_url}})
    done.append(f"menu button: {app_url}")
    return done
