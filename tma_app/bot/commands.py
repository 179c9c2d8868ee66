"""The bot's commands, answered in the user's language: /start, /help, /orders, /paysupport.

`/start ref_<code>` (a t.me/<bot>?start=ref_<code> link) records the referral through the
referral flow of the app: the user is created if the bot is their first contact, and a new
user's referral is recorded exactly as a first Mini App session with startapp=ref_<code> would.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session

from tma_app.bot.blocked import unmark_blocked
from tma_app.bot.orders import orders_text, recent_orders
from tma_app.bot.replies import open_app_markup, send_to_user
from tma_app.bot.updates import sender_of
from tma_app.core.db import in_session
from tma_app.core.i18n import Language, pick_language, text
from tma_app.core.settings import get_settings
from tma_app.gamification.referrals.service import START_PARAM_PREFIX, record_referral
from tma_app.security.rate_limit import Tier, get_rate_limiter
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.service import create_from_bot

log = logging.getLogger(__name__)

COMMANDS = ("start", "orders", "help", "paysupport")  # in the order the menu shows them
# Answers go at 1 a second per chat: a user flooding commands gets the first ones answered, not a
# queue that would hold the bot's deliveries for minutes. Counted apart from the app's own limits.
COMMAND_LIMIT = Tier("bot_commands", 20, 60_000, fail_open=True)


def parse_command(message_text: object) -> tuple[str, str] | None:
    """("start", "ref_abc") from "/start ref_abc" or "/start@our_bot ref_abc"; None for plain text."""
    if not isinstance(message_text, str) or not message_text.startswith("/"):
        return None
    head, _, argument = message_text.partition(" ")
    name, _, addressee = head[1:].partition("@")
    if addressee and addressee.lower() != get_settings().TELEGRAM_BOT_USERNAME.lower():
        return None  # meant for another bot
    return name.lower(), argument.strip()


def bot_user(sender: dict[str, Any]) -> WebAppUser:
    def optional(key: str) -> str | None:
        value = sender.get(key)
        return value if isinstance(value, str) else None

    return WebAppUser(id=sender["id"], first_name=optional("first_name") or "", last_name=optional("last_name"),
                      username=optional("username"), language_code=optional("language_code"),
                      is_premium=sender.get("is_premium") is True)


def record_start_referral(session: Session, user: WebAppUser, start_param: str) -> bool:
    """The /start payload into the referral flow; whether a referral was recorded."""
    created = create_from_bot(session, user)
    outcome = record_referral(session, user.id, start_param, created)
    return outcome.recorded


async def answer_message(message: dict[str, Any]) -> None:
    """The "message" handler: a command in a private chat gets its answer; anything else, nothing."""
    chat = message.get("chat")
    user_id = sender_of(message)
    if user_id is None or not isinstance(chat, dict) or chat.get("type") != "private" or chat.get("id") != user_id:
        return
    command = parse_command(message.get("text"))
    if command is None:
        return
    decision = await get_rate_limiter().hit(COMMAND_LIMIT, f"bot:{user_id}")
    if not decision.allowed:
        log.info("bot: commands of user %s over the limit; not answered", user_id)
        return
    if command[0] == "start":
        # A user who blocked the bot comes back through Start (Telegram also says so in my_chat_member).
        await in_session(unmark_blocked, user_id)
    sender = message["from"]
    language = pick_language(sender.get("language_code") if isinstance(sender.get("language_code"), str) else None)
    name, argument = command
    if name == "start":
        await _start(bot_user(sender), argument, language)
    elif name == "help":
        await send_to_user(user_id, text("bot_help", language))
    elif name == "orders":
        lines = await in_session(recent_orders, user_id, language)
        await send_to_user(user_id, orders_text(lines, language), reply_markup=open_app_markup(language))
    elif name == "paysupport":
        await send_to_user(user_id, text("bot_paysupport", language))
    else:
        await send_to_user(user_id, text("bot_unknown_command", language))


async def _start(user: WebAppUser, argument: str, language: Language) -> None:
    greeting = text("bot_start", language, name=user.first_name or "👋")
    if argument.startswith(START_PARAM_PREFIX) and await in_session(record_start_referral, user, argument):
        greeting += "\n\n" + text("bot_start_referred", language)
    await send_to_user(user.id, greeting, reply_markup=open_app_markup(language))
