import uuid

from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.gamification.ledger import award
from tma_app.gamification.models import Counter, LedgerEntry, Profile, UserBadge


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def test_first_completion_pays_the_badge_once_and_later_ones_the_normal_reward(migrated_engine):
    user = new_user()
    with session_scope() as session:
        first = award(session, user, "demo_complete", {"demo_id": "fitness"}, "evt-1")
    assert (first.xp, first.coins) == (75, 5) and sorted(first.rules) == ["demo_complete", "first_demo"]
    assert first.badges == ("first_demo",)
    with session_scope() as session:
        second = award(session, user, "demo_complete", {"demo_id": "shop"}, "evt-2")
    assert (second.xp, second.coins, second.badges) == (25, 5, ())
    with session_scope() as session:
        profile = session.get(Profile, user)
        badges = session.exec(select(UserBadge).where(UserBadge.user_id == user)).all()
        counter = session.get(Counter, (user, "demo_complete"))
    assert (profile.xp, profile.coins) == (100, 10)
    assert [b.badge_id for b in badges] == ["first_demo"] and counter.value == 2


def test_the_same_event_delivered_twice_grants_once(migrated_engine):
    user = new_user()
    for _ in range(3):
        with session_scope() as session:
            result = award(session, user, "demo_start", {"demo_id": "restaurant"}, "same-event")
    assert not result.new_occurrence and result.xp == 0 and result.totals["xp"] == 10
    with session_scope() as session:
        rows = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user)).all()
        assert sorted(r.rule_id for r in rows) == ["__seen__", "demo_view"]
        assert session.get(Counter, (user, "demo_start")).value == 1


def test_level_ups_are_reported(migrated_engine):
    user = new_user()
    levels = []
    for n in range(4):  # 75 + 25 + 25 + 25 = 150 XP: level 2 at 100
        with session_scope() as session:
            levels += award(session, user, "demo_complete", {}, f"e{n}").level_ups
    assert levels == [2]


def test_events_without_rules_are_counted_but_pay_nothing(migrated_engine):
    user = new_user()
    with session_scope() as session:
        result = award(session, user, "demo_interact", {"action": "log_set"}, "x1")
    assert result.new_occurrence and result.xp == 0 and result.rules == ()
    with session_scope() as session:
        assert session.get(Counter, (user, "demo_interact")).value == 1


def test_a_grant_pays_once_per_occurrence_and_a_purchase_never_overdraws(migrated_engine):
    from tma_app.gamification.ledger import InsufficientCoins, grant

    user = new_user()
    with session_scope() as session:
        assert grant(session, user, "streak_bonus", "2026-11-26", xp=5, coins=20)
        assert not grant(session, user, "streak_bonus", "2026-11-26", xp=5, coins=20)
    with session_scope() as session:
        assert grant(session, user, "freeze_purchase", "key-1", coins=-15)
    try:
        with session_scope() as session:
            grant(session, user, "freeze_purchase", "key-2", coins=-15)
        raise AssertionError("overdraw accepted")
    except InsufficientCoins:
        pass
    with session_scope() as session:
        profile = session.get(Profile, user)
        rules = sorted(r.rule_id for r in session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user)))
    assert (profile.xp, profile.coins) == (5, 5) and rules == ["freeze_purchase", "streak_bonus"]
