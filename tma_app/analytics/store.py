"""Writing accepted events: one INSERT ... ON CONFLICT (event_id) DO NOTHING per batch.

The event UUID is the primary key, so a row that is already there is skipped and
not returned: RETURNING tells exactly which events were new.

On PostgreSQL the batch travels as a single JSON parameter that
`json_to_recordset` expands into typed rows inside the statement. The SQL text is
then the same for every batch: SQLAlchemy compiles it once, psycopg parses it
once and PostgreSQL prepares it once, and the rows are encoded by the json
module's C encoder. A multi-row VALUES list instead is new SQL text with 13
placeholders per event that the driver scans and adapts one by one on every
call, which cost several times the insert itself at 50 events. SQLite gets the
multi-row VALUES statement.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Insert, String, Table, TypeDecorator, bindparam, cast, column, func, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

from tma_app.analytics.models import AnalyticsEvent
from tma_app.core.db import dialect_insert, table_of

TABLE = table_of(AnalyticsEvent)
COLUMNS = [c.name for c in TABLE.columns]


def _record_type(column_type: TypeEngine[Any]) -> TypeEngine[Any] | type[TypeEngine[Any]]:
    # The alias declares plain SQL types: UtcDateTime and AutoString decorate timestamptz and varchar.
    return column_type.impl if isinstance(column_type, TypeDecorator) else column_type


def _from_json_statement(insert: Callable[[Table], PgInsert]) -> Insert:
    batch = (
        func.json_to_recordset(cast(bindparam("rows", type_=String), JSON))
        .table_valued(*(column(c.name, _record_type(c.type)) for c in TABLE.columns))
        .render_derived(name="batch", with_types=True)
    )
    return (
        insert(TABLE)
        .from_select(COLUMNS, select(*(batch.c[name] for name in COLUMNS)))
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(TABLE.c.event_id)
    )


def _json_value(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored in analytics events")


def insert_rows(session: Session, rows: list[dict[str, Any]]) -> set[uuid.UUID]:
    """Insert the rows (dicts keyed by column name) in one statement; returns the ids that were new."""
    if not rows:
        return set()
    insert = dialect_insert(session)
    if session.get_bind().dialect.name == "postgresql":
        payload = json.dumps(rows, default=_json_value, separators=(",", ":"))
        return set(session.execute(_from_json_statement(insert), {"rows": payload}).scalars().all())
    statement = insert(TABLE).on_conflict_do_nothing(index_elements=["event_id"]).returning(TABLE.c.event_id)
    # Core rather than the ORM's bulk path (which splits rows by which values are None): a list
    # of parameter sets with RETURNING goes out as one multi-VALUES statement.
    return set(session.execute(statement, rows).scalars().all())
