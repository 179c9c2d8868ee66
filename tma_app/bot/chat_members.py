"""Telegram says when a user blocks or unblocks the bot (my_chat_member): kept in the blocked marks."""

from __future__ import annotations

from typing import Any

from tma_app.bot.blocked import mark_blocked, unmark_blocked
from tma_app.core.db import in_session


async def follow_membership(update: dict[str, Any]) -> None:
    """The "my_chat_member" handler, for private chats: kicked is blocked, member is back."""
    chat = update.get("chat")
    member = update.get("new_chat_member")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(member, dict):
        return
    chat_id = chat.get("id")
    if not isinstance(chat_id, int):
        return
    if member.get("status") == "kicked":
        await in_session(mark_blocked, chat_id, "my_chat_member: kicked")
    elif member.get("status") == "member":
        await in_session(unmark_blocked, chat_id)
