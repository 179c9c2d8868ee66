"""The payments' tables: one row per invoice we issued, and the reconciliation reports.

A `Payment` is created by the server before the invoice exists: its random `payload` is the only
thing Telegram carries back, so the user, the product and the amount are read from here and never
from the page or from the update.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow

STARS = "XTR"


class Payment(SQLModel, table=True):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("payload", name="uq_payments_payload"),
        # A charge grants once, whatever Telegram redelivers: the database says so, not only the code.
        UniqueConstraint("telegram_charge_id", name="uq_payments_telegram_charge_id"),
        Index("ix_payments_user_product", "user_id", "kind", "ref"),
        Index("ix_payments_status_created_at", "status", "created_at"),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    payload: str = Field(max_length=64)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    # What is sold: a product kind registered by its feature, and that feature's reference.
    kind: str = Field(max_length=32)
    ref: str = Field(max_length=64)
    title: str = Field(max_length=32)
    description: str = Field(max_length=255)
    # Minor units: Stars for XTR, kopecks for RUB.
    amount: int
    currency: str = Field(max_length=3)
    # "open" (invoice issued, payable), "paid", "refunded".
    status: str = Field(default="open", max_length=16)
    invoice_url: str | None = Field(default=None, max_length=512)
    telegram_charge_id: str | None = Field(default=None, max_length=255)
    provider_charge_id: str | None = Field(default=None, max_length=255)
    refund_reference: str | None = Field(default=None, max_length=255)
    refunded_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    paid_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    refunded_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Reconciliation(SQLModel, table=True):
    """One comparison of our Stars payments with Telegram's transactions."""

    __tablename__ = "payment_reconciliations"

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    ran_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True)
    checked: int = 0
    # [{"charge_id", "problem", "ours", "theirs"}], empty when both sides agree.
    differences: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, max_length=300)
