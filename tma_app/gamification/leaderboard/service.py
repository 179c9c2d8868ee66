"""Leaderboards by XP, all-time and weekly: SQL is the truth, Redis a mirror that reads fast.

- The ledger calls `scores.record_xp` in every award's transaction.
- After an award commits, `mirror_user(user_id)` copies the user's absolute standing
  to Redis (the outbox worker calls it; retrying it is always safe).
- `top()` reads Redis when REDIS_URL is set, rebuilds a board that is missing (Redis
  flushed or restarted) from SQL, and reads SQL whenever Redis fails.
Both backends give the same order: XP descending, ties to whoever reached it first.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from redis import Redis
from redis.exceptions import RedisError
from sqlmodel import Session

from tma_app.core.db import session_scope
from tma_app.core.redis import get_sync_redis
from tma_app.core.time import utcnow
from tma_app.gamification.leaderboard import redis_mirror, scores
from tma_app.gamification.leaderboard.scores import (
    ALL_TIME,
    BoardName,
    Row,
    board_key,
    week_start,
)
from tma_app.users.service import display_names

# (top (user, xp) pairs, the viewer's (rank, xp) or None)
Found = tuple[list[tuple[int, int]], tuple[int, int] | None]

log = logging.getLogger(__name__)

MAX_LIMIT = 200
# A weekly board stays in Redis through the following week (late events, "last week" views).
WEEKLY_KEEP = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Entry:
    rank: int
    user_id: int
    xp: int


@dataclass(frozen=True, slots=True)
class Standing:
    """The viewer's own place, shown even when outside the top."""

    rank: int
    xp: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    board: BoardName
    period_start: datetime | None  # Monday 00:00 UTC for the weekly board
    entries: tuple[Entry, ...]
    viewer: Standing | None
    source: Literal["redis", "sql"]  # where it was read, for diagnostics and tests


@dataclass(frozen=True, slots=True)
class NamedLeaderboard:
    """A board and the display names of the users on it: what the screen and the API show."""

    board: Leaderboard
    names: dict[int, str]  # a user the users service does not know has no entry


class _Outage:
    """Logs a Redis outage once, and its end once."""

    def __init__(self) -> None:
        self._down = False
        self._lock = threading.Lock()

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if self._down:
                return
            self._down = True
        log.warning("leaderboard: Redis unreachable (%s); reading SQL", type(error).__name__)

    def ok(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
        log.info("leaderboard: Redis is back")


_outage = _Outage()


def top(board: BoardName, limit: int = 50, viewer_id: int | None = None, now: datetime | None = None,
        *, session: Session | None = None) -> Leaderboard:
    """The first `limit` users of a board and the viewer's own standing (None without XP there).

    Reads SQL through `session` when given, else in a transaction of its own. Pass a session
    not used yet: a Redis rebuild reads SQL in short transactions of its own, which on SQLite
    would wait for one already holding the write lock.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be within 1..{MAX_LIMIT}")
    now = now or utcnow()
    key = board_key(board, now)
    client = get_sync_redis()
    found = _read_redis(client, key, limit, viewer_id) if client is not None and _expiry(key) != -1 else None
    source: Literal["redis", "sql"] = "redis"
    if found is None:
        if session is not None:
            found = _read_sql(session, key, limit, viewer_id)
        else:
            with session_scope() as own:
                found = _read_sql(own, key, limit, viewer_id)
        source = "sql"
    entries, viewer = found
    return Leaderboard(
        board=board,
        period_start=None if key == ALL_TIME else week_start(now),
        entries=tuple(Entry(rank, user, xp) for rank, (user, xp) in enumerate(entries, start=1)),
        viewer=None if viewer is None else Standing(*viewer),
        source=source,
    )


def named_top(session: Session, board: BoardName, limit: int, viewer_id: int) -> NamedLeaderboard:
    """`top` for the viewer, with the names of the users on it (never their ids)."""
    found = top(board, limit, viewer_id, session=session)
    return NamedLeaderboard(found, display_names(session, [entry.user_id for entry in found.entries]))


def mirror_user(user_id: int, now: datetime | None = None, *, session: Session | None = None) -> int:
    """Copy the user's absolute standings (all-time, this week, last week) from SQL to Redis.

    Call it after the award committed. Idempotent and order-free: a write older than what
    Redis holds is skipped. Reads through `session` when given (a worker inside its own
    transaction must pass it: on SQLite a second transaction would wait for the first).
    Returns the number of boards written (0 without REDIS_URL). Raises redis.RedisError
    when Redis fails, so the caller retries.
    """
    client = get_sync_redis()
    if client is None:
        return 0
    now = now or utcnow()
    boards = [ALL_TIME, board_key("weekly", now), board_key("weekly", now - timedelta(days=7))]
    if session is not None:
        rows = scores.user_rows(session, user_id, boards)
    else:
        with session_scope() as own:
            rows = scores.user_rows(own, user_id, boards)
    live = [(board, row, expire_at) for board, row in rows.items() if (expire_at := _expiry(board)) != -1]
    if live:
        redis_mirror.write_rows(client, live)
    return len(live)


def rebuild(board: BoardName, now: datetime | None = None) -> int | None:
    """Reload a board's Redis copy from SQL; the number of users loaded, or None when
    Redis is not configured, another rebuild is running, or the week is long over."""
    client = get_sync_redis()
    key = board_key(board, now or utcnow())
    if client is None:
        return None
    return _rebuild(client, key)


def _rebuild(client: Redis, key: str) -> int | None:
    expire_at = _expiry(key)
    if expire_at == -1:
        return None
    count = redis_mirror.rebuild(client, key, _sql_chunks(key), expire_at)
    if count is not None:
        log.info("leaderboard: rebuilt %s in Redis from SQL (%d users)", key, count)
    return count


def _read_redis(client: Redis, key: str, limit: int, viewer_id: int | None) -> Found | None:
    try:
        found = redis_mirror.read(client, key, limit, viewer_id)
        if found is None and _rebuild(client, key) is not None:
            found = redis_mirror.read(client, key, limit, viewer_id)
    except (RedisError, OSError) as error:
        _outage.failed(error)
        return None
    _outage.ok()
    return found


def _read_sql(session: Session, key: str, limit: int, viewer_id: int | None) -> Found:
    viewer = None if viewer_id is None else scores.read_standing(session, key, viewer_id)
    return scores.read_top(session, key, limit), viewer


def _sql_chunks(key: str, size: int = 1000) -> Iterator[list[Row]]:
    # A short transaction per chunk: SQLite's transactions hold the write lock, awards must not wait.
    after = None
    while True:
        with session_scope() as session:
            rows = scores.board_rows(session, key, after, size)
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _expiry(key: str) -> int:
    """Unix time at which a board's Redis keys expire: 0 never, -1 already past (SQL only)."""
    if key == ALL_TIME:
        return 0
    monday = datetime.fromisoformat(key.removeprefix(scores.WEEKLY_PREFIX)).replace(tzinfo=UTC)
    expire_at = monday + WEEKLY_KEEP
    return int(expire_at.timestamp()) if expire_at > utcnow() else -1
