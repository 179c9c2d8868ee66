"""The Redis member encoding orders ties exactly as SQL does (pure, no server needed)."""

from __future__ import annotations

import random

import pytest

from tma_app.gamification.leaderboard.redis_mirror import member, user_of


def sql_order(rows):
    return sorted(rows, key=lambda r: (-r[1], r[2]))  # ORDER BY xp DESC, reached ASC


def redis_rev_order(rows):
    # ZREVRANGE: score descending, equal scores by member bytes descending.
    return sorted(rows, key=lambda r: (r[1], member(r[0], r[2]).encode()), reverse=True)


def test_reverse_member_order_is_the_sql_order_at_any_magnitude():
    rng = random.Random(6)
    marks = rng.sample(range(10**15), 3000)  # ledger ids far beyond anything real, including 1-digit ones
    marks[:5] = [0, 1, 9, 10, 10**15 - 1]
    rows = [(rng.randrange(1, 2**52), rng.choice([5, 10, 2**53 - 1]), mark) for mark in marks]
    assert redis_rev_order(rows) == sql_order(rows)


def test_a_member_names_its_user():
    assert user_of(member(2**52 + 7, 42)) == 2**52 + 7


def test_marks_outside_the_exact_range_are_refused():
    with pytest.raises(ValueError):
        member(1, 10**15)
    with pytest.raises(ValueError):
        member(1, -1)
