"""The streak table: one row per user, with the timezone their days follow."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class Streak(SQLModel, table=True):
    """A user's days of activity, counted in their own timezone (None: not sent yet, UTC)."""

    __tablename__ = "gamification_streaks"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    timezone: str | None = Field(default=None, max_length=64)
    current: int = 0
    longest: int = 0
    last_active_on: date | None = None  # the user's local calendar date
    freezes: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
