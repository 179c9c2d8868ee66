"""Leased consumers: delivered with no transaction open, retried when they fail; scheduled events wait."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from tma_app.core import outbox
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, bus
from tma_app.core.outbox import OutboxRow
from tma_app.core.outbox_worker import drain_batch
from tma_app.core.time import utcnow
from tma_app.users.models import User


@pytest.fixture
def leased(migrated_engine):
    """A leased consumer for this test: it writes with its own session while delivering (SQLite too)."""
    name = f"leased-{uuid.uuid4().hex[:8]}"
    delivered: list[str] = []
    fail_on: set[str] = set()

    def deliver(events: list[DomainEvent]) -> set[str]:
        failed = set()
        for event in events:
            if event.data["tag"] in fail_on:
                failed.add(event.event_id)
                continue
            # A write of its own: with the outbox's transaction still open this would wait on SQLite.
            with session_scope() as session:
                session.add(User(id=uuid.uuid4().int % 2**50 + 1, first_name=event.data["tag"]))
            delivered.append(event.data["tag"])
        return failed

    unregister = outbox.register_leased(name, ("leased_test",), deliver, lease_s=60)
    yield name, delivered, fail_on
    unregister()
    with session_scope() as session:
        for row in session.exec(select(OutboxRow).where(OutboxRow.consumer == name)):
            session.delete(row)


def publish(*tags: str, not_before=None) -> None:
    with session_scope() as session:
        for tag in tags:
            outbox.publish(session, DomainEvent("leased_test", 1, {"tag": tag}), not_before=not_before)


def rows(name: str) -> list[OutboxRow]:
    with session_scope() as session:
        return list(session.exec(select(OutboxRow).where(OutboxRow.consumer == name)))


def test_delivered_outside_the_transaction_and_acknowledged(leased):
    name, delivered, _ = leased
    publish("a", "b")
    result = drain_batch(outbox.consumers()[name])
    assert (result.applied, result.failed) == (2, 0)
    assert delivered == ["a", "b"] and rows(name) == []


def test_a_failed_delivery_is_kept_and_retried_with_backoff(leased):
    name, delivered, fail_on = leased
    fail_on.add("b")
    publish("a", "b")
    assert drain_batch(outbox.consumers()[name]).failed == 1
    [kept] = rows(name)
    assert kept.data["tag"] == "b" and kept.attempts == 1 and kept.last_error
    fail_on.clear()
    assert drain_batch(outbox.consumers()[name]).applied == 0, "not before its backoff"
    assert drain_batch(outbox.consumers()[name], now=kept.available_at).applied == 1
    assert delivered == ["a", "b"]


def test_a_leased_row_is_hidden_from_other_workers_until_the_lease_ends(leased):
    name, delivered, _ = leased
    publish("a")
    consumer = outbox.consumers()[name]

    def crash(_events):
        raise SystemExit  # the worker dies mid-delivery: nothing acknowledged, nothing recorded

    dying = outbox.Consumer(name, consumer.events, consumer.handle, None, crash, consumer.lease_s)
    with pytest.raises(SystemExit):
        drain_batch(dying)
    assert drain_batch(consumer).applied == 0, "still leased"
    assert drain_batch(consumer, now=utcnow() + timedelta(seconds=61)).applied == 1
    assert delivered == ["a"]


def test_a_scheduled_event_waits_and_is_not_announced_before_it_happens(leased):
    name, delivered, _ = leased
    heard = []
    unsubscribe = bus.subscribe("leased_test", heard.append)
    try:
        at = utcnow() + timedelta(minutes=2)
        publish("later", not_before=at)
        assert heard == []
        assert drain_batch(outbox.consumers()[name]).applied == 0
        assert drain_batch(outbox.consumers()[name], now=at).applied == 1
        assert delivered == ["later"]
    finally:
        unsubscribe()


def test_the_worker_hands_a_batch_over_and_stays_free(migrated_engine):
    """Detached: the delivery runs in its own thread, one batch in flight; the worker returns at once."""
    import threading

    from tma_app.core.outbox_worker import drain

    name = f"slow-{uuid.uuid4().hex[:8]}"
    release = threading.Event()
    delivered: list[str] = []

    def slow(events: list[DomainEvent]) -> set[str]:
        release.wait(10)
        delivered.extend(event.data["tag"] for event in events)
        return set()

    unregister = outbox.register_leased(name, ("leased_test",), slow, lease_s=60)
    try:
        publish("a")
        handed = drain(detach=True)
        assert handed.applied >= 1 and delivered == [], "handed over, not waited for"
        publish("b")
        assert drain_batch(outbox.consumers()[name], detach=True).applied == 0, "one batch in flight at a time"
        release.set()
        deadline = utcnow() + timedelta(seconds=10)
        while rows(name) and utcnow() < deadline:
            drain_batch(outbox.consumers()[name], detach=True)
        assert sorted(delivered) == ["a", "b"] and rows(name) == []
    finally:
        release.set()
        unregister()
