"""The outbox worker stops within a few seconds when the backend shuts down, and loses nothing."""

import asyncio
import time
import uuid

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from tma_app.core import outbox
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.outbox import OutboxRow
from tma_app.core.outbox_worker import drain, run_worker, worker

# Granian kills a dev worker 2 s after asking it to stop; a generous bound for a loaded machine.
PROMPT_S = 3.0


@pytest.fixture
def slow_backlog(migrated_engine):
    """A consumer that takes 5 ms per event, with 2,000 events waiting: ~10 s of work."""
    name = f"slow-{uuid.uuid4().hex[:8]}"
    applied: list[int] = []

    def handle(session, event):
        time.sleep(0.005)
        applied.append(event.data["n"])

    unregister = outbox.register(name, ("outbox_slow",), handle)
    with session_scope() as session:
        outbox.publish_many(session, [DomainEvent("outbox_slow", 1, {"n": n}) for n in range(2000)])
    yield name, applied
    unregister()
    with session_scope() as session:
        for row in session.exec(select(OutboxRow).where(OutboxRow.consumer == name)):
            session.delete(row)


def _left(name: str) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(OutboxRow).where(OutboxRow.consumer == name)).one()


async def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_ending_the_lifespan_stops_the_worker_mid_backlog_and_keeps_the_rest(slow_backlog):
    name, applied = slow_backlog
    async with run_worker():
        await _wait_for(lambda: len(applied) > 0)
        started = time.monotonic()
    assert time.monotonic() - started < PROMPT_S
    assert not worker.running
    # Stopped between batches: what was applied is gone from the outbox, the rest is still there.
    left = _left(name)
    assert 0 < left < 2000
    assert left + len(set(applied)) == 2000
    drain()
    assert _left(name) == 0 and sorted(applied) == list(range(2000))


async def test_cancelling_the_lifespan_task_stops_the_worker(slow_backlog):
    _, applied = slow_backlog

    async def lifespan():
        async with run_worker():
            await asyncio.sleep(3600)

    task = asyncio.create_task(lifespan())
    await _wait_for(lambda: len(applied) > 0)
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < PROMPT_S
    assert not worker.running


def test_a_drain_scans_only_the_consumers_with_something_due(migrated_engine):
    """A wake after a commit reads which consumers have work once, instead of scanning each consumer."""
    busy, idle = f"busy-{uuid.uuid4().hex[:8]}", f"idle-{uuid.uuid4().hex[:8]}"
    applied: list[int] = []
    undo = [outbox.register(busy, ("outbox_busy",), lambda session, event: applied.append(event.data["n"])),
            outbox.register(idle, ("outbox_idle",), lambda session, event: None)]
    statements: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    try:
        drain()  # whatever earlier tests left
        with session_scope() as session:
            outbox.publish(session, DomainEvent("outbox_busy", 1, {"n": 7}))
        event.listen(migrated_engine, "before_cursor_execute", record)
        # On the engine the statements are recorded on: get_engine() may hand out another one for the same
        # file after a test changed the settings (a fresh clone's test order).
        drain(engine=migrated_engine)
        assert applied == [7]
        assert not any(idle in str(parameters) for _, parameters in statements)

        statements.clear()
        drain(engine=migrated_engine)  # nothing due: one read of the outbox
        assert len([sql for sql, _ in statements if "event_outbox" in sql]) == 1
    finally:
        event.remove(migrated_engine, "before_cursor_execute", record)
        for unregister in undo:
            unregister()
