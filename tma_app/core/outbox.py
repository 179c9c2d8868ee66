"""The durable outbox: domain events that must never be lost, one row per consumer.

`publish(session, event)` writes a row for every consumer of the event in the
caller's own transaction, so the event exists exactly when the action that
caused it committed. After the commit the in-process bus sees the event and the
outbox worker (tma_app.core.outbox_worker) is woken. A consumer's handler runs
in a transaction that also deletes the row: applied and acknowledged together,
or neither, so a crash between the two steps means "retried", never "dropped".
Handlers must therefore be idempotent by event id (the gamification ledger is).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint, event
from sqlmodel import Field, Session, SQLModel

from tma_app.core.db import dialect_insert, insert_many, session_scope, table_of
from tma_app.core.events import DomainEvent, bus
from tma_app.core.time import UtcDateTime, utcnow

log = logging.getLogger(__name__)

_PENDING = "outbox_published"  # session.info key: events to announce once the commit succeeded


class OutboxRow(SQLModel, table=True):
    """An event a consumer has not yet applied."""

    __tablename__ = "event_outbox"
    __table_args__ = (UniqueConstraint("consumer", "event_id", name="uq_outbox_consumer_event"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    consumer: str = Field(max_length=64, index=True)
    event_id: str = Field(max_length=64)
    name: str = Field(max_length=64)
    user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    occurred_at: datetime = Field(sa_type=UtcDateTime, nullable=False)
    attempts: int = 0
    available_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True)
    last_error: str | None = Field(default=None, max_length=500)


Handler = Callable[[Session, DomainEvent], object]  # what it returns is ignored


BatchHandler = Callable[[Session, list[DomainEvent]], None]
# Delivers events outside any transaction; returns the ids of those that failed (to be retried).
Deliver = Callable[[list[DomainEvent]], set[str]]


@dataclass(frozen=True, slots=True)
class Consumer:
    """A durable subscriber: its handler runs inside the transaction that acknowledges the events.

    `handle_batch`, when given, applies a whole batch at once (it must give the same
    result as `handle` on each event in turn); the worker falls back to `handle`, one
    event per transaction, when a batch fails.

    `deliver`, when given (see `register_leased`), replaces both: the worker leases the
    rows for `lease_s`, commits, calls `deliver` with no transaction open, and deletes
    the rows delivered. For consumers that call the network: no row lock nor database
    connection is held while they wait, and on SQLite their own writes are not blocked.
    """

    name: str
    events: frozenset[str]
    handle: Handler
    handle_batch: BatchHandler | None = None
    deliver: Deliver | None = None
    lease_s: float = 0.0


_consumers: dict[str, Consumer] = {}
_wakers: list[Callable[[], None]] = []


def register(name: str, events: tuple[str, ...] | frozenset[str], handle: Handler,
             handle_batch: BatchHandler | None = None) -> Callable[[], None]:
    """Register (or replace) a consumer; returns a function that unregisters it."""
    if not name or len(name) > 64:
        raise ValueError("a consumer needs a name of 1-64 characters")
    consumer = Consumer(name, frozenset(events), handle, handle_batch)
    _consumers[name] = consumer

    def unregister() -> None:
        if _consumers.get(name) is consumer:
            del _consumers[name]

    return unregister


def register_leased(name: str, events: tuple[str, ...] | frozenset[str], deliver: Deliver,
                    *, lease_s: float = 120.0) -> Callable[[], None]:
    """Register a consumer whose `deliver(events)` runs outside the database transaction.

    Still at least once: a row stays leased (invisible to other workers) for `lease_s`; a
    worker that dies meanwhile leaves it to be delivered again once the lease ends, and the
    ids `deliver` returns as failed are retried with the usual backoff.
    """

    def one(_session: Session, event: DomainEvent) -> None:
        if deliver([event]):
            raise RuntimeError(f"{name} could not deliver {event.name} {event.event_id}")

    if lease_s <= 0:
        raise ValueError("a lease must last")
    unregister = register(name, events, one)
    _consumers[name] = Consumer(name, frozenset(events), one, None, deliver, lease_s)
    return unregister


def consumers() -> dict[str, Consumer]:
    return dict(_consumers)


def on_published(wake: Callable[[], None]) -> Callable[[], None]:
    """Called after every commit that published events (the worker wakes up here)."""
    _wakers.append(wake)
    return lambda: _wakers.remove(wake)


def publish(session: Session, domain_event: DomainEvent, *, not_before: datetime | None = None) -> int:
    """Queue the event for its durable consumers in the caller's transaction; returns how many.

    `not_before` schedules it: the consumers get it at that moment, not earlier, and the
    in-process bus is not told at the commit (it has not happened yet).
    """
    return publish_many(session, [domain_event], not_before=not_before)


def publish_many(session: Session, domain_events: list[DomainEvent], *, not_before: datetime | None = None) -> int:
    """Queue several events in one statement (same guarantees as `publish`)."""
    now = max(utcnow(), not_before) if not_before is not None else utcnow()
    rows = {
        (consumer.name, event.event_id): {
            "consumer": consumer.name,
            "event_id": event.event_id,
            "name": event.name,
            "user_id": event.user_id,
            "data": dict(event.data),
            "occurred_at": event.occurred_at,
            "attempts": 0,
            "available_at": now,
        }
        for event in domain_events
        for consumer in _consumers.values()
        if event.name in consumer.events
    }
    if rows:
        # A re-published event (same id) is already queued: nothing doubles.
        insert_many(
            session,
            dialect_insert(session)(table_of(OutboxRow)).on_conflict_do_nothing(
                index_elements=["consumer", "event_id"]),
            list(rows.values()),
        )
    if not_before is None:
        session.info.setdefault(_PENDING, []).extend(domain_events)
    return len(rows)


def publish_now(domain_event: DomainEvent) -> int:
    """Publish in a transaction of its own (for events no other write belongs to)."""
    with session_scope() as session:
        return publish(session, domain_event)


def wake_workers() -> None:
    """Tell the workers there is something to apply now (after a commit, or a delivery finished)."""
    for wake in list(_wakers):
        try:
            wake()
        except Exception:
            log.exception("outbox waker failed")


@event.listens_for(Session, "after_commit")
def _announce_after_commit(session: Session) -> None:
    published = session.info.pop(_PENDING, None)
    if not published:
        return
    for domain_event in published:
        bus.emit(domain_event)
    wake_workers()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    # Rolled back: the rows are gone, and so is the announcement.
    session.info.pop(_PENDING, None)
