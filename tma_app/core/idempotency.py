"""Exactly-once mutations: a retried or double-tapped request never does its work twice.

The client sends a fresh key with each intended action and the same key on every
retry of it. The first request's effect and its answer are committed together with
a row unique on (user, scope, key); a repeat gets the stored answer back; a
concurrent repeat waits on the unique index and then does the same. Reusing a key
for a different request is a conflict, not a silent replay.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from tma_app.core.time import UtcDateTime, utcnow

_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class IdempotencyKeyInvalid(ValueError):
    code = "IDEMPOTENCY_KEY_INVALID"


class IdempotencyConflict(ValueError):
    """The key was already used for a different request."""

    code = "IDEMPOTENCY_CONFLICT"


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "scope", "key", name="uq_idempotency_user_scope_key"),)

    id: int = Field(default=None, primary_key=True)  # None until INSERTed; code reads ids of saved rows
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    scope: str = Field(max_length=64)
    key: str = Field(max_length=64)
    request_hash: str = Field(max_length=64)
    response: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False, index=True)


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


def run_once(
    session: Session,
    *,
    user_id: int,
    scope: str,
    key: object,
    payload: Any,
    action: Callable[[Session], dict[str, Any]],
) -> tuple[dict[str, Any], bool]:
    """Run `action` once per (user, scope, key); returns (answer, whether it ran now).

    `action` does its writes on `session` and returns a JSON-able answer; both are
    committed by the caller's transaction, or neither is.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise IdempotencyKeyInvalid("idempotency key must be 8-64 characters of A-Z, a-z, 0-9, _ and -")
    request_hash = fingerprint(payload)
    stored = _stored(session, user_id, scope, key)
    if stored is not None:
        return _replay(stored, request_hash), False
    try:
        with session.begin_nested():
            answer = action(session)
            session.add(
                IdempotencyRecord(user_id=user_id, scope=scope, key=key, request_hash=request_hash, response=answer)
            )
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key committed first; our savepoint undid our work.
        stored = _stored(session, user_id, scope, key)
        if stored is None:
            raise
        return _replay(stored, request_hash), False
    return answer, True


def _stored(session: Session, user_id: int, scope: str, key: str) -> IdempotencyRecord | None:
    statement = select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
    )
    return session.exec(statement.execution_options(populate_existing=True)).first()


def _replay(stored: IdempotencyRecord, request_hash: str) -> dict[str, Any]:
    if stored.request_hash != request_hash:
        raise IdempotencyConflict("this idempotency key was already used for a different request")
    return stored.response
