import threading
import time
import uuid

import pytest
from sqlmodel import select

from tma_app.core import outbox
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, bus
from tma_app.core.outbox import OutboxRow
from tma_app.core.outbox_worker import OutboxWorker, drain, drain_batch


@pytest.fixture
def consumer(migrated_engine):
    """A consumer named for this test, recording what it applied; `fail_on` makes events fail."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    applied: list[str] = []
    fail_on: set[str] = set()

    def handle(session, event):
        if event.data.get("tag") in fail_on:
            raise RuntimeError(f"cannot apply {event.data['tag']}")
        applied.append(event.data["tag"])

    unregister = outbox.register(name, ("outbox_test",), handle)
    yield name, applied, fail_on
    unregister()
    with session_scope() as session:
        for row in session.exec(select(OutboxRow).where(OutboxRow.consumer == name)):
            session.delete(row)


def event(tag: str, **data) -> DomainEvent:
    return DomainEvent("outbox_test", 1, {"tag": tag, **data})


def rows(name: str) -> list[OutboxRow]:
    with session_scope() as session:
        return list(session.exec(select(OutboxRow).where(OutboxRow.consumer == name)))


def test_a_rolled_back_action_leaves_no_event_and_announces_nothing(consumer):
    name, _, _ = consumer
    heard = []
    unsubscribe = bus.subscribe("outbox_test", heard.append)
    try:
        with pytest.raises(RuntimeError):
            with session_scope() as session:
                outbox.publish(session, event("lost"))
                raise RuntimeError("the action failed")
        assert rows(name) == [] and heard == []
        with session_scope() as session:
            outbox.publish(session, event("kept"))
            assert heard == []  # in-process listeners hear only after the commit
        assert [e.data["tag"] for e in heard] == ["kept"]
        assert [r.name for r in rows(name)] == ["outbox_test"]
    finally:
        unsubscribe()


def test_events_nobody_consumes_are_not_stored_and_republishing_does_not_double(consumer):
    name, _, _ = consumer
    once = event("a")
    with session_scope() as session:
        outbox.publish(session, once)
        outbox.publish(session, DomainEvent("nobody_listens", 1))
    outbox.publish_now(once)
    assert len(rows(name)) == 1


def test_drain_applies_and_acknowledges_in_one_step(consumer):
    name, applied, _ = consumer
    for tag in "abc":
        outbox.publish_now(event(tag))
    drain()
    assert applied == ["a", "b", "c"] and rows(name) == []
    drain()
    assert applied == ["a", "b", "c"]


def test_a_failing_event_is_kept_for_retry_and_does_not_hold_back_the_others(consumer):
    name, applied, fail_on = consumer
    fail_on.add("bad")
    for tag in ("a", "bad", "c"):
        outbox.publish_now(event(tag))
    result = drain_batch(outbox.consumers()[name])
    # The batch failed as a whole, was rolled back, then replayed one by one (the list is
    # outside the transaction, so it also shows the rolled-back attempt at "a").
    assert applied == ["a", "a", "c"]
    assert (result.applied, result.failed) == (2, 1)
    [left] = rows(name)
    assert left.data["tag"] == "bad" and left.attempts == 1 and "cannot apply bad" in left.last_error
    drain()  # not due yet: backoff
    assert rows(name)[0].attempts == 1
    fail_on.clear()
    drain(now=left.available_at)
    assert rows(name) == [] and applied[-1] == "bad"


def test_the_worker_applies_what_is_published_without_being_asked(consumer):
    name, applied, _ = consumer
    worker = OutboxWorker(poll_s=30)  # a long poll: only the wake-up can explain a prompt apply
    worker.start()
    try:
        outbox.publish_now(event("woken"))
        deadline = time.monotonic() + 10
        while "woken" not in applied and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "woken" in applied
    finally:
        worker.stop()
    assert not any(t.name == "outbox-worker" and t.is_alive() for t in threading.enumerate())
