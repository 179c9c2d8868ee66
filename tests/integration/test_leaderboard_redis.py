"""Leaderboards on real PostgreSQL and Redis: the Redis mirror reads exactly like SQL, is
rebuilt when emptied, survives rebuilds racing with awards, and SQL serves when Redis is gone."""

from __future__ import annotations

import logging
import random
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from redis.exceptions import RedisError
from sqlmodel import select

from tests.support.database import upgrade
from tma_app.core import db, settings
from tma_app.core import redis as core_redis
from tma_app.core.db import session_scope
from tma_app.core.outbox import OutboxRow
from tma_app.core.redis import get_sync_redis
from tma_app.gamification.leaderboard import redis_mirror, scores
from tma_app.gamification.leaderboard.scores import board_key
from tma_app.gamification.leaderboard.service import MAX_LIMIT, mirror_user, rebuild, top
from tma_app.gamification.ledger import award, grant

pytestmark = pytest.mark.integration

# Weeks of this file's own (far ahead), so the weekly boards hold only these tests' users.
PARITY_NOW = datetime(2031, 3, 12, 12, tzinfo=UTC)  # a Wednesday
RACE_NOW = datetime(2032, 6, 16, 12, tzinfo=UTC)
BOARDS = ("all_time", "weekly")


@pytest.fixture
def services(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    return get_sync_redis()


def new_users(count: int) -> list[int]:
    base = 5 * 10**13 + uuid.uuid4().int % 10**12
    return [base + n for n in range(count)]


def play(users, grants: int, now: datetime, seed: int, mirror=True) -> None:
    """A random sequence of grants (small XP values, so ties abound) over this week and last."""
    rng = random.Random(seed)
    for n in range(grants):
        user = rng.choice(users)
        when = now - timedelta(hours=rng.randrange(0, 9 * 24))
        with session_scope() as session:
            if rng.random() < 0.1:
                award(session, user, "demo_complete", {"demo_id": "fitness"}, f"evt-{seed}-{n}", now=when)
            else:
                grant(session, user, "test_xp", f"{seed}-{n}", xp=rng.choice([5, 10, 25, 50]), now=when)
        if mirror:
            mirror_user(user, now=now)


def from_sql(board: str, now: datetime, viewers, limit: int = 50):
    key = board_key(board, now)
    with session_scope() as session:
        return (scores.read_top(session, key, limit),
                {v: scores.read_standing(session, key, v) for v in viewers})


def from_redis(client, board: str, now: datetime, viewers, limit: int = 50):
    key = board_key(board, now)
    found = redis_mirror.read(client, key, limit, None)
    assert found is not None, f"{key} is not built in Redis"
    standings = {}
    for viewer in viewers:
        _, standings[viewer] = redis_mirror.read(client, key, limit, viewer)
    return found[0], standings


def as_pairs(board):
    return [(e.user_id, e.xp) for e in board.entries], (None if board.viewer is None else (board.viewer.rank,
                                                                                           board.viewer.xp))


def drop_boards(client) -> int:
    keys = list(client.scan_iter(match=core_redis.namespaced_key(redis_mirror.NAMESPACE, "*"), count=500))
    return client.delete(*keys) if keys else 0


def test_redis_and_sql_give_the_same_boards_and_ranks(services):
    client, users = services, new_users(200)
    for board in BOARDS:  # boards built before the play: from here on only mirror_user keeps them
        for week in (PARITY_NOW, PARITY_NOW - timedelta(days=7)):
            assert rebuild(board, now=week) is not None
    play(users, 1500, PARITY_NOW, seed=11)
    viewers = [*users, 1]  # user 1 has no XP anywhere
    for board in BOARDS:
        for now in (PARITY_NOW, PARITY_NOW - timedelta(days=7)):
            sql_top, sql_ranks = from_sql(board, now, viewers)
            redis_top, redis_ranks = from_redis(client, board, now, viewers)
            assert len(sql_top) == 50 and redis_top == sql_top, f"{board} top 50 at {now}"
            assert redis_ranks == sql_ranks, f"{board} viewer ranks at {now}"
            assert from_redis(client, board, now, [], MAX_LIMIT)[0] == from_sql(board, now, [], MAX_LIMIT)[0]
    # Ties were really exercised: several users share an XP total on this week's board.
    weekly_xp = [xp for _, xp in from_sql("weekly", PARITY_NOW, [], MAX_LIMIT)[0]]
    assert len(weekly_xp) - len(set(weekly_xp)) > 20
    # And top() reads Redis, with the viewer pinned even far below the top 50.
    _, ranks = from_sql("weekly", PARITY_NOW, users)
    low = max((u for u in users if ranks[u]), key=lambda u: ranks[u][0])
    board = top("weekly", viewer_id=low, now=PARITY_NOW)
    assert board.source == "redis" and board.viewer.rank > 50
    assert as_pairs(board) == (from_sql("weekly", PARITY_NOW, [])[0], ranks[low])


def test_a_stale_or_repeated_mirror_changes_nothing(services):
    client, (user, rival) = services, new_users(2)
    week = board_key("weekly", PARITY_NOW)
    for board in BOARDS:
        rebuild(board, now=PARITY_NOW)
    with session_scope() as session:
        grant(session, user, "test_xp", "first", xp=10, now=PARITY_NOW)
    with session_scope() as session:
        stale = scores.user_rows(session, user, [week])[week]
        grant(session, user, "test_xp", "second", xp=30, now=PARITY_NOW)
        grant(session, rival, "test_xp", "first", xp=40, now=PARITY_NOW)
    for _ in range(3):
        mirror_user(user, now=PARITY_NOW)
        mirror_user(rival, now=PARITY_NOW)
    redis_mirror.write_rows(client, [(week, stale, 0)])  # a late retry of an old mirror
    redis_view = from_redis(client, "weekly", PARITY_NOW, [user, rival], MAX_LIMIT)
    assert redis_view == from_sql("weekly", PARITY_NOW, [user, rival], MAX_LIMIT)
    mine, theirs = redis_view[1][user], redis_view[1][rival]
    assert mine[1] == theirs[1] == 40 and theirs[0] == mine[0] + 1, "40 XP each: the user got there first"


def test_an_emptied_redis_is_rebuilt_on_the_next_read(services, caplog):
    caplog.set_level(logging.INFO, logger="tma_app.gamification.leaderboard.service")
    client, users = services, new_users(30)
    play(users, 120, PARITY_NOW, seed=12)
    viewer = users[0]
    expected = {board: as_pairs(top(board, viewer_id=viewer, now=PARITY_NOW)) for board in BOARDS}
    assert expected["weekly"][0], "the play left a weekly board to rebuild"

    assert drop_boards(client) > 0  # as if Redis was flushed or restarted
    caplog.clear()
    for board in BOARDS:
        rebuilt = top(board, viewer_id=viewer, now=PARITY_NOW)
        assert rebuilt.source == "redis" and as_pairs(rebuilt) == expected[board]
        sql_top, sql_ranks = from_sql(board, PARITY_NOW, [viewer])
        assert as_pairs(rebuilt) == (sql_top, sql_ranks[viewer])
    assert caplog.text.count("rebuilt") == 2

    scores_key = redis_mirror.all_keys(board_key("weekly", PARITY_NOW))[0]
    client.delete(scores_key)  # only the sorted set emptied
    again = top("weekly", viewer_id=viewer, now=PARITY_NOW)
    assert again.source == "redis" and as_pairs(again) == expected["weekly"]


def test_rebuilds_racing_with_awards_lose_no_update(services):
    client, users = services, new_users(40)
    done = threading.Event()
    errors: list[BaseException] = []

    def awards():
        try:
            play(users, 400, RACE_NOW, seed=13)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            done.set()

    worker = threading.Thread(target=awards)
    worker.start()
    rebuilds = 0
    while not done.is_set() or rebuilds < 2:
        for board in BOARDS:
            rebuild(board, now=RACE_NOW)
        rebuilds += 1
    worker.join(timeout=120)
    assert errors == [] and rebuilds >= 2
    for board in BOARDS:
        assert from_redis(client, board, RACE_NOW, users, MAX_LIMIT) == from_sql(board, RACE_NOW, users, MAX_LIMIT)


def test_a_worker_mirrors_inside_its_own_transaction_on_sqlite(app_on_services, redis_prefix, tmp_path):
    # SQLite takes the write lock at BEGIN: the outbox worker's open transaction must lend its session.
    app_on_services.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.db'}")
    app_on_services.setenv("REDIS_KEY_PREFIX", f"{redis_prefix}sqlite-")  # boards of this database only
    settings.get_settings.cache_clear()
    db.get_engine.cache_clear()
    upgrade(db.get_engine())
    user = new_users(1)[0]
    with session_scope() as session:
        grant(session, user, "test_xp", "one", xp=15, now=PARITY_NOW)
    for board in BOARDS:
        rebuild(board, now=PARITY_NOW)
    with session_scope() as session:
        grant(session, user, "test_xp", "two", xp=5, now=PARITY_NOW)
    with session_scope() as worker:
        worker.exec(select(OutboxRow.id)).all()  # the worker's transaction is open (and holds the lock)
        assert mirror_user(user, now=PARITY_NOW, session=worker) == 2
    board = top("weekly", viewer_id=user, now=PARITY_NOW)
    assert board.source == "redis" and as_pairs(board) == ([(user, 20)], (1, 20))
    db.get_engine().dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_redis_at(monkeypatch, url: str) -> None:
    monkeypatch.setenv("REDIS_URL", url)
    settings.get_settings.cache_clear()  # the engine stays: same database


def test_unreachable_redis_falls_back_to_sql_and_says_so_once(services, app_on_services, caplog):
    users = new_users(60)
    play(users, 200, PARITY_NOW, seed=14)
    viewer = users[-1]
    truth = {board: (from_sql(board, PARITY_NOW, [])[0], from_sql(board, PARITY_NOW, [viewer])[1][viewer])
             for board in BOARDS}
    real_url = settings.get_settings().REDIS_URL
    caplog.set_level(logging.INFO, logger="tma_app.gamification.leaderboard.service")

    point_redis_at(app_on_services, f"redis://127.0.0.1:{free_port()}/0")
    for _ in range(3):
        for board in BOARDS:
            board_view = top(board, viewer_id=viewer, now=PARITY_NOW)
            assert board_view.source == "sql" and as_pairs(board_view) == truth[board]
    assert caplog.text.count("Redis unreachable") == 1
    with pytest.raises(RedisError):
        mirror_user(viewer, now=PARITY_NOW)  # the outbox retries it later

    point_redis_at(app_on_services, real_url)
    back = top("weekly", viewer_id=viewer, now=PARITY_NOW)
    assert back.source == "redis" and as_pairs(back) == truth["weekly"]
    assert "Redis is back" in caplog.text
