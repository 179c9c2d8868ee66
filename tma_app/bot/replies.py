"""Sending to a user's chat: the app button, and a user who blocked the bot marked, never retried."""

from __future__ import annotations

import logging
from typing import Any

from tma_app.bot.api import BotBlocked, get_bot_api
from tma_app.bot.blocked import mark_blocked
from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.core.settings import get_settings

log = logging.getLogger(__name__)


def open_app_markup(language: Language) -> dict[str, Any] | None:
    """An inline button that opens the Mini App (web_app needs the app's https URL: none without PUBLIC_URL)."""
    url = get_settings().PUBLIC_URL
    if url is None:
        return None
    return {"inline_keyboard": [[{"text": text("bot_open_app", language), "web_app": {"url": str(url)}}]]}


async def send_to_user(chat_id: int, message: str, *, reply_markup: dict[str, Any] | None = None) -> bool:
    """Send; False when the user blocked the bot (then marked, so nothing more is tried)."""
    try:
        await get_bot_api().send_message(chat_id, message, reply_markup=reply_markup)
    except BotBlocked as blocked:
        log.info("chat %s blocked the bot (%s); marked", chat_id, blocked.description)
        await in_session(mark_blocked, chat_id, blocked.description)
        return False
    return True
