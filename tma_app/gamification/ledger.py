"""Awarding rules exactly once: the ledger row and the balances change in one transaction.

The user's profile row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serialises writers itself), so two events for one user are applied one after the
other, on any worker: max executions and cooldowns see each other's grants. The
ledger's unique key (user, rule, occurrence) makes a redelivered event a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert
from tma_app.core.time import utcnow
from tma_app.gamification.leaderboard.scores import record_xp
from tma_app.gamification.levels import levels_gained
from tma_app.gamification.models import Counter, LedgerEntry, Profile, UserBadge
from tma_app.gamification.rules import RULE_BOOK, RuleBook, RuleHistory

SEEN = "__seen__"  # a ledger marker: this occurrence was counted


class InsufficientCoins(ValueError):
    """A purchase the user's coin balance cannot cover."""


@dataclass(frozen=True, slots=True)
class Award:
    user_id: int
    xp: int
    coins: int
    rules: tuple[str, ...] = ()
    badges: tuple[str, ...] = ()
    level_ups: tuple[int, ...] = ()
    new_occurrence: bool = False
    totals: dict[str, int] = field(default_factory=dict)


def _locked_profile(session: Session, user_id: int) -> Profile:
    session.execute(dialect_insert(session)(Profile).values(user_id=user_id, xp=0, coins=0, updated_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["user_id"]))
    statement = select(Profile).where(Profile.user_id == user_id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).one()


def _claim(session: Session, user_id: int, rule_id: str, occurrence: str, **grant: Any) -> bool:
    """Insert the ledger row; False when this (user, rule, occurrence) was already granted."""
    inserted = session.execute(
        dialect_insert(session)(LedgerEntry)
        .values(user_id=user_id, rule_id=rule_id, occurrence=occurrence, created_at=utcnow(), **grant)
        .on_conflict_do_nothing(index_elements=["user_id", "rule_id", "occurrence"])
        .returning(LedgerEntry.id)
    ).first()
    return inserted is not None


def grant(
    session: Session,
    user_id: int,
    rule_id: str,
    occurrence: str,
    *,
    xp: int = 0,
    coins: int = 0,
    badge: str | None = None,
    now: datetime | None = None,
) -> bool:
    """One grant outside the rule book (streak bonus, task claim, purchase: coins may be negative).

    Locks the user's profile, writes the ledger row and changes the balances in the
    caller's transaction; False (and nothing changed) when (user, rule, occurrence)
    was already granted. A negative coin grant that the balance cannot cover raises
    InsufficientCoins and changes nothing.
    """
    if not occurrence or len(occurrence) > 128:
        raise ValueError("a grant needs an occurrence key of 1-128 characters")
    now = now or utcnow()
    profile = _locked_profile(session, user_id)
    if coins < 0 and profile.coins + coins < 0:
        raise InsufficientCoins(f"needs {-coins} coins, has {profile.coins}")
    if not _claim(session, user_id, rule_id, occurrence, xp=xp, coins=coins, badge=badge):
        return False
    if badge:
        session.execute(dialect_insert(session)(UserBadge).values(user_id=user_id, badge_id=badge, earned_at=now)
                        .on_conflict_do_nothing(index_elements=["user_id", "badge_id"]))
    if xp or coins:
        session.execute(update(Profile).where(col(Profile.user_id) == user_id)
                        .values(xp=Profile.xp + xp, coins=Profile.coins + coins, updated_at=now))
    record_xp(session, user_id, xp, (rule_id, occurrence), now)
    session.flush()
    return True


def _history(session: Session, user_id: int) -> dict[str, RuleHistory]:
    rows = session.exec(
        select(LedgerEntry.rule_id, func.count(), func.max(LedgerEntry.created_at))
        .where(LedgerEntry.user_id == user_id, LedgerEntry.rule_id != SEEN)
        .group_by(LedgerEntry.rule_id)
    ).all()
    return {rule: RuleHistory(count, int(last.timestamp() * 1000) if last else None) for rule, count, last in rows}


def _counters(session: Session, user_id: int) -> dict[str, int]:
    return {c.name: c.value for c in session.exec(select(Counter).where(Counter.user_id == user_id)).all()}


def award(
    session: Session,
    user_id: int,
    event_name: str,
    event_data: Mapping[str, Any],
    occurrence: str,
    *,
    now: datetime | None = None,
    book: RuleBook = RULE_BOOK,
) -> Award:
    """Apply every rule `event_name` fires for the user, once per `occurrence` (e.g. the event id)."""
    if not occurrence or len(occurrence) > 128:
        raise ValueError("an award needs an occurrence key of 1-128 characters")
    now = now or utcnow()
    profile = _locked_profile(session, user_id)
    xp_before = profile.xp
    if not _claim(session, user_id, SEEN, f"{event_name}:{occurrence}"):
        return Award(user_id, 0, 0, totals={"xp": profile.xp, "coins": profile.coins})
    counters = _counters(session, user_id)
    counters[event_name] = counters.get(event_name, 0) + 1
    session.merge(Counter(user_id=user_id, name=event_name[:64], value=counters[event_name]))
    firings = book.fire(event_name, event_data, counters, _history(session, user_id), int(now.timestamp() * 1000))
    xp = coins = 0
    rules, badges = [], []
    for firing in firings:
        rewards = firing.rewards
        if not _claim(session, user_id, firing.rule.id, occurrence, xp=rewards.xp, coins=rewards.coins,
                      badge=rewards.badge):
            continue
        xp, coins = xp + rewards.xp, coins + rewards.coins
        rules.append(firing.rule.id)
        if rewards.badge:
            session.execute(dialect_insert(session)(UserBadge)
                            .values(user_id=user_id, badge_id=rewards.badge, earned_at=now)
                            .on_conflict_do_nothing(index_elements=["user_id", "badge_id"]))
            badges.append(rewards.badge)
    if xp or coins:
        session.execute(update(Profile).where(col(Profile.user_id) == user_id)
                        .values(xp=Profile.xp + xp, coins=Profile.coins + coins, updated_at=now))
    record_xp(session, user_id, xp, (SEEN, f"{event_name}:{occurrence}"), now)
    session.flush()
    return Award(
        user_id, xp, coins, tuple(rules), tuple(badges), tuple(levels_gained(xp_before, xp_before + xp)),
        new_occurrence=True, totals={"xp": xp_before + xp, "coins": profile.coins + coins},
    )
