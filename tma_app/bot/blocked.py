"""Who blocked the bot: marked on the first 403, so nothing more is sent to them, until they write again."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session

from tma_app.bot.models import BlockedChat
from tma_app.core.db import dialect_insert, rows_changed
from tma_app.core.time import utcnow


def mark_blocked(session: Session, chat_id: int, reason: str = "") -> None:
    session.execute(dialect_insert(session)(BlockedChat)
                    .values(chat_id=chat_id, blocked_at=utcnow(), reason=reason[:200])
                    .on_conflict_do_nothing(index_elements=["chat_id"]))


def unmark_blocked(session: Session, chat_id: int) -> bool:
    """They wrote to the bot (or unblocked it): messages may go again. Whether they were marked."""
    return rows_changed(session, delete(BlockedChat).where(BlockedChat.chat_id == chat_id)) > 0  # type: ignore[arg-type]


def is_blocked(session: Session, chat_id: int) -> bool:
    return session.get(BlockedChat, chat_id) is not None
