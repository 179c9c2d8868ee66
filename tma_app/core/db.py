"""The database engine and sessions: SQLite by default, PostgreSQL when configured."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Table, bindparam, event, func, literal_column, select, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql.dml import UpdateBase
from sqlmodel import Session, SQLModel, create_engine

from tma_app.core.settings import get_settings


def make_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """An engine tuned for the backend: pooled connections (PostgreSQL: `pool_size` kept open, up to
    `max_overflow` more under load), SQLite safe for threads."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow)


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    # Transactions are begun by _sqlite_begin_immediate, not by the sqlite3 module.
    dbapi_connection.isolation_level = None
    # WAL lets the app read while a write is in flight; FKs are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked"
    # when another writer committed in between (the busy timeout does not apply). Taking the
    # write lock up front makes writers wait their turn instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.DATABASE_URL, pool_size=settings.DATABASE_POOL_SIZE,
                       max_overflow=settings.DATABASE_MAX_OVERFLOW)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: committed when the block succeeds, rolled back when it raises."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


P = ParamSpec("P")
T = TypeVar("T")


async def in_session(call: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `call(session, ...)` as one unit of work on a worker thread, off the event loop.

    The one way an async handler (a Reflex state, a background task) calls a service that
    needs the database: committed when `call` returns, rolled back when it raises.
    """

    def unit_of_work() -> T:
        with session_scope() as session:
            return call(session, *args, **kwargs)

    return await asyncio.to_thread(unit_of_work)


def database_is_up(engine: Engine | None = None) -> bool:
    try:
        with (engine or get_engine()).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for set-based SQL (SQLModel does not type `__table__`)."""
    table = sa_inspect(model).local_table
    assert isinstance(table, Table)
    return table


def rows_changed(session: Session, statement: UpdateBase) -> int:
    """Run an UPDATE or DELETE; how many rows it matched."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


def dialect_insert(session: Session) -> Callable[..., Any]:
    """INSERT with ON CONFLICT for whichever engine the session is on (PostgreSQL or SQLite)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def upsert_returning_id(
    session: Session, model: Any, keys: str | tuple[str, ...], values: dict[str, Any], keep: tuple[str, ...] = ()
) -> int:
    """Insert or refresh one row by its natural key; columns in `keep` are never overwritten."""
    keys = (keys,) if isinstance(keys, str) else keys
    statement = dialect_insert(session)(model).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={k: statement.excluded[k] for k in values if k not in keys and k not in keep},
    ).returning(model.id)
    return int(session.execute(statement).scalar_one())


def insert_many(session: Session, statement: Any, rows: list[dict[str, Any]]) -> list[Any]:
    """Run an INSERT (ON CONFLICT ...) for many rows at once; returns its RETURNING rows.

    On PostgreSQL the rows travel as one JSON parameter expanded by json_populate_recordset:
    the SQL text is the same for any number of rows (prepared once) and no per-row work is
    done by SQLAlchemy, which is several times faster than VALUES pages for batches of
    hundreds. Elsewhere (SQLite) the rows go as SQLAlchemy's multi-row VALUES pages.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        statement = _from_json_rows(statement, list(rows[0]))
        result = session.connection().execute(statement, {"tma_rows": json.dumps(rows, default=_json_value)})
    else:
        result = session.connection().execute(statement, rows)
    return list(result.all()) if result.returns_rows else []


def _from_json_rows(statement: Any, names: list[str]) -> Any:
    table = statement.table
    source = func.json_populate_recordset(literal_column(f'NULL::"{table.name}"'),
                                          bindparam("tma_rows")).table_valued(*names).alias("tma_rows")
    return statement.from_select(names, select(*[source.c[name] for name in names]))


def _json_value(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} as a JSON row value")
