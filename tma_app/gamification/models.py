"""The core tables of gamification: balances, the grant ledger, badges and counters."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class Profile(SQLModel, table=True):
    """One row per user: the balances, locked while an award is applied."""

    __tablename__ = "gamification_profiles"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    xp: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    coins: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    # The highest level the user has been congratulated on (the UI shows each level-up once).
    celebrated_level: int = Field(default=1, sa_column=Column(Integer, nullable=False, default=1, server_default="1"))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class LedgerEntry(SQLModel, table=True):
    """Every grant, unique per (user, rule, occurrence): the same event never pays twice."""

    __tablename__ = "gamification_ledger"
    __table_args__ = (UniqueConstraint("user_id", "rule_id", "occurrence", name="uq_ledger_user_rule_occurrence"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    rule_id: str = Field(max_length=64)
    occurrence: str = Field(max_length=128)
    xp: int = 0
    coins: int = 0
    badge: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class UserBadge(SQLModel, table=True):
    __tablename__ = "gamification_badges"
    __table_args__ = (UniqueConstraint("user_id", "badge_id", name="uq_badge_user_badge"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    badge_id: str = Field(max_length=64)
    earned_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class Counter(SQLModel, table=True):
    """How many times a user did something (rules may test it: counter.<name>)."""

    __tablename__ = "gamification_counters"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    name: str = Field(primary_key=True, max_length=64)
    value: int = 0
