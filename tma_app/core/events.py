"""The domain-event hook: features announce what happened, others subscribe.

A feature never reads another feature's tables; it listens here instead.
Delivery is in-process and synchronous, after the emitter's own work is done.
A failing subscriber is logged and isolated: it never undoes the emitter's work
nor stops the other subscribers.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DomainEvent:
    name: str
    user_id: int | None
    data: Mapping[str, Any] = field(default_factory=dict)
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"event name must be a dotted/underscored word, got {self.name!r}")
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))


Subscriber = Callable[[DomainEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, list[Subscriber]] = defaultdict(list)

    def subscribe(self, name: str, subscriber: Subscriber) -> Callable[[], None]:
        """Register for events called `name` ('*' for all); returns an unsubscribe function."""
        self._subscribers[name].append(subscriber)
        return lambda: self._subscribers[name].remove(subscriber)

    def emit(self, event: DomainEvent) -> int:
        """Deliver to every subscriber; returns how many handled it without error."""
        delivered = 0
        for subscriber in [*self._subscribers.get(event.name, ()), *self._subscribers.get("*", ())]:
            try:
                subscriber(event)
                delivered += 1
            except Exception:
                log.exception("subscriber %r failed on event %s", subscriber, event.name)
        return delivered


bus = EventBus()
subscribe = bus.subscribe
emit = bus.emit
