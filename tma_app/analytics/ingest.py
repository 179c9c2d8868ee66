"""Event ingestion: validate a batch, correct the client's clock, store each event exactly once.

Plain Python, no reflex, no HTTP: the routes in api.py and server-side `track()`
both end here. A batch is judged as a whole first (JSON object, `sent_at`, at
most `max_events_per_batch` events: otherwise a `BatchError` with its HTTP
status), then event by event: each gets its own outcome, accepted, duplicate or
rejected with the reason. Accepted events go to the database in one
`INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING event_id` (store.py): the
event UUID is the primary key, so a batch retried after a lost answer, or sent
by two tabs at once, is stored once and reported as duplicates the second time.

Clock skew: the client stamps each event with its own clock (`ts`) and the batch
with the moment it was sent (`sent_at`, the same clock). The server shifts every
event by `offset = server_now - sent_at`; the transit time of the request is
the error left. Corrected times in the future are clamped to now; events older
than `max_event_age_days` after correction are rejected.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, TypeGuard

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tma_app.analytics.store import insert_rows
from tma_app.analytics.taxonomy import Taxonomy, get_taxonomy
from tma_app.core.db import session_scope
from tma_app.core.time import utcnow

Status = Literal["accepted", "duplicate", "rejected"]
Source = Literal["client", "server"]
RowWriter = Callable[[Session, list[dict[str, Any]]], set[uuid.UUID]]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
PROP_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_EVENT_FIELDS = frozenset({"id", "category", "action", "ts", "label", "value", "route", "props"})
_BATCH_FIELDS = frozenset({"sent_at", "anonymous_id"})
IDENTITY_FIELDS = frozenset({"user_id", "userId", "user", "telegram_id", "init_data", "initData"})
IDENTITY_REASON = "user ids come only from the X-Telegram-Init-Data header, never from the body"


class BatchError(ValueError):
    """The batch as a whole is unacceptable: answered with `status` and nothing is stored."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class InvalidEvent(ValueError):
    """A server-side event that breaks the taxonomy or the event shape (a programming error)."""


@dataclass(frozen=True, slots=True)
class Batch:
    sent_at_ms: float
    anonymous_id: uuid.UUID | None
    items: list[Any]


@dataclass(frozen=True, slots=True)
class Rejection:
    """An item a converter (e.g. Web Vitals reports) already refused, with the reason."""

    id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    id: str | None
    status: Status
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "id": self.id, "status": self.status}
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def accepted(self) -> int:
        return self.count("accepted")

    @property
    def duplicate(self) -> int:
        return self.count("duplicate")

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    def as_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "results": [outcome.as_json() for outcome in self.outcomes],
        }


# --------------------------------------------------------------------------- the batch


def _no_constants(name: str) -> None:
    # Python's json accepts NaN and Infinity; JSON does not, and neither do we.
    raise ValueError(f"{name} is not JSON")


def parse_batch(body: bytes, items_key: str = "events", taxonomy: Taxonomy | None = None) -> Batch:
    """The batch envelope from raw bytes; raises BatchError (400/413) with the reason."""
    limits = (taxonomy or get_taxonomy()).limits
    if len(body) > limits.max_body_bytes:
        raise BatchError(413, "PAYLOAD_TOO_LARGE", f"the body is over {limits.max_body_bytes} bytes")
    try:
        document = json.loads(body, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError) as error:
        raise BatchError(400, "MALFORMED_JSON", f"the body is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise BatchError(400, "INVALID_BATCH", f"the body must be a JSON object with {items_key!r}")
    unknown = set(document) - _BATCH_FIELDS - {items_key}
    if unknown & IDENTITY_FIELDS:
        raise BatchError(400, "INVALID_BATCH", IDENTITY_REASON)
    if unknown:
        raise BatchError(400, "INVALID_BATCH", f"unknown field {sorted(unknown)[0]!r}")
    items = document.get(items_key)
    if not isinstance(items, list):
        raise BatchError(400, "INVALID_BATCH", f"{items_key!r} must be a list")
    if not items:
        raise BatchError(400, "INVALID_BATCH", f"{items_key!r} is empty")
    if len(items) > limits.max_events_per_batch:
        raise BatchError(413, "TOO_MANY_EVENTS",
                         f"{len(items)} {items_key} in one batch; at most {limits.max_events_per_batch}")
    sent_at = document.get("sent_at")
    if not _is_number(sent_at) or sent_at <= 0:
        raise BatchError(400, "INVALID_BATCH", "'sent_at' must be the client's send time in epoch milliseconds")
    anonymous = document.get("anonymous_id")
    if anonymous is not None and not (isinstance(anonymous, str) and _UUID.match(anonymous)):
        raise BatchError(400, "INVALID_BATCH", "'anonymous_id' must be a UUID")
    return Batch(float(sent_at), uuid.UUID(anonymous) if anonymous else None, items)


# --------------------------------------------------------------------------- one event


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _string_reason(name: str, value: Any, max_length: int) -> str | None:
    if not isinstance(value, str) or not value:
        return f"{name} must be a non-empty string"
    if len(value) > max_length:
        return f"{name} is longer than {max_length} characters"
    return None


def _props_reason(props: Any, taxonomy: Taxonomy) -> str | None:
    limits = taxonomy.limits
    if not isinstance(props, dict):
        return "props must be an object"
    if len(props) > limits.max_props:
        return f"props has {len(props)} keys; at most {limits.max_props}"
    for key, value in props.items():
        if len(key) > limits.max_prop_key_length or not PROP_KEY.match(key):
            return f"props key {key[:50]!r} must be letters, digits and _ (at most {limits.max_prop_key_length})"
        if key in IDENTITY_FIELDS:
            return IDENTITY_REASON
        if value is None or isinstance(value, bool) or _is_number(value):
            continue
        if isinstance(value, str):
            if len(value) > limits.max_string_length:
                return f"props.{key} is longer than {limits.max_string_length} characters"
            continue
        return f"props.{key} must be a string, number, boolean or null"
    return None


def fields_reason(category: Any, action: Any, label: Any, value: Any, route: Any, props: Any,
                  taxonomy: Taxonomy) -> str | None:
    """Why these event fields are unacceptable (shape, then taxonomy), or None."""
    limits = taxonomy.limits
    if not isinstance(category, str) or not _NAME.match(category):
        return "category must be a lowercase name" if category is not None else "category is missing"
    if not isinstance(action, str) or not _NAME.match(action):
        return "action must be a lowercase name" if action is not None else "action is missing"
    if label is not None and (reason := _string_reason("label", label, limits.max_label_length)):
        return reason
    if value is not None and not _is_number(value):
        return "value must be a finite number"
    if route is not None:
        if reason := _string_reason("route", route, limits.max_route_length):
            return reason
        if not route.startswith("/"):
            return "route must be a path starting with /"
    if props is not None and (reason := _props_reason(props, taxonomy)):
        return reason
    return taxonomy.check(category, action, label, value, route, props or {})


def corrected_time(client_ts_ms: float, offset_ms: int, now: datetime, taxonomy: Taxonomy) -> datetime | str:
    """The event's time on the server's clock, or the reason it is refused."""
    server_ms = client_ts_ms + offset_ms
    now_ms = now.timestamp() * 1000
    if server_ms >= now_ms:
        return now  # a client clock running ahead within the batch: never in the future
    oldest_ms = now_ms - taxonomy.limits.max_event_age_days * 86_400_000
    if server_ms < oldest_ms:
        return f"older than {taxonomy.limits.max_event_age_days} days after clock correction"
    return now - timedelta(milliseconds=now_ms - server_ms)


def client_row(raw: Any, user_id: int | None, batch: Batch, offset_ms: int, now: datetime,
               taxonomy: Taxonomy) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """(id, row, None) for a storable client event, or (id, None, reason)."""
    if isinstance(raw, Rejection):
        return raw.id, None, raw.reason
    if not isinstance(raw, dict):
        return None, None, "an event must be a JSON object"
    event_id = raw.get("id")
    shown_id = event_id if isinstance(event_id, str) and len(event_id) <= 64 else None
    unknown = raw.keys() - _EVENT_FIELDS
    if unknown & IDENTITY_FIELDS:
        return shown_id, None, IDENTITY_REASON
    if unknown:
        return shown_id, None, f"unknown field {sorted(unknown)[0][:50]!r}"
    if not isinstance(event_id, str) or not _UUID.match(event_id):
        return shown_id, None, "id must be a UUID (crypto.randomUUID())"
    ts = raw.get("ts")
    if not _is_number(ts) or ts <= 0:
        return event_id, None, "ts must be the client's time in epoch milliseconds"
    category, action, label = raw.get("category"), raw.get("action"), raw.get("label")
    value, route, props = raw.get("value"), raw.get("route"), raw.get("props")
    reason = fields_reason(category, action, label, value, route, props, taxonomy)
    if reason:
        return event_id, None, reason
    occurred = corrected_time(ts, offset_ms, now, taxonomy)
    if isinstance(occurred, str):
        return event_id, None, occurred
    return event_id, {
        "event_id": uuid.UUID(event_id),
        "user_id": user_id,
        "anonymous_id": batch.anonymous_id,
        "category": category,
        "action": action,
        "label": label,
        "value": float(value) if value is not None else None,
        "route": route,
        "props": props or {},
        "source": "client",
        "occurred_at": occurred,
        "clock_offset_ms": offset_ms,
        "received_at": now,
    }, None


# --------------------------------------------------------------------------- storage


def ingest(batch: Batch, user_id: int | None, *, now: datetime | None = None, engine: Engine | None = None,
           writer: RowWriter = insert_rows, taxonomy: Taxonomy | None = None) -> IngestReport:
    """Judge every event of the batch and store the acceptable ones in one transaction."""
    taxonomy = taxonomy or get_taxonomy()
    now = now or utcnow()
    offset_ms = round(now.timestamp() * 1000 - batch.sent_at_ms)
    outcomes: list[Outcome | None] = [None] * len(batch.items)
    pending: list[tuple[int, str, dict[str, Any]]] = []
    seen: set[str] = set()
    for index, raw in enumerate(batch.items):
        event_id, row, reason = client_row(raw, user_id, batch, offset_ms, now, taxonomy)
        if row is None:
            outcomes[index] = Outcome(index, event_id, "rejected", reason)
            continue
        assert event_id is not None, "a storable event has its id"
        key = event_id.lower()
        if key in seen:
            outcomes[index] = Outcome(index, event_id, "duplicate")
            continue
        seen.add(key)
        pending.append((index, event_id, row))
    if pending:
        with session_scope(engine) as session:
            inserted = writer(session, [row for _, _, row in pending])
        for index, event_id, row in pending:
            outcomes[index] = Outcome(index, event_id, "accepted" if row["event_id"] in inserted else "duplicate")
    return IngestReport([outcome for outcome in outcomes if outcome is not None])


def ingest_body(body: bytes, user_id: int | None, *, items_key: str = "events",
                convert: Callable[[Any], Any] | None = None, engine: Engine | None = None,
                writer: RowWriter = insert_rows, now: datetime | None = None) -> IngestReport:
    """Parse and ingest a raw request body; `convert` maps each item to the event shape first."""
    batch = parse_batch(body, items_key)
    if convert is not None:
        batch = Batch(batch.sent_at_ms, batch.anonymous_id, [convert(item) for item in batch.items])
    return ingest(batch, user_id, now=now, engine=engine, writer=writer)


def server_row(user_id: int | None, category: str, action: str, *, label: str | None, value: float | None,
               route: str | None, props: Mapping[str, Any], event_id: uuid.UUID, occurred_at: datetime,
               taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """A row for an event the server itself emits; raises InvalidEvent with the reason."""
    taxonomy = taxonomy or get_taxonomy()
    props = dict(props)
    reason = fields_reason(category, action, label, value, route, props, taxonomy)
    if reason:
        raise InvalidEvent(reason)
    if occurred_at.tzinfo is None:
        raise InvalidEvent("occurred_at must be timezone-aware")
    return {
        "event_id": event_id,
        "user_id": user_id,
        "anonymous_id": None,
        "category": category,
        "action": action,
        "label": label,
        "value": float(value) if value is not None else None,
        "route": route,
        "props": props,
        "source": "server",
        "occurred_at": occurred_at,
        "clock_offset_ms": 0,
        "received_at": utcnow(),
    }
