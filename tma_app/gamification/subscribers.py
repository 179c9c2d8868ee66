"""Gamification listens to the demos' domain events; it never reads their tables.

Each event is awarded once, keyed by its event id, in a transaction of its own
after the demo's work has committed. A level reached is announced as a domain
event of its own (`level_up`) for the UI to show.
"""

from __future__ import annotations

from collections.abc import Callable

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, EventBus, bus
from tma_app.demos.events import DEMO_COMPLETE, DEMO_INTERACT, DEMO_START
from tma_app.gamification.ledger import award

LEVEL_UP = "level_up"
AWARDED_EVENTS = (DEMO_START, DEMO_INTERACT, DEMO_COMPLETE, "referral_signup")


def on_event(event: DomainEvent, events: EventBus = bus) -> None:
    if event.user_id is None:
        return
    with session_scope() as session:
        result = award(session, event.user_id, event.name, dict(event.data), event.event_id,
                       now=event.occurred_at)
    for level in result.level_ups:
        events.emit(DomainEvent(LEVEL_UP, event.user_id, {"level": level, "xp": result.totals["xp"]}))


def register(events: EventBus = bus) -> Callable[[], None]:
    """Subscribe once per process; returns a function that unsubscribes everything."""
    handlers = [events.subscribe(name, lambda e, _events=events: on_event(e, _events)) for name in AWARDED_EVENTS]
    return lambda: [unsubscribe() for unsubscribe in handlers]
