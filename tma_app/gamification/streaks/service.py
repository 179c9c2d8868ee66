"""Streaks: consecutive local days of activity, a daily bonus, and freezes bought with coins.

`record_activity` runs in the transaction of each awarded domain event. Days are the
user's local calendar dates (see streaks.local_day), so the streak turns over at their midnight
and a DST day is one day however long it is. Missed days are paid for with freezes at
the next activity, one freeze per missed day; when there are not enough, the streak
starts again at 1 and the freezes are kept for next time.

Lock order, everywhere in gamification: the profile row first, then the streak row, so
an activity and a purchase for one user never wait on each other crosswise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert, insert_many, table_of
from tma_app.core.idempotency import IdempotencyKeyInvalid
from tma_app.core.time import utcnow
from tma_app.gamification.ledger import InsufficientCoins, _locked_profile, grant
from tma_app.gamification.levels import levels_gained
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.streaks.local_day import local_date, zone_named
from tma_app.gamification.streaks.models import Streak

BONUS_PER_DAY = 5
BONUS_CAP = 50
FREEZE_PRICE = 50  # coins
MAX_FREEZES = 2
STREAK_BONUS_RULE = "streak_bonus"
FREEZE_RULE = "streak_freeze"
STREAK_BADGE = "streak_7"
STREAK_BADGE_DAYS = 7

_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class FreezeCapReached(ValueError):
    code = "FREEZE_CAP_REACHED"


class Outcome(StrEnum):
    STARTED = "started"  # the first active day ever
    CONTINUED = "continued"  # active yesterday too
    FROZEN = "frozen"  # continued, missed days paid with freezes
    RESET = "reset"  # missed days not covered: back to 1
    UNCHANGED = "unchanged"  # already counted today (or a late event for an earlier day)


@dataclass(frozen=True, slots=True)
class Step:
    current: int
    freezes_used: int
    outcome: Outcome


def streak_bonus(streak: int) -> int:
    return min(streak * BONUS_PER_DAY, BONUS_CAP)


def advance(current: int, last_active_on: date | None, freezes: int, today: date) -> Step:
    """Where a streak goes when the user is active on `today` (pure; dates are local)."""
    if last_active_on is None:
        return Step(1, 0, Outcome.STARTED)
    gap = (today - last_active_on).days
    if gap <= 0:
        return Step(current, 0, Outcome.UNCHANGED)
    missed = gap - 1
    if missed == 0:
        return Step(current + 1, 0, Outcome.CONTINUED)
    if missed <= freezes:
        return Step(current + 1, missed, Outcome.FROZEN)
    return Step(1, 0, Outcome.RESET)


@dataclass(frozen=True, slots=True)
class StreakUpdate:
    current: int
    longest: int
    freezes: int
    freezes_used: int
    outcome: Outcome
    local_date: date
    bonus_xp: int = 0  # 0 unless this call paid today's bonus
    badges: tuple[str, ...] = ()
    level_ups: tuple[int, ...] = ()


def _locked_streak(session: Session, user_id: int) -> Streak:
    session.execute(dialect_insert(session)(Streak).values(user_id=user_id, updated_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["user_id"]))
    statement = select(Streak).where(Streak.user_id == user_id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).one()


def record_activity(session: Session, user_id: int, at: datetime) -> StreakUpdate:
    """Count the user active at `at` (call it in the transaction of each awarded event).

    A new local day moves the streak and pays that day's bonus once (ledger rule
    "streak_bonus", occurrence = the local date); later calls the same day change nothing.
    """
    xp_before = _locked_profile(session, user_id).xp
    row = _locked_streak(session, user_id)
    today = local_date(at, zone_named(row.timezone))
    step = advance(row.current, row.last_active_on, row.freezes, today)
    if step.outcome is Outcome.UNCHANGED:
        return StreakUpdate(row.current, row.longest, row.freezes, 0, step.outcome, today)
    row.current, row.freezes = step.current, row.freezes - step.freezes_used
    row.longest = max(row.longest, row.current)
    row.last_active_on, row.updated_at = today, utcnow()
    session.add(row)
    session.flush()
    bonus = streak_bonus(row.current)
    paid = bonus if grant(session, user_id, STREAK_BONUS_RULE, today.isoformat(), xp=bonus, now=at) else 0
    badges: tuple[str, ...] = ()
    if row.current >= STREAK_BADGE_DAYS and grant(session, user_id, STREAK_BADGE, "once", badge=STREAK_BADGE, now=at):
        badges = (STREAK_BADGE,)
    return StreakUpdate(
        row.current, row.longest, row.freezes, step.freezes_used, step.outcome, today,
        bonus_xp=paid, badges=badges, level_ups=tuple(levels_gained(xp_before, xp_before + paid)),
    )


@dataclass(frozen=True, slots=True)
class DayBonus:
    """A streak bonus paid by `record_activities`, for the caller to add to the balance."""

    user_id: int
    xp: int
    ledger_id: int
    at: datetime


def record_activities(session: Session, activities: list[tuple[int, datetime]]) -> list[DayBonus]:
    """`record_activity` for many users at once (the batch engine), in a few statements.

    The caller holds the users' profile locks and changes their balances by the bonuses
    returned (their ledger rows are written here). Same rules as record_activity, applied
    in the order given; an activity on an already counted day changes nothing.
    """
    if not activities:
        return []
    users = sorted({user for user, _ in activities})
    insert_many(session, dialect_insert(session)(table_of(Streak)).on_conflict_do_nothing(index_elements=["user_id"]),
                [{"user_id": u, "current": 0, "longest": 0, "freezes": 0, "updated_at": utcnow()} for u in users])
    rows = {row.user_id: row for row in session.exec(
        select(Streak).where(col(Streak.user_id).in_(users)).order_by(col(Streak.user_id)).with_for_update()
        .execution_options(populate_existing=True))}
    bonuses: dict[tuple[int, str], dict[str, Any]] = {}
    badge_due: list[tuple[int, datetime]] = []
    for user, at in activities:
        row = rows[user]
        today = local_date(at, zone_named(row.timezone))
        step = advance(row.current, row.last_active_on, row.freezes, today)
        if step.outcome is Outcome.UNCHANGED:
            continue
        row.current, row.freezes = step.current, row.freezes - step.freezes_used
        row.longest = max(row.longest, row.current)
        row.last_active_on, row.updated_at = today, utcnow()
        bonuses[(user, today.isoformat())] = {"user_id": user, "rule_id": STREAK_BONUS_RULE,
                                              "occurrence": today.isoformat(), "xp": streak_bonus(row.current),
                                              "coins": 0, "badge": None, "created_at": at}
        if row.current >= STREAK_BADGE_DAYS:
            badge_due.append((user, at))
    session.flush()
    at_of = {key: bonus["created_at"] for key, bonus in bonuses.items()}
    table = table_of(LedgerEntry)
    paid = insert_many(session, dialect_insert(session)(table)
                       .on_conflict_do_nothing(index_elements=["user_id", "rule_id", "occurrence"])
                       .returning(table.c.user_id, table.c.occurrence, table.c.id, table.c.xp),
                       list(bonuses.values()))
    for user, at in badge_due:
        grant(session, user, STREAK_BADGE, "once", badge=STREAK_BADGE, now=at)
    return [DayBonus(user, xp, ledger_id, at_of[(user, occurrence)]) for user, occurrence, ledger_id, xp in paid]


@dataclass(frozen=True, slots=True)
class FreezePurchase:
    freezes: int
    coins: int  # the balance after the purchase
    charged: bool  # False: this key had already bought one (a retry), nothing charged again


def _already_bought(session: Session, user_id: int, key: str) -> bool:
    statement = select(LedgerEntry.id).where(
        LedgerEntry.user_id == user_id, LedgerEntry.rule_id == FREEZE_RULE, LedgerEntry.occurrence == key)
    return session.exec(statement).first() is not None


def buy_freeze(session: Session, user_id: int, idempotency_key: str) -> FreezePurchase:
    """Buy one streak freeze for FREEZE_PRICE coins, once per idempotency key.

    Raises IdempotencyKeyInvalid, InsufficientCoins or FreezeCapReached (nothing charged).
    A retry with the same key answers the current state without charging again.
    """
    if not isinstance(idempotency_key, str) or not _KEY.match(idempotency_key):
        raise IdempotencyKeyInvalid("idempotency key must be 8-64 characters of A-Z, a-z, 0-9, _ and -")
    # A refusal undoes this purchase's writes only, never the rest of the caller's transaction.
    with session.begin_nested():
        try:
            charged = grant(session, user_id, FREEZE_RULE, idempotency_key, coins=-FREEZE_PRICE)
        except InsufficientCoins:
            # The balance is checked before the key: a retry after spending the coins is still a retry.
            if not _already_bought(session, user_id, idempotency_key):
                raise
            charged = False
        row = _locked_streak(session, user_id)
        if charged:
            if row.freezes >= MAX_FREEZES:
                raise FreezeCapReached(f"a user holds at most {MAX_FREEZES} freezes")
            row.freezes += 1
            row.updated_at = utcnow()
            session.add(row)
            session.flush()
    coins = session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one()
    return FreezePurchase(row.freezes, coins, charged)


@dataclass(frozen=True, slots=True)
class StreakView:
    current: int  # 0 when the streak is already lost (missed days not covered)
    longest: int
    freezes: int
    freezes_due: int  # missed days the next activity will pay with freezes
    active_today: bool
    last_active_on: date | None
    timezone: str | None
    today: date
    bonus_today: int  # what today's first activity pays (0 once paid)
    freeze_price: int = FREEZE_PRICE
    max_freezes: int = MAX_FREEZES


def streak_status(session: Session, user_id: int, now: datetime) -> StreakView:
    """The streak as the user should see it at `now` (reads only)."""
    row = session.exec(select(Streak).where(Streak.user_id == user_id)
                       .execution_options(populate_existing=True)).first() or Streak(user_id=user_id)
    today = local_date(now, zone_named(row.timezone))
    step = advance(row.current, row.last_active_on, row.freezes, today)
    active_today = step.outcome is Outcome.UNCHANGED and row.last_active_on is not None
    current = 0 if step.outcome in (Outcome.RESET, Outcome.STARTED) else row.current
    return StreakView(
        current=current,
        longest=row.longest,
        freezes=row.freezes,
        freezes_due=step.freezes_used,
        active_today=active_today,
        last_active_on=row.last_active_on,
        timezone=row.timezone,
        today=today,
        bonus_today=0 if active_today else streak_bonus(step.current),
    )
