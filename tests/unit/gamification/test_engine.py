"""The batch engine gives exactly what applying each event in turn gives."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.gamification import engine, subscribers
from tma_app.gamification.leaderboard.models import LeaderboardScore
from tma_app.gamification.models import Counter, Profile, UserBadge
from tma_app.gamification.referrals import service as referrals
from tma_app.gamification.streaks.models import Streak
from tma_app.gamification.tasks.models import DailyCount

START = datetime(2026, 3, 26, 21, 30, tzinfo=UTC)  # Berlin's spring-forward night follows
SCRIPT = [  # (minutes after START, event, demo)
    (0, "demo_start", "restaurant"), (5, "demo_interact", "restaurant"), (20, "demo_complete", "restaurant"),
    (60 * 24, "demo_start", "fitness"), (60 * 24 + 30, "demo_complete", "fitness"),
    (60 * 24 * 3, "demo_start", "ecommerce"), (60 * 24 * 3 + 1, "demo_complete", "ecommerce"),
    (60 * 24 * 3 + 2, "demo_complete", "ecommerce"), (60 * 24 * 4, "demo_interact", "fitness"),
]


def events_for(user: int) -> list[DomainEvent]:
    return [DomainEvent(name, user, {"demo_id": demo}, occurred_at=START + timedelta(minutes=minutes))
            for minutes, name, demo in SCRIPT]


def state_of(user: int) -> dict:
    with session_scope() as session:
        profile = session.get(Profile, user)
        streak = session.get(Streak, user)
        return {
            "balance": (profile.xp, profile.coins),
            "streak": (streak.current, streak.longest, streak.last_active_on, streak.freezes),
            "badges": sorted(b.badge_id for b in session.exec(select(UserBadge).where(UserBadge.user_id == user))),
            "counters": sorted((c.name, c.value) for c in session.exec(select(Counter).where(Counter.user_id == user))),
            "days": sorted((d.day, d.name, d.value) for d in session.exec(
                select(DailyCount).where(DailyCount.user_id == user))),
            "boards": sorted((b.board, b.xp) for b in session.exec(
                select(LeaderboardScore).where(LeaderboardScore.user_id == user))),
        }


def test_a_batch_equals_the_events_one_by_one_across_days_and_users(migrated_engine):
    one_by_one = [10**13 + uuid.uuid4().int % 10**9 for _ in range(3)]
    batched = [10**13 + uuid.uuid4().int % 10**9 for _ in range(3)]
    for user in one_by_one:
        for event in events_for(user):
            with session_scope() as session:
                subscribers.apply_event(session, event)
    with session_scope() as session:
        engine.apply_batch(session, [e for user in batched for e in events_for(user)])
    for single, batch in zip(one_by_one, batched, strict=True):
        assert state_of(batch) == state_of(single)
    # 26th, 27th, (28th missed, no freeze: back to 1) 29th, 30th
    assert state_of(batched[0])["streak"][:2] == (2, 2)
    assert state_of(batched[0])["badges"] == ["first_demo"]


def test_a_batch_redelivered_pays_nothing_more_and_pays_referrers_once(migrated_engine):
    referrer, friend = (10**13 + uuid.uuid4().int % 10**9 for _ in range(2))
    with session_scope() as session:
        code = referrals.referral_code(session, referrer)
        referrals.record_referral(session, friend, f"ref_{code}", True)
    events = events_for(friend)
    with session_scope() as session:
        engine.apply_batch(session, events)
    before = state_of(friend)
    with session_scope() as session:
        engine.apply_batch(session, events)
    assert state_of(friend) == before
    with session_scope() as session:
        assert (session.get(Profile, referrer).xp, session.get(Profile, referrer).coins) == (100, 50)
