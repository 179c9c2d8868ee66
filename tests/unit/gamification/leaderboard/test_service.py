"""Leaderboards on SQLite (no Redis): order, ties, the weekly boundary and the viewer's own rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.support.database import upgrade
from tma_app.core import db, settings
from tma_app.core.db import session_scope
from tma_app.gamification.leaderboard.service import Entry, Standing, mirror_user, named_top, rebuild, top
from tma_app.gamification.ledger import award, grant
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.service import upsert_from_telegram

MONDAY = datetime(2026, 11, 23, tzinfo=UTC)  # a Monday
WEDNESDAY = MONDAY + timedelta(days=2, hours=12)


@pytest.fixture
def board_db(fresh_settings, tmp_path):
    """A database of the test's own: the boards are global, so other tests' users must not be on them."""
    fresh_settings.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'board.db'}")
    settings.get_settings.cache_clear()
    db.get_engine.cache_clear()
    engine = db.get_engine()
    upgrade(engine)
    yield engine
    engine.dispose()


def give(user: int, xp: int, when: datetime = WEDNESDAY, key: str | None = None) -> None:
    with session_scope() as session:
        assert grant(session, user, "test_xp", key or f"{user}-{when.isoformat()}-{xp}", xp=xp, now=when)


def ranking(board: str = "all_time", now: datetime = WEDNESDAY, **kwargs) -> list[tuple[int, int, int]]:
    return [(e.rank, e.user_id, e.xp) for e in top(board, now=now, **kwargs).entries]


def test_more_xp_ranks_higher_and_grants_add_up(board_db):
    give(1, 10)
    give(2, 40)
    give(3, 25)
    give(1, 20)
    assert ranking() == [(1, 2, 40), (2, 1, 30), (3, 3, 25)]
    assert ranking("weekly") == [(1, 2, 40), (2, 1, 30), (3, 3, 25)]


def test_equal_xp_goes_to_whoever_reached_it_first(board_db):
    give(7, 30)   # user 7 on 30 ...
    give(8, 50)   # ... user 8 reaches 50 ...
    give(7, 20)   # ... and only then does user 7
    give(9, 50)   # user 9 reaches 50 last, in one grant
    give(6, 50)   # a lower user id does not jump the queue
    assert ranking() == [(1, 8, 50), (2, 7, 50), (3, 9, 50), (4, 6, 50)]
    assert top("all_time", viewer_id=9, now=WEDNESDAY).viewer == Standing(3, 50)
    give(9, 1)
    assert ranking()[0] == (1, 9, 51)


def test_the_week_turns_at_monday_midnight_utc(board_db):
    sunday_night = MONDAY + timedelta(days=6, hours=23, minutes=59, seconds=59)
    next_monday = MONDAY + timedelta(days=7)
    give(1, 10, sunday_night)
    give(2, 20, next_monday)
    assert ranking("weekly", now=sunday_night) == [(1, 1, 10)]
    assert ranking("weekly", now=next_monday) == [(1, 2, 20)]
    assert ranking("all_time", now=next_monday) == [(1, 2, 20), (2, 1, 10)]
    # Monday 01:30 in Moscow is still Sunday in UTC: last week's board.
    moscow_monday = datetime(2026, 11, 30, 1, 30, tzinfo=timezone(timedelta(hours=3)))
    assert ranking("weekly", now=moscow_monday) == [(1, 1, 10)]
    weekly = top("weekly", now=next_monday + timedelta(days=3))
    assert weekly.period_start == next_monday and top("all_time").period_start is None


def test_the_viewer_sees_their_own_rank_outside_the_top_50(board_db):
    for user in range(1, 61):
        give(user, 1000 - user * 10)  # user n is n-th
    board = top("all_time", limit=50, viewer_id=55, now=WEDNESDAY)
    assert len(board.entries) == 50 and board.entries[-1] == Entry(50, 50, 500)
    assert all(entry.user_id != 55 for entry in board.entries)
    assert board.viewer == Standing(55, 450)
    assert top("all_time", limit=50, viewer_id=3, now=WEDNESDAY).viewer == Standing(3, 970)
    assert top("all_time", viewer_id=999, now=WEDNESDAY).viewer is None, "no XP, no rank"
    next_week = WEDNESDAY + timedelta(days=7)
    assert top("weekly", viewer_id=55, now=next_week).viewer is None, "no XP this week"
    assert top("weekly", viewer_id=55, now=WEDNESDAY).viewer == Standing(55, 450)


def test_xp_from_rules_counts_once_and_a_rolled_back_grant_not_at_all(board_db):
    for _ in range(2):  # the same event delivered twice
        with session_scope() as session:
            award(session, 5, "demo_complete", {"demo_id": "fitness"}, "evt-1", now=WEDNESDAY)
    with pytest.raises(RuntimeError), session_scope() as session:
        grant(session, 5, "test_xp", "rolled-back", xp=500, now=WEDNESDAY)
        raise RuntimeError("the caller's transaction fails after the grant")
    assert ranking() == [(1, 5, 75)] and ranking("weekly") == [(1, 5, 75)]


def test_coin_only_grants_do_not_put_anyone_on_the_board(board_db):
    with session_scope() as session:
        grant(session, 4, "task_claim", "t1", coins=10, now=WEDNESDAY)
    assert ranking() == [] and top("all_time", viewer_id=4).viewer is None


def test_bad_arguments_are_refused(board_db):
    with pytest.raises(ValueError):
        top("monthly")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        top("all_time", limit=0)
    with pytest.raises(ValueError):
        top("weekly", now=datetime(2026, 11, 23))  # naive: which week is ambiguous


def test_without_redis_the_mirror_is_a_no_op(board_db):
    give(1, 10)
    assert mirror_user(1) == 0 and rebuild("all_time") is None
    assert top("all_time").source == "sql"


def test_a_batch_of_gains_is_summed_per_board_and_marked_by_its_last_grant(board_db):
    from tma_app.gamification.leaderboard.scores import record_gains

    sunday, monday = MONDAY - timedelta(seconds=1), MONDAY
    with session_scope() as session:  # (user, xp, ledger id, when), as the batch engine reports them
        record_gains(session, [(1, 10, 101, sunday), (2, 30, 102, monday), (1, 20, 103, monday),
                               (3, 30, 104, monday), (4, 0, 105, monday)])
    assert ranking(now=monday) == [(1, 2, 30), (2, 1, 30), (3, 3, 30)]
    assert ranking("weekly", now=monday) == [(1, 2, 30), (2, 3, 30), (3, 1, 20)]
    assert ranking("weekly", now=sunday) == [(1, 1, 10)]
    with session_scope() as session:
        record_gains(session, [(3, 5, 106, monday)])
        record_gains(session, [])
    assert ranking(now=monday)[0] == (1, 3, 35)


def test_the_named_board_has_the_names_of_the_users_the_users_service_knows(board_db):
    give(1, 30)
    give(2, 20)
    with session_scope() as session:
        upsert_from_telegram(session, WebAppUser(id=1, first_name="Alice", last_name="Tester"))
    with session_scope() as session:
        named = named_top(session, "all_time", 50, viewer_id=2)
    assert [(e.user_id, named.names.get(e.user_id)) for e in named.board.entries] == [(1, "Alice Tester"), (2, None)]
    assert named.board.viewer == Standing(2, 20)
