"""Applies outbox events off the request path: batched, retried, never dropped.

A batch of one consumer's rows is applied in one transaction and deleted in the
same one. If anything in the batch fails, the batch is rolled back and replayed
row by row, so one poisonous event cannot hold back the others; a failing row
is kept with its error and retried with backoff. Rows are locked with SKIP
LOCKED on PostgreSQL, so several backend workers share the queue, and applied
in (user, id) order so their row locks are always taken in the same order.

Leased consumers (outbox.register_leased: the bot, which waits on Telegram) are
different: their rows are leased in a short transaction, delivered with none
open, in a thread of their own, and deleted once delivered.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, select, update
from sqlalchemy.engine import Engine, Row
from sqlmodel import Session, col

from tma_app.core.db import get_engine, table_of
from tma_app.core.events import DomainEvent
from tma_app.core.logging import redact, report_exception
from tma_app.core.outbox import Consumer, OutboxRow, consumers, on_published, wake_workers
from tma_app.core.time import utcnow

log = logging.getLogger(__name__)

BATCH = 200
BACKOFF_S = (0.5, 2.0, 10.0, 30.0, 120.0, 300.0)  # then every 300 s, for as long as it takes
# Granian kills a worker that has not stopped 2 s (dev) after being asked; a batch takes far less.
STOP_TIMEOUT_S = 1.5
COALESCE_S = 0.05


@dataclass(frozen=True, slots=True)
class Drained:
    applied: int = 0
    failed: int = 0

    def __add__(self, other: Drained) -> Drained:
        return Drained(self.applied + other.applied, self.failed + other.failed)


_TABLE = table_of(OutboxRow)


def _due(consumer: Consumer, now: datetime, limit: int) -> Select[Any]:
    # Plain rows, not ORM objects: a batch is hundreds of rows read once and deleted.
    return (
        select(_TABLE)
        .where(_TABLE.c.consumer == consumer.name, _TABLE.c.available_at <= now)
        .order_by(_TABLE.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _event(row: Row[Any]) -> DomainEvent:
    return DomainEvent(row.name, row.user_id, row.data, event_id=row.event_id, occurred_at=row.occurred_at)


def drain_batch(consumer: Consumer, *, engine: Engine | None = None, limit: int = BATCH,
                now: datetime | None = None, detach: bool = False) -> Drained:
    """Apply up to `limit` due rows of one consumer; the whole batch, or row by row on failure."""
    engine = engine or get_engine()
    if consumer.deliver is not None:
        return _deliver_leased(consumer, engine, limit, now or utcnow(), detach)
    with Session(engine, expire_on_commit=False) as session:
        rows = session.execute(_due(consumer, now or utcnow(), limit)).all()
        if not rows:
            return Drained()
        ids = [row.id for row in rows]
        try:
            ordered = [_event(row) for row in sorted(rows, key=lambda r: (r.user_id or 0, r.id))]
            if consumer.handle_batch is not None and len(ordered) > 1:
                consumer.handle_batch(session, ordered)
            else:
                for event in ordered:
                    consumer.handle(session, event)
            session.execute(delete(OutboxRow).where(col(OutboxRow.id).in_(ids)))
            session.commit()
            return Drained(applied=len(ids))
        except Exception as error:
            session.rollback()
            if len(ids) == 1:
                _record_failure(engine, ids[0], error)
                return Drained(failed=1)
    result = Drained()
    for row_id in ids:
        result += _apply_one(consumer, row_id, engine)
    return result


def _deliver_leased(consumer: Consumer, engine: Engine, limit: int, now: datetime, detach: bool) -> Drained:
    """Lease due rows (committed at once), deliver them with no transaction open, delete the delivered.

    Detached (the worker's way), the delivery runs in the consumer's own thread and this returns
    at once: a consumer waiting on the network never holds up the others. One batch per consumer
    is in flight at a time, so nothing leased waits in a queue while its lease runs out.
    """
    if detach and consumer.name in _in_flight:
        return Drained()
    with Session(engine, expire_on_commit=False) as session:
        rows = session.execute(_due(consumer, now, limit)).all()
        if not rows:
            return Drained()
        session.execute(update(_TABLE).where(_TABLE.c.id.in_([row.id for row in rows]))
                        .values(available_at=utcnow() + timedelta(seconds=consumer.lease_s)))
        session.commit()
    ordered = sorted(rows, key=lambda r: (r.user_id or 0, r.id))
    if not detach:
        return _finish_leased(consumer, engine, ordered)
    _in_flight.add(consumer.name)
    threading.Thread(target=_finish_detached, args=(consumer, engine, ordered), daemon=True,
                     name=f"outbox-{consumer.name}").start()
    return Drained(applied=len(ordered))  # handed over


_in_flight: set[str] = set()  # leased consumers with a detached batch being delivered


def _finish_detached(consumer: Consumer, engine: Engine, rows: list[Row[Any]]) -> None:
    try:
        _finish_leased(consumer, engine, rows)
    except Exception:  # the database went away meanwhile: the leases end and the rows come back
        log.warning("outbox: %s delivered a batch but could not acknowledge it", consumer.name, exc_info=True)
    finally:
        _in_flight.discard(consumer.name)
        wake_workers()  # the next batch, if any, without waiting for the poll


def _finish_leased(consumer: Consumer, engine: Engine, ordered: list[Row[Any]]) -> Drained:
    assert consumer.deliver is not None
    try:
        failed_ids = consumer.deliver([_event(row) for row in ordered])
    except Exception as error:  # the whole batch failed: every row is retried
        for row in ordered:
            _record_failure(engine, row.id, error)
        return Drained(failed=len(ordered))
    done = [row.id for row in ordered if row.event_id not in failed_ids]
    if done:
        with Session(engine) as session:
            session.execute(delete(_TABLE).where(_TABLE.c.id.in_(done)))
            session.commit()
    failure = RuntimeError(f"{consumer.name} could not deliver the event")
    for row in ordered:
        if row.event_id in failed_ids:
            _record_failure(engine, row.id, failure)
    return Drained(applied=len(done), failed=len(ordered) - len(done))


def _apply_one(consumer: Consumer, row_id: int, engine: Engine) -> Drained:
    with Session(engine, expire_on_commit=False) as session:
        row = session.execute(select(_TABLE).where(_TABLE.c.id == row_id).with_for_update(skip_locked=True)).first()
        if row is None:  # another worker has it, or it is done
            return Drained()
        try:
            consumer.handle(session, _event(row))
            session.execute(delete(_TABLE).where(_TABLE.c.id == row_id))
            session.commit()
            return Drained(applied=1)
        except Exception as error:
            session.rollback()
            failure = error
    _record_failure(engine, row_id, failure)
    return Drained(failed=1)


def _record_failure(engine: Engine, row_id: int, error: BaseException) -> None:
    log.warning("outbox row %s failed, will retry", row_id, exc_info=error)
    message = redact(f"{type(error).__name__}: {error}")[:500]
    with Session(engine) as session:
        row = session.get(OutboxRow, row_id)
        if row is None:
            return
        if row.attempts == 0:
            # Reported on its first failure only: the retries that follow are logged, not re-sent.
            report_exception(error, user_id=row.user_id,
                             tags={"outbox.consumer": row.consumer, "outbox.event": row.name})
        delay = BACKOFF_S[min(row.attempts, len(BACKOFF_S) - 1)]
        session.execute(
            update(OutboxRow).where(col(OutboxRow.id) == row_id)
            .values(attempts=OutboxRow.attempts + 1, last_error=message,
                    available_at=utcnow() + timedelta(seconds=delay))
        )
        session.commit()


def drain(*, engine: Engine | None = None, limit: int = BATCH, now: datetime | None = None,
          stop: threading.Event | None = None, detach: bool = False) -> Drained:
    """Apply everything due for every consumer (consumers may publish follow-ups: loop until quiet).

    Once `stop` is set it returns between batches: a backlog never holds up a shutdown, and
    what is left stays in the outbox for the next worker. `detach`: leased consumers deliver
    in their own threads (see `_deliver_leased`).
    """
    engine = engine or get_engine()
    total = Drained()
    while True:
        round_ = Drained()
        due = _consumers_due(engine, now or utcnow())
        for consumer in consumers().values():
            while consumer.name in due:
                if stop is not None and stop.is_set():
                    return total + round_
                batch = drain_batch(consumer, engine=engine, limit=limit, now=now, detach=detach)
                round_ += batch
                if batch.applied + batch.failed < limit:
                    break
        total += round_
        if round_.applied == 0:
            return total


def _consumers_due(engine: Engine, now: datetime) -> set[str]:
    """The consumers with rows due, in one query: a wake after a commit costs one read, not one locking
    scan per registered consumer (six of them), most of which would find nothing."""
    with engine.connect() as connection:
        found = connection.execute(select(_TABLE.c.consumer).where(_TABLE.c.available_at <= now).distinct())
        return set(found.scalars())


class OutboxWorker:
    """A daemon thread that drains the outbox when woken, and every `poll_s` regardless."""

    def __init__(self, *, engine: Engine | None = None, poll_s: float = 1.0) -> None:
        self._engine = engine
        self._poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unhook: Callable[[], None] | None = None

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._unhook = on_published(self._wake.set)
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._unhook:
            self._unhook()
            self._unhook = None
        if self._thread:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("outbox worker still busy after %.1f s; leaving it (a daemon) behind", timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                drain(engine=self._engine, stop=self._stop, detach=True)
            except Exception:  # the database is down: try again at the next poll
                log.warning("outbox drain failed", exc_info=True)
            if self._wake.wait(self._poll_s):
                # Woken by a commit: let the commits of a burst gather for a moment, so a burst
                # is drained in a few batches, not one scan of every consumer per commit.
                self._stop.wait(COALESCE_S)


worker = OutboxWorker()


@contextlib.asynccontextmanager
async def run_worker() -> AsyncIterator[None]:
    """Reflex lifespan task: the backend applies outbox events while it runs.

    Stopped when the lifespan ends or is cancelled (a dev reload, SIGTERM), within one batch.
    """
    worker.start()
    try:
        yield
    finally:
        worker.stop(timeout=STOP_TIMEOUT_S)
