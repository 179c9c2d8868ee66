"""The leaderboard's SQL truth: one row per (board, user), changed in the award's transaction."""

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel


class LeaderboardScore(SQLModel, table=True):
    """A user's XP on one board and the ledger row that brought them to it.

    `board` is "all_time" or "weekly:<Monday's date>". `reached` is the id of the
    ledger row of the latest XP change: ids only grow, so among equal XP the smaller
    `reached` got there first and ranks higher.
    """

    __tablename__ = "gamification_leaderboard"
    __table_args__ = (Index("ix_leaderboard_board_order", "board", "xp", "reached"),)

    board: str = Field(primary_key=True, max_length=24)
    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    xp: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    reached: int = Field(sa_column=Column(BigInteger, nullable=False))
