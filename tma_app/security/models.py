"""The audit log: who changed what, from where."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_logs"
    __table_args__ = (Index("ix_audit_logs_telegram_id_created_at", "telegram_id", "created_at"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    # Kept as a plain number, not a foreign key: attempts by unknown ids are audited too.
    telegram_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    action: str = Field(max_length=64, index=True)
    resource: str = Field(max_length=64)
    resource_id: str | None = Field(default=None, max_length=128)
    # "metadata" is reserved by SQLAlchemy's declarative base; the column keeps the guide's name.
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    ip_address: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=512)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True)
