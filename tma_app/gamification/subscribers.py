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
from tma_app.demo_catalog.events import DEMO_COMPLETE, DEMO_INTERACT, DEMO_START
from tma_app.gamification import engine
from tma_app.gamification.engine import LEVEL_UP, XP_CHANGED  # noqa: F401 - LEVEL_UP: for listeners
from tma_app.gamification.leaderboard import service as leaderboard
from tma_app.gamification.referrals import service as referrals
from tma_app.session.service import SESSION_STARTED

CONSUMER = "gamification"
MIRROR_CONSUMER = "leaderboard_mirror"
DEMO_EVENTS = (DEMO_START, DEMO_INTERACT, DEMO_COMPLETE)
AWARDED_EVENTS = (*DEMO_EVENTS, SESSION_STARTED)


def apply_event(session: Session, event: DomainEvent) -> None:
    """Everything one domain event earns, inside the caller's transaction (the batch engine, for one)."""
    apply_events(session, [event])


def mirror_leaderboard(session: Session, event: DomainEvent) -> None:
    """After the award committed: copy the user's absolute scores to Redis (idempotent, retried on failure)."""
    if event.user_id is not None:
        leaderboard.mirror_user(event.user_id, session=session)


def apply_events(session: Session, events: list[DomainEvent]) -> None:
    """A batch from the outbox: session starts one by one (rare), demo events set-based."""
    for event in events:
        if event.name == SESSION_STARTED and event.user_id is not None:
            # Only a new user's first verified session can carry a referral (the referrals service decides).
            referrals.record_referral(session, event.user_id, event.data.get("start_param"),
                                      bool(event.data.get("is_new")), now=event.occurred_at)
    engine.apply_batch(session, [e for e in events if e.name in DEMO_EVENTS])


def register() -> Callable[[], None]:
    """Subscribe through the outbox; returns a function that unsubscribes."""
    handlers = [outbox.register(CONSUMER, AWARDED_EVENTS, apply_event, apply_events)]
    if get_settings().REDIS_URL:  # without Redis the SQL leaderboard is read directly: nothing to mirror
        handlers.append(outbox.register(MIRROR_CONSUMER, (XP_CHANGED,), mirror_leaderboard))

    def unregister_all() -> None:
        for unregister in handlers:
            unregister()

    return unregister_all
