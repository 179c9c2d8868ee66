"""The served app's own database, read and changed behind the page's back by the browser tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.support.waiting import eventually
from tma_app.core.db import make_engine


def rows(database_url: str, statement: str, **params: Any) -> list[tuple]:
    """What a query returns, as plain tuples."""
    engine = make_engine(database_url)  # the app's own settings: writers wait their turn
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement), params)]
    finally:
        engine.dispose()


def execute(database_url: str, statement: str, **params: Any) -> None:
    """Run one change and commit it."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement), params)
    finally:
        engine.dispose()


def count(database_url: str, statement: str, **params: Any) -> int:
    """The single number a `SELECT COUNT(*) ...` returns."""
    return rows(database_url, statement, **params)[0][0]


def wait_for_audit(database_url: str, action: str, telegram_id: int) -> None:
    """Until the audit log holds this action by this user (it is written off the request path)."""
    eventually(lambda: count(database_url, "SELECT COUNT(*) FROM audit_logs WHERE action = :a AND telegram_id = :t",
                             a=action, t=telegram_id),
               what=f"{action} of {telegram_id} in the audit log")
