"""The bot's tables: updates already taken in (exactly once per update_id), chats that blocked the bot."""

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class BotUpdate(SQLModel, table=True):
    """One row per update_id taken in: a redelivered update finds its row and is only acknowledged."""

    __tablename__ = "bot_updates"

    # Telegram's update_id; the primary key is the claim.
    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    kind: str = Field(max_length=32)  # message | successful_payment | pre_checkout_query | callback_query | other
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True)


class BlockedChat(SQLModel, table=True):
    """A user who blocked the bot: no notification is sent to them until they write to it again."""

    __tablename__ = "bot_blocked_chats"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    blocked_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    reason: str = Field(default="", max_length=200)
