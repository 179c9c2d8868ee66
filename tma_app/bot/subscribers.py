"""Wires the bot up: its outbox consumers (updates, order notifications) and its own update handlers."""

from __future__ import annotations

from collections.abc import Callable

from tma_app.bot import inbox, notifications
from tma_app.bot.chat_members import follow_membership
from tma_app.bot.commands import answer_message
from tma_app.bot.updates import off_update, on_update


def register() -> Callable[[], None]:
    """Called once by the assembly; returns a function that undoes it (tests)."""
    undo = [inbox.register(), notifications.register()]
    on_update("message", answer_message)
    on_update("my_chat_member", follow_membership)

    def unregister() -> None:
        for step in undo:
            step()
        off_update("message", answer_message)
        off_update("my_chat_member", follow_membership)

    return unregister
