"""Experiments consume the demos' `demo_complete` through the durable outbox: a conversion.

Every experiment whose goals include `demo_complete` counts it (once per user and
goal, ignored for users never exposed), in the transaction that acknowledges the
event: a crash before that commit means "delivered again", and a conversion is
unique, so nothing counts twice. The demos' tables are never read.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from tma_app.core import outbox
from tma_app.core.events import DomainEvent
from tma_app.demo_catalog.events import DEMO_COMPLETE
from tma_app.experiments.registry import REGISTRY, Registry
from tma_app.experiments.service import ConversionOutcome, convert_everywhere

CONSUMER = "experiments"


def apply_event(session: Session, event: DomainEvent, registry: Registry = REGISTRY) -> dict[str, ConversionOutcome]:
    if event.name != DEMO_COMPLETE or event.user_id is None:
        return {}
    return convert_everywhere(session, event.user_id, DEMO_COMPLETE, registry, now=event.occurred_at)


def register() -> Callable[[], None]:
    """Register the consumer once per process; returns the function that unregisters it."""
    return outbox.register(CONSUMER, (DEMO_COMPLETE,), apply_event)
