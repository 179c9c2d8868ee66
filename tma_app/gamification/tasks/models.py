"""Daily-task progress: per user, local day and counted event."""

from datetime import date

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel


class DailyCount(SQLModel, table=True):
    """How often a user did something on one local day: the progress of daily tasks."""

    __tablename__ = "gamification_daily_counts"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    day: date = Field(primary_key=True)
    name: str = Field(primary_key=True, max_length=64)
    value: int = 0
