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
from tma_app.demos.events import DEMO_COMPLETE, DEMO_INTERACT, DEMO_START
from tma_app.gamification.ledger import award

CONSUMER = "gamification"
LEVEL_UP = "level_up"
XP_CHANGED = "xp_changed"
AWARDED_EVENTS = (DEMO_START, DEMO_INTERACT, DEMO_COMPLETE)


def apply_event(session: Session, event: DomainEvent) -> None:
    """Everything one domain event earns its user, inside the caller's transaction."""
    if event.user_id is None:
        return
    result = award(session, event.user_id, event.name, dict(event.data), event.event_id, now=event.occurred_at)
    if not result.new_occurrence:
        return
    for level in result.level_ups:
        outbox.publish(session, DomainEvent(LEVEL_UP, event.user_id, {"level": level, "xp": result.totals["xp"]},
                                            event_id=f"{event.event_id}:level:{level}"))
    if result.xp:
        outbox.publish(session, DomainEvent(XP_CHANGED, event.user_id, {}, event_id=f"{event.event_id}:xp"))


def register() -> Callable[[], None]:
    """Subscribe through the outbox; returns a function that unsubscribes."""
    return outbox.register(CONSUMER, AWARDED_EVENTS, apply_event)
