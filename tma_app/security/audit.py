"""The audit log: written off the request's critical path, never lost to a hiccup.

`record()` only enqueues; a background thread writes batches and retries a
failed write with backoff until the database takes it. Entries never carry
initData, tokens or other secrets: metadata is filtered before it is queued.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tma_app.core.db import session_scope
from tma_app.core.logging import redact
from tma_app.core.time import utcnow
from tma_app.security.models import AuditLog

log = logging.getLogger(__name__)

_SECRET_KEYS = ("init_data", "initdata", "hash", "signature", "token", "password", "secret", "authorization",
                "api_key", "apikey", "cookie", "dsn")
_MAX_TEXT = 500
_MAX_KEYS = 50
_BATCH = 100
_BACKOFF_S = (0.05, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    action: str
    resource: str
    telegram_id: int | None = None
    resource_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    ip_address: str | None = None
    user_agent: str | None = None
    created_at: datetime = field(default_factory=utcnow)


def clean_metadata(value: Any, depth: int = 0) -> Any:
    """Drop secret-looking keys, redact secret-looking text, bound the size."""
    if depth > 4:
        return "[truncated]"
    if isinstance(value, dict):
        cleaned = {}
        for key, item in list(value.items())[:_MAX_KEYS]:
            name = str(key)
            if any(secret in name.lower().replace("-", "_") for secret in _SECRET_KEYS):
                continue
            cleaned[name[:64]] = clean_metadata(item, depth + 1)
        return cleaned
    if isinstance(value, (list, tuple)):
        return [clean_metadata(item, depth + 1) for item in list(value)[:_MAX_KEYS]]
    if isinstance(value, str):
        return redact(value)[:_MAX_TEXT]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return redact(str(value))[:_MAX_TEXT]


def insert_batch(entries: Sequence[AuditEntry]) -> None:
    with session_scope() as session:
        session.add_all(
            AuditLog(
                telegram_id=e.telegram_id,
                action=e.action[:64],
                resource=e.resource[:64],
                resource_id=e.resource_id[:128] if e.resource_id else None,
                details=e.metadata,
                ip_address=e.ip_address[:64] if e.ip_address else None,
                user_agent=e.user_agent[:512] if e.user_agent else None,
                created_at=e.created_at,
            )
            for e in entries
        )


class AuditWriter:
    def __init__(
        self,
        write_batch: Callable[[Sequence[AuditEntry]], None] = insert_batch,
        *,
        max_queued: int = 50_000,
        backoff_s: Sequence[float] = _BACKOFF_S,
    ) -> None:
        self._write_batch = write_batch
        self._queue: queue.Queue[AuditEntry] = queue.Queue(maxsize=max_queued)
        self._backoff = tuple(backoff_s)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def record(self, entry: AuditEntry) -> None:
        self._ensure_running()
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            log.error("audit queue full; entry %s on %s dropped", entry.action, entry.resource)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything queued so far is written; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _ensure_running(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < _BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._write_with_retry(batch)
            for _ in batch:
                self._queue.task_done()

    def _write_with_retry(self, batch: list[AuditEntry]) -> None:
        attempt = 0
        while True:
            try:
                self._write_batch(batch)
                if attempt:
                    log.info("audit log written after %d retries", attempt)
                return
            except Exception as error:  # noqa: BLE001 - any failure is retried, none is fatal
                delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                if attempt == 0:
                    log.warning("audit write failed (%s); retrying", type(error).__name__)
                attempt += 1
                time.sleep(delay)


_writer = AuditWriter()
atexit.register(_writer.flush, 5.0)


def record(
    action: str,
    resource: str,
    *,
    telegram_id: int | None = None,
    resource_id: str | int | None = None,
    metadata: dict[str, Any] | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> None:
    """Queue one audit entry; returns at once."""
    _writer.record(
        AuditEntry(
            action=action,
            resource=resource,
            telegram_id=telegram_id,
            resource_id=None if resource_id is None else str(resource_id),
            metadata=clean_metadata(metadata or {}),
            ip_address=ip_address,
            user_agent=user_agent,
        )
    )


def flush(timeout: float = 10.0) -> bool:
    return _writer.flush(timeout)


def recent(session: Session, limit: int = 50) -> list[AuditLog]:
    limit = max(1, min(limit, 500))
    return list(session.exec(select(AuditLog).order_by(col(AuditLog.id).desc()).limit(limit)).all())
