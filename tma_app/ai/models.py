"""The assistant's tables: conversations and their messages, one row per request, daily budgets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class AiConversation(SQLModel, table=True):
    """A chat; the newest one not archived is the user's current chat ("New chat" archives it)."""

    __tablename__ = "ai_conversations"
    __table_args__ = (Index("ix_ai_conversations_user_current", "user_id", "archived", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    archived: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class AiMessage(SQLModel, table=True):
    __tablename__ = "ai_messages"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="ai_conversations.id", index=True)
    role: str = Field(max_length=16)  # user | assistant
    content: str = Field(sa_column=Column(Text, nullable=False))
    # complete | stopped | refused | failed | length; what the screen shows under an answer
    status: str = Field(default="complete", max_length=16)
    reason: str | None = Field(default=None, max_length=40)
    config: str = Field(max_length=40)
    offline: bool = False  # answered by the offline help, not a model
    request_key: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class AiRequest(SQLModel, table=True):
    """One question: who, which configuration and model, what it cost and how it ended.

    Written when the question is admitted (the key makes a retry the same request), completed
    when the answer ends. Never holds the question or the answer.
    """

    __tablename__ = "ai_requests"
    __table_args__ = (Index("ix_ai_requests_created", "created_at"),)

    request_key: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    config: str = Field(max_length=40)
    provider: str = Field(max_length=16)
    model: str = Field(max_length=100)
    day: date  # the user's local day it counts against
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_charged: bool = False
    first_token_ms: int | None = None
    total_ms: int | None = None
    outcome: str = Field(default="pending", max_length=16)
    reason: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class AiBudgetDay(SQLModel, table=True):
    """A user's spend in one local day (the SQL budget store, used without Redis)."""

    __tablename__ = "ai_budget_days"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    day: date = Field(primary_key=True)
    requests: int = 0
    tokens: int = 0


class AiGlobalDay(SQLModel, table=True):
    """The whole app's tokens in one UTC day (the SQL budget store)."""

    __tablename__ = "ai_global_days"

    day: date = Field(primary_key=True)
    tokens: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))  # may pass 2**31 in a day
