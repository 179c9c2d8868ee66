"""The leaderboard in SQL: the truth, written in the award's own transaction.

Boards are named by `board_key`: "all_time", or "weekly:<Monday>" for the ISO week
(Monday 00:00 UTC) in which the XP was granted. Order is XP descending, then
`reached` ascending (whoever got to that XP first ranks higher); users without
positive XP on a board are not on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import and_, func, literal, or_, union_all
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from tma_app.core.db import dialect_insert, insert_many, table_of
from tma_app.gamification.leaderboard.models import LeaderboardScore
from tma_app.gamification.models import LedgerEntry

BoardName = Literal["all_time", "weekly"]
BOARDS: tuple[BoardName, ...] = ("all_time", "weekly")
ALL_TIME = "all_time"
WEEKLY_PREFIX = "weekly:"

Row = tuple[int, int, int]  # (user_id, xp, reached)


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week holding `moment`."""
    if moment.tzinfo is None:
        raise ValueError("leaderboard times must be timezone-aware")
    day = moment.astimezone(UTC).date()
    monday = day - timedelta(days=day.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=UTC)


def board_key(board: BoardName, moment: datetime) -> str:
    if board == "all_time":
        return ALL_TIME
    if board == "weekly":
        return f"{WEEKLY_PREFIX}{week_start(moment).date().isoformat()}"
    raise ValueError(f"board must be one of {', '.join(BOARDS)}")


def record_xp(session: Session, user_id: int, xp: int, ledger_key: tuple[str, str], now: datetime) -> None:
    """Add an XP change to the all-time board and to the week of `now`, in the caller's transaction.

    `ledger_key` is (rule_id, occurrence) of a ledger row this transaction wrote for the
    user: its id is the "reached" mark. The caller holds the user's profile lock, so a
    user's marks only grow.
    """
    if not xp:
        return
    rule_id, occurrence = ledger_key
    # One INSERT ... SELECT: the mark is read from the ledger row in the same round trip.
    marks = union_all(*(
        select(literal(board), LedgerEntry.user_id, literal(xp), LedgerEntry.id).where(
            LedgerEntry.user_id == user_id, LedgerEntry.rule_id == rule_id, LedgerEntry.occurrence == occurrence)
        for board in (ALL_TIME, board_key("weekly", now))
    ))
    statement = dialect_insert(session)(LeaderboardScore).from_select(["board", "user_id", "xp", "reached"], marks)
    written = session.execute(statement.on_conflict_do_update(
        index_elements=["board", "user_id"],
        set_={"xp": LeaderboardScore.xp + statement.excluded.xp, "reached": statement.excluded.reached},
    ).returning(LeaderboardScore.board)).all()
    if len(written) != 2:  # (rowcount is -1 for INSERT ... SELECT on psycopg)
        raise LookupError(f"no ledger row {ledger_key!r} for user {user_id} in this transaction")


def record_gains(session: Session, gains: Iterable[tuple[int, int, int, datetime]]) -> None:
    """Many XP changes at once, (user, xp, ledger id, when) each: the batch engine's form of record_xp.

    Summed per (board, user) with the largest ledger id as the mark, then written in one
    statement. The caller holds the users' profile locks, as for record_xp.
    """
    totals: dict[tuple[str, int], tuple[int, int]] = {}
    for user_id, xp, ledger_id, when in gains:
        if not xp:
            continue
        for board in (ALL_TIME, board_key("weekly", when)):
            summed, reached = totals.get((board, user_id), (0, 0))
            totals[(board, user_id)] = (summed + xp, max(reached, ledger_id))
    if not totals:
        return
    table = table_of(LeaderboardScore)
    statement = dialect_insert(session)(table)
    insert_many(
        session,
        statement.on_conflict_do_update(index_elements=["board", "user_id"],
                                        set_={"xp": table.c.xp + statement.excluded.xp,
                                              "reached": statement.excluded.reached}),
        [{"board": board, "user_id": user, "xp": xp, "reached": reached}
         for (board, user), (xp, reached) in sorted(totals.items())],
    )


def _ranked(board: str) -> Select[int, int]:
    return (select(LeaderboardScore.user_id, LeaderboardScore.xp)
            .where(LeaderboardScore.board == board, LeaderboardScore.xp > 0))


def read_top(session: Session, board: str, limit: int) -> list[tuple[int, int]]:
    """(user_id, xp) of the first `limit` users, best first."""
    statement = _ranked(board).order_by(col(LeaderboardScore.xp).desc(), col(LeaderboardScore.reached).asc())
    return [(user, xp) for user, xp in session.exec(statement.limit(limit)).all()]


def read_standing(session: Session, board: str, user_id: int) -> tuple[int, int] | None:
    """(rank, xp) of one user, or None when they have no XP on the board."""
    mine = session.get(LeaderboardScore, (board, user_id))
    if mine is None or mine.xp <= 0:
        return None
    ahead = session.exec(
        select(func.count()).select_from(LeaderboardScore).where(
            LeaderboardScore.board == board,
            or_(col(LeaderboardScore.xp) > mine.xp,
                and_(col(LeaderboardScore.xp) == mine.xp, col(LeaderboardScore.reached) < mine.reached)),
        )
    ).one()
    return ahead + 1, mine.xp


def user_rows(session: Session, user_id: int, boards: Iterable[str]) -> dict[str, Row]:
    """The user's absolute standing on each of `boards` where they have a row."""
    rows = session.exec(select(LeaderboardScore).where(LeaderboardScore.user_id == user_id,
                                                       col(LeaderboardScore.board).in_(list(boards)))).all()
    return {row.board: (row.user_id, row.xp, row.reached) for row in rows}


def board_rows(session: Session, board: str, after: int | None, chunk: int) -> list[Row]:
    """Up to `chunk` rows of a board with user ids above `after` (keyset paging, flat memory)."""
    statement = select(LeaderboardScore.user_id, LeaderboardScore.xp, LeaderboardScore.reached).where(
        LeaderboardScore.board == board)
    if after is not None:
        statement = statement.where(LeaderboardScore.user_id > after)
    rows = session.exec(statement.order_by(col(LeaderboardScore.user_id)).limit(chunk)).all()
    return [(user, xp, reached) for user, xp, reached in rows]
