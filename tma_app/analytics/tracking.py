"""Server-side events: Python code records what it saw, straight into the ingest service.

    track(user_id, "demo", "complete", label="restaurant", order_id=17)

Validated against the same taxonomy as the browser's events (a violation raises
InvalidEvent: it is a programming error, not user input) and stored with the same
exactly-once insert, so an `event_id` replayed by a retry is stored once.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from tma_app.analytics.ingest import Status, server_row
from tma_app.analytics.store import insert_rows
from tma_app.core.db import session_scope
from tma_app.core.time import utcnow

# Names server event ids that are not UUIDs (e.g. "<event id>:level:3") deterministically.
SERVER_EVENT_NAMESPACE = uuid.UUID("5d0c8c3e-8a8f-4c6b-9b1e-7a3f3c1d2e40")


def event_uuid(key: str | uuid.UUID | None = None) -> uuid.UUID:
    """The UUID of a server event: the given one, a UUID-shaped string, a name hashed (uuid5), or a fresh one."""
    if key is None:
        return uuid.uuid4()
    if isinstance(key, uuid.UUID):
        return key
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(SERVER_EVENT_NAMESPACE, key)


def track(
    user_id: int | None,
    category: str,
    action: str,
    *,
    label: str | None = None,
    value: float | None = None,
    route: str | None = None,
    event_id: str | uuid.UUID | None = None,
    occurred_at: datetime | None = None,
    session: Session | None = None,
    engine: Engine | None = None,
    **props: Any,
) -> Status:
    """Record one event; "accepted", or "duplicate" when this event_id was stored before.

    With `session` the row joins the caller's transaction; otherwise it is written in its own.
    """
    row = server_row(user_id, category, action, label=label, value=value, route=route, props=props,
                     event_id=event_uuid(event_id), occurred_at=occurred_at or utcnow())
    if session is not None:
        inserted = insert_rows(session, [row])
    else:
        with session_scope(engine) as own:
            inserted = insert_rows(own, [row])
    return "accepted" if row["event_id"] in inserted else "duplicate"
