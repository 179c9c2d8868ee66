"""Referral tables: each user's code, and who brought whom."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow

PENDING = "pending"  # the referee joined; the referrer is paid after their first completed demo
REWARDED = "rewarded"


class ReferralCode(SQLModel, table=True):
    """A user's one referral code, made on first request and never changed."""

    __tablename__ = "gamification_referral_codes"
    __table_args__ = (UniqueConstraint("code", name="uq_referral_code"),)

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    code: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Referral(SQLModel, table=True):
    """One row per referee: the unique key is what makes a second referrer impossible."""

    __tablename__ = "gamification_referrals"
    __table_args__ = (
        UniqueConstraint("referee_id", name="uq_referral_referee"),
        CheckConstraint("referrer_id <> referee_id", name="ck_referral_not_self"),
        CheckConstraint(f"status IN ('{PENDING}', '{REWARDED}')", name="ck_referral_status"),
    )

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    referrer_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    referee_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    code: str = Field(max_length=16)  # the code the referee came with, for support questions
    status: str = Field(default=PENDING, max_length=16)
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    rewarded_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
