"""Experiments listen to the demos' domain events: a completed demo is a conversion.

Every experiment whose goals include `demo_complete` counts it (once per user and
goal, ignored for users never exposed); the demos' tables are never read.
"""

from __future__ import annotations

from collections.abc import Callable

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, EventBus, bus
from tma_app.demos.events import DEMO_COMPLETE
from tma_app.experiments.registry import REGISTRY, Registry
from tma_app.experiments.service import ConversionOutcome, convert_everywhere


def on_demo_complete(event: DomainEvent, registry: Registry = REGISTRY) -> dict[str, ConversionOutcome]:
    if event.user_id is None:
        return {}
    with session_scope() as session:
        return convert_everywhere(session, event.user_id, DEMO_COMPLETE, registry)


def register(events: EventBus = bus) -> Callable[[], None]:
    """Subscribe once per process; returns the unsubscribe function."""
    return events.subscribe(DEMO_COMPLETE, on_demo_complete)
