"""Gamification consumes the demos' domain events through the durable outbox.

The user's action only writes the event (in its own transaction); the outbox
worker applies it later, off the request path, in a transaction that also
acknowledges it. Each event is awarded once, keyed by its event id, so a replay
after a crash pays nothing twice. What follows from an award is published in
the same transaction: `level_up` for the UI, `xp_changed` for the leaderboard's
Redis mirror (applied after this commit, by its own consumer).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from tma_app.core import outbox
from tma_app.core.events import DomainEvent
from tma_app.core.settings import get_settings
from tma_app.demos.events import DEMO_COMPLETE, DEMO_INTERACT, DEMO_START
from tma_app.gamification import engine, leaderboard, referrals, streaks, tasks
from tma_app.gamification.ledger import award
from tma_app.session.service import SESSION_STARTED

CONSUMER = "gamification"
MIRROR_CONSUMER = "leaderboard_mirror"
LEVEL_UP = "level_up"
XP_CHANGED = "xp_changed"
DEMO_EVENTS = (DEMO_START, DEMO_INTERACT, DEMO_COMPLETE)
AWARDED_EVENTS = (*DEMO_EVENTS, SESSION_STARTED)


def apply_event(session: Session, event: DomainEvent) -> None:
    """Everything one domain event earns, inside the caller's transaction."""
    if event.user_id is None:
        return
    if event.name == SESSION_STARTED:
        # Only a new user's first verified session can carry a referral (the referrals service decides).
        referrals.record_referral(session, event.user_id, event.data.get("start_param"),
                                  bool(event.data.get("is_new")), now=event.occurred_at)
        return
    result = award(session, event.user_id, event.name, dict(event.data), event.event_id, now=event.occurred_at)
    if not result.new_occurrence:
        return  # redelivered: it was counted (streak, tasks, referral) the first time
    gained = {event.user_id: (result.xp, result.level_ups, result.totals["xp"])}
    streak = streaks.record_activity(session, event.user_id, event.occurred_at)
    if streak.bonus_xp:
        xp, levels, _ = gained[event.user_id]
        gained[event.user_id] = (xp + streak.bonus_xp, (*levels, *streak.level_ups), result.totals["xp"] + streak.bonus_xp)
    tasks.record_task_progress(session, event.user_id, event.name, event.occurred_at)
    if event.name == DEMO_COMPLETE:
        referrer = referrals.on_first_demo_completed(session, event.user_id, now=event.occurred_at)
        if referrer is not None and referrer.xp:
            gained[referrer.user_id] = (referrer.xp, referrer.level_ups, referrer.totals["xp"])
    for user_id, (xp, levels, total) in gained.items():
        announce_gain(session, user_id, xp, levels, total, event.event_id)


def announce_gain(session: Session, user_id: int, xp: int, levels: tuple[int, ...], total_xp: int,
                  cause_id: str) -> None:
    """Publish what an XP gain means for others (UI level-ups, the leaderboard's mirror)."""
    for level in levels:
        outbox.publish(session, DomainEvent(LEVEL_UP, user_id, {"level": level, "xp": total_xp},
                                            event_id=f"{cause_id}:{user_id}:level:{level}"[:64]))
    if xp:
        outbox.publish(session, DomainEvent(XP_CHANGED, user_id, {}, event_id=f"{cause_id}:{user_id}:xp"[:64]))


def mirror_leaderboard(session: Session, event: DomainEvent) -> None:
    """After the award committed: copy the user's absolute scores to Redis (idempotent, retried on failure)."""
    if event.user_id is not None:
        leaderboard.mirror_user(event.user_id, session=session)


def apply_events(session: Session, events: list[DomainEvent]) -> None:
    """A batch from the outbox: session starts one by one (rare), demo events set-based."""
    for event in events:
        if event.name == SESSION_STARTED:
            apply_event(session, event)
    engine.apply_batch(session, [e for e in events if e.name in DEMO_EVENTS])


def register() -> Callable[[], None]:
    """Subscribe through the outbox; returns a function that unsubscribes."""
    handlers = [outbox.register(CONSUMER, AWARDED_EVENTS, apply_event, apply_events)]
    if get_settings().REDIS_URL:  # without Redis the SQL leaderboard is read directly: nothing to mirror
        handlers.append(outbox.register(MIRROR_CONSUMER, (XP_CHANGED,), mirror_leaderboard))
    return lambda: [unregister() for unregister in handlers]
