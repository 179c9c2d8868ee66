"""Analytics records the domain events other features publish; it never reads their tables.

A durable outbox consumer: each event is recorded in the transaction that also
acknowledges it, keyed by the domain event's id, so a replay records nothing twice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from tma_app.analytics.ingest import PROP_KEY
from tma_app.analytics.taxonomy import get_taxonomy
from tma_app.analytics.tracking import track
from tma_app.core import outbox
from tma_app.core.events import DomainEvent
from tma_app.demo_catalog.events import DEMO_COMPLETE, DEMO_INTERACT, DEMO_START

CONSUMER = "analytics"
LEVEL_UP = "level_up"  # published by gamification
_DEMO_ACTIONS = {DEMO_START: "start", DEMO_INTERACT: "interact", DEMO_COMPLETE: "complete"}
RECORDED_EVENTS = (*_DEMO_ACTIONS, LEVEL_UP)
# Names that are track()'s own parameters, or identities (which props never carry).
_NOT_PROPS = frozenset({"category", "action", "label", "value", "route", "event_id", "occurred_at", "session",
                        "engine", "user_id", "userId", "user", "telegram_id", "init_data", "initData"})


def scalar_props(data: Mapping[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """What of a domain event's data fits event props: flat scalars, strings truncated, capped in number."""
    limits = get_taxonomy().limits
    props: dict[str, Any] = {}
    for key, value in data.items():
        if len(props) >= limits.max_props or key in skip or key in _NOT_PROPS:
            continue
        if len(key) > limits.max_prop_key_length or not PROP_KEY.match(key):
            continue
        if isinstance(value, str):
            props[key] = value[: limits.max_string_length]
        elif value is None or isinstance(value, (bool, int)) or (isinstance(value, float) and math.isfinite(value)):
            props[key] = value
    return props


def record_event(session: Session, event: DomainEvent) -> None:
    """One domain event as one analytics event, inside the caller's transaction."""
    common: dict[str, Any] = {"session": session, "event_id": event.event_id, "occurred_at": event.occurred_at}
    if event.name in _DEMO_ACTIONS:
        data = event.data
        track(event.user_id, "demo", _DEMO_ACTIONS[event.name], label=str(data.get("demo_id")),
              **common, **scalar_props(data, skip=("demo_id",)))
    elif event.name == LEVEL_UP and isinstance(event.data.get("level"), int):
        track(event.user_id, "gamification", "level_up", value=event.data["level"], **common)


def register() -> Callable[[], None]:
    """Consume through the outbox; returns a function that unsubscribes."""
    return outbox.register(CONSUMER, RECORDED_EVENTS, record_event)
