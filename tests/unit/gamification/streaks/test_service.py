"""Streaks in the user's own days: local midnight, DST in two zones, bonus, freezes."""

import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyKeyInvalid
from tma_app.gamification.badges import CATALOG
from tma_app.gamification.ledger import InsufficientCoins, grant
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.streaks.local_day import TimezoneInvalid, set_timezone, sync_timezone, timezone_of
from tma_app.gamification.streaks.models import Streak
from tma_app.gamification.streaks.service import (
    FREEZE_PRICE,
    MAX_FREEZES,
    STREAK_BADGE,
    FreezeCapReached,
    Outcome,
    Step,
    advance,
    buy_freeze,
    record_activity,
    streak_bonus,
    streak_status,
)


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def local(tz: str, *parts: int, fold: int = 0) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(tz), fold=fold)


def activity(user: int, at: datetime):
    with session_scope() as session:
        return record_activity(session, user, at)


def user_in(tz: str | None) -> int:
    user = new_user()
    if tz:
        with session_scope() as session:
            set_timezone(session, user, tz)
    return user


def top_up(user: int, coins: int) -> None:
    with session_scope() as session:
        grant(session, user, "test_top_up", uuid.uuid4().hex, coins=coins)


def balances(user: int) -> tuple[int, int]:
    with session_scope() as session:
        profile = session.get(Profile, user)
        return (profile.xp, profile.coins) if profile else (0, 0)


D = date(2026, 5, 10)


@pytest.mark.parametrize(
    ("current", "last", "freezes", "today", "expected"),
    [
        (0, None, 0, D, Step(1, 0, Outcome.STARTED)),
        (4, D, 0, D, Step(4, 0, Outcome.UNCHANGED)),
        (4, date(2026, 5, 11), 0, D, Step(4, 0, Outcome.UNCHANGED)),  # a late event for an earlier day
        (4, date(2026, 5, 9), 0, D, Step(5, 0, Outcome.CONTINUED)),
        (4, date(2026, 5, 8), 1, D, Step(5, 1, Outcome.FROZEN)),
        (4, date(2026, 5, 7), 2, D, Step(5, 2, Outcome.FROZEN)),
        (4, date(2026, 5, 7), 1, D, Step(1, 0, Outcome.RESET)),
        (4, date(2026, 5, 8), 0, D, Step(1, 0, Outcome.RESET)),
        (9, date(2026, 4, 30), 2, date(2026, 5, 1), Step(10, 0, Outcome.CONTINUED)),  # across a month end
    ],
)
def test_advance(current, last, freezes, today, expected):
    assert advance(current, last, freezes, today) == expected


def test_bonus_is_five_per_day_up_to_fifty():
    assert [streak_bonus(n) for n in (1, 2, 9, 10, 11, 100)] == [5, 10, 45, 50, 50, 50]


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "America", "localtime",
             "europe/berlin", "Europe/Berlin ", "x" * 300, None, 42, ["UTC"]],
)
def test_garbage_timezones_are_refused_and_nothing_is_stored(migrated_engine, name):
    user = new_user()
    with pytest.raises(TimezoneInvalid), session_scope() as session:
        set_timezone(session, user, name)
    with session_scope() as session:
        assert timezone_of(session, user) is None


def test_a_timezone_can_be_changed(migrated_engine):
    user = user_in("Asia/Tokyo")
    with session_scope() as session:
        set_timezone(session, user, "America/Los_Angeles")
        assert timezone_of(session, user) == "America/Los_Angeles"


def test_the_device_timezone_is_written_only_when_it_changes(migrated_engine):
    user = new_user()

    def stamp(session) -> datetime:
        return session.exec(select(Streak.updated_at).where(Streak.user_id == user)).one()

    with session_scope() as session:
        sync_timezone(session, user, "Asia/Tokyo")
        first = stamp(session)
    with session_scope() as session:
        sync_timezone(session, user, "Asia/Tokyo")
        assert stamp(session) == first
        sync_timezone(session, user, "Europe/Berlin")
        assert timezone_of(session, user) == "Europe/Berlin"
    with pytest.raises(TimezoneInvalid), session_scope() as session:
        sync_timezone(session, user, "Mars/Olympus")


def test_without_a_timezone_days_are_utc_days(migrated_engine):
    user = user_in(None)
    assert activity(user, datetime(2026, 5, 10, 23, 30, tzinfo=UTC)).current == 1
    assert activity(user, datetime(2026, 5, 11, 0, 30, tzinfo=UTC)).outcome is Outcome.CONTINUED


def test_the_streak_turns_over_at_local_midnight_not_utc_midnight(migrated_engine):
    # 23:30 and 00:30 in Berlin (summer, UTC+2) are both on 10 May in UTC.
    berlin, utc = user_in("Europe/Berlin"), user_in(None)
    late, early = local("Europe/Berlin", 2026, 5, 10, 23, 30), local("Europe/Berlin", 2026, 5, 11, 0, 30)
    for user in (berlin, utc):
        activity(user, late)
    assert activity(berlin, early).current == 2
    assert activity(utc, early).outcome is Outcome.UNCHANGED
    # One second either side of Berlin's midnight.
    user = user_in("Europe/Berlin")
    activity(user, local("Europe/Berlin", 2026, 6, 1, 23, 59, 59))
    assert activity(user, local("Europe/Berlin", 2026, 6, 2, 0, 0, 0)).local_date == date(2026, 6, 2)
    assert activity(user, local("Europe/Berlin", 2026, 6, 2, 0, 0, 1)).current == 2


def test_berlin_spring_forward_day_is_one_day_of_23_hours(migrated_engine):
    tz = "Europe/Berlin"  # 29 March 2026: 02:00 CET jumps to 03:00 CEST
    user = user_in(tz)
    assert activity(user, local(tz, 2026, 3, 28, 23, 30)).current == 1
    assert activity(user, local(tz, 2026, 3, 29, 0, 30)).current == 2  # 23:30 UTC on the 28th
    on_the_day = [activity(user, local(tz, 2026, 3, 29, h, 30)) for h in (1, 3, 12, 23)]
    assert {u.outcome for u in on_the_day} == {Outcome.UNCHANGED}
    # Less than 24 hours after 00:30 on the short day, yet a new local day.
    third = activity(user, local(tz, 2026, 3, 30, 0, 10))
    assert (third.current, third.local_date) == (3, date(2026, 3, 30))


def test_new_york_fall_back_day_is_one_day_of_25_hours(migrated_engine):
    tz = "America/New_York"  # 1 November 2026: 02:00 EDT falls back to 01:00 EST
    user = user_in(tz)
    activity(user, local(tz, 2026, 10, 31, 23, 30))
    assert activity(user, local(tz, 2026, 11, 1, 0, 5)).current == 2
    # 01:30 happens twice; both are the same local day.
    assert activity(user, local(tz, 2026, 11, 1, 1, 30, fold=0)).outcome is Outcome.UNCHANGED
    assert activity(user, local(tz, 2026, 11, 1, 1, 30, fold=1)).outcome is Outcome.UNCHANGED
    # More than 24 hours after 00:05, still the same local day: no second count, no second bonus.
    late = activity(user, local(tz, 2026, 11, 1, 23, 55))
    assert (late.outcome, late.bonus_xp) == (Outcome.UNCHANGED, 0)
    assert activity(user, local(tz, 2026, 11, 2, 0, 5)).current == 3
    assert balances(user)[0] == 5 + 10 + 15


def test_two_zones_see_the_same_instants_as_different_days(migrated_engine):
    tokyo, new_york = user_in("Asia/Tokyo"), user_in("America/New_York")
    instants = [datetime(2026, 3, 7, 14, 0, tzinfo=UTC), datetime(2026, 3, 8, 16, 0, tzinfo=UTC)]
    # Tokyo (UTC+9): 23:00 on the 7th, 01:00 on the 9th: a day missed. New York springs forward
    # on the 8th: 09:00 EST on the 7th, 12:00 EDT on the 8th: consecutive days.
    assert [activity(tokyo, at).current for at in instants] == [1, 1]
    assert [activity(new_york, at).current for at in instants] == [1, 2]


def test_the_bonus_is_paid_once_per_local_day_and_capped(migrated_engine):
    tz = "Europe/Berlin"
    user = user_in(tz)
    paid = []
    for day in range(1, 13):
        for hour in (8, 12, 21):
            paid.append(activity(user, local(tz, 2026, 7, day, hour, 0)).bonus_xp)
    assert paid[1::3] == paid[2::3] == [0] * 12, "later activity the same day pays nothing"
    assert paid[0::3] == [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 50, 50]
    with session_scope() as session:
        rows = session.exec(select(LedgerEntry.occurrence).where(
            LedgerEntry.user_id == user, LedgerEntry.rule_id == "streak_bonus")).all()
    assert sorted(rows) == [f"2026-07-{d:02d}" for d in range(1, 13)]
    assert balances(user)[0] == sum(paid)


def test_seven_days_earn_the_streak_badge_once(migrated_engine):
    assert STREAK_BADGE in CATALOG
    user = user_in("UTC")
    badges = [activity(user, datetime(2026, 8, day, 9, tzinfo=UTC)).badges for day in range(1, 10)]
    assert badges == [()] * 6 + [(STREAK_BADGE,), (), ()]


def test_a_level_up_from_the_bonus_is_reported(migrated_engine):
    user = user_in("UTC")
    with session_scope() as session:
        grant(session, user, "test_top_up", "xp", xp=95)
    assert activity(user, datetime(2026, 8, 1, 9, tzinfo=UTC)).level_ups == (2,)


def test_a_missed_day_consumes_a_freeze_and_keeps_the_streak(migrated_engine):
    user = user_in("Europe/Berlin")
    top_up(user, FREEZE_PRICE)
    with session_scope() as session:
        assert buy_freeze(session, user, "freeze-key-1").freezes == 1
    activity(user, local("Europe/Berlin", 2026, 9, 1, 10, 0))
    activity(user, local("Europe/Berlin", 2026, 9, 2, 10, 0))
    with session_scope() as session:
        view = streak_status(session, user, local("Europe/Berlin", 2026, 9, 4, 8, 0))
    assert (view.current, view.freezes, view.freezes_due, view.active_today) == (2, 1, 1, False)
    kept = activity(user, local("Europe/Berlin", 2026, 9, 4, 9, 0))  # the 3rd was missed
    assert (kept.outcome, kept.current, kept.freezes, kept.freezes_used) == (Outcome.FROZEN, 3, 0, 1)
    # Missed again, no freeze left: back to 1, the longest run remembered.
    lost = activity(user, local("Europe/Berlin", 2026, 9, 6, 9, 0))
    assert (lost.outcome, lost.current, lost.longest) == (Outcome.RESET, 1, 3)


def test_not_enough_freezes_resets_and_keeps_the_freezes(migrated_engine):
    user = user_in("UTC")
    top_up(user, FREEZE_PRICE)
    with session_scope() as session:
        buy_freeze(session, user, "freeze-key-2")
    activity(user, datetime(2026, 9, 1, 9, tzinfo=UTC))
    with session_scope() as session:
        view = streak_status(session, user, datetime(2026, 9, 4, 9, tzinfo=UTC))
    assert (view.current, view.freezes_due, view.bonus_today) == (0, 0, 5)
    lost = activity(user, datetime(2026, 9, 4, 9, tzinfo=UTC))  # two days missed, one freeze
    assert (lost.outcome, lost.current, lost.freezes) == (Outcome.RESET, 1, 1)


def test_a_retried_purchase_charges_once(migrated_engine):
    user = new_user()
    top_up(user, 2 * FREEZE_PRICE + 10)
    results = []
    for _ in range(3):
        with session_scope() as session:
            results.append(buy_freeze(session, user, "same-key-123"))
    assert [r.charged for r in results] == [True, False, False]
    assert {(r.freezes, r.coins) for r in results} == {(1, FREEZE_PRICE + 10)}
    with session_scope() as session:
        assert buy_freeze(session, user, "other-key-456").freezes == 2
    # Coins now 10: a retry of the first purchase is still a retry, not "insufficient coins".
    with session_scope() as session:
        replay = buy_freeze(session, user, "same-key-123")
    assert (replay.charged, replay.coins, replay.freezes) == (False, 10, 2)


def test_a_purchase_never_overdraws_and_a_refusal_keeps_the_callers_other_writes(migrated_engine):
    user = new_user()
    top_up(user, FREEZE_PRICE - 1)
    with session_scope() as session:
        set_timezone(session, user, "Asia/Tokyo")
        with pytest.raises(InsufficientCoins):
            buy_freeze(session, user, "poor-key-01")
    assert balances(user) == (0, FREEZE_PRICE - 1)
    with session_scope() as session:
        assert timezone_of(session, user) == "Asia/Tokyo"
        assert session.get(Streak, user).freezes == 0
        rules = session.exec(select(LedgerEntry.rule_id).where(LedgerEntry.user_id == user)).all()
    assert rules == ["test_top_up"]


def test_freezes_are_capped_and_a_refused_purchase_charges_nothing(migrated_engine):
    user = new_user()
    top_up(user, (MAX_FREEZES + 1) * FREEZE_PRICE)
    for n in range(MAX_FREEZES):
        with session_scope() as session:
            buy_freeze(session, user, f"cap-key-{n:03d}")
    with pytest.raises(FreezeCapReached), session_scope() as session:
        buy_freeze(session, user, "cap-key-over")
    assert balances(user)[1] == FREEZE_PRICE
    # The refused key was not used up: once a freeze is spent, it buys one.
    activity(user, datetime(2026, 9, 1, 9, tzinfo=UTC))
    activity(user, datetime(2026, 9, 3, 9, tzinfo=UTC))
    with session_scope() as session:
        assert buy_freeze(session, user, "cap-key-over").charged


@pytest.mark.parametrize("key", ["short", "has space in it", "x" * 65, "", None])
def test_bad_idempotency_keys_are_refused(migrated_engine, key):
    user = new_user()
    top_up(user, FREEZE_PRICE)
    with pytest.raises(IdempotencyKeyInvalid), session_scope() as session:
        buy_freeze(session, user, key)
    assert balances(user)[1] == FREEZE_PRICE


def test_naive_instants_are_refused(migrated_engine):
    with pytest.raises(ValueError), session_scope() as session:
        record_activity(session, new_user(), datetime(2026, 1, 1, 12))
