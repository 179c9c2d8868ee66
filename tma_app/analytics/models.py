"""The analytics table: one row per event, keyed by the event's own UUID."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Uuid
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class AnalyticsEvent(SQLModel, table=True):
    """An accepted event. The primary key is the client's (or server's) event UUID, so a
    batch sent twice is stored once: inserts use ON CONFLICT (event_id) DO NOTHING."""

    __tablename__ = "analytics_events"
    __table_args__ = (
        Index("ix_analytics_events_occurred_at", "occurred_at"),
        Index("ix_analytics_events_category_action_occurred_at", "category", "action", "occurred_at"),
    )

    event_id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    # From verified initData only, never from the request body; None for a launch without a user.
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The client's random per-device id: correlates a device's events, proves nothing.
    anonymous_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid, nullable=True))
    category: str = Field(max_length=32)
    action: str = Field(max_length=32)
    label: str | None = Field(default=None, max_length=64)
    value: float | None = None
    route: str | None = Field(default=None, max_length=200)
    props: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = Field(max_length=8)  # "client" or "server"
    # When it happened on the server's clock: the client's timestamp + (server time - client time at send).
    occurred_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    # That correction, kept so a suspicious clock can be seen (0 for server events).
    clock_offset_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
