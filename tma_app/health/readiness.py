"""May this backend take traffic? Plain Python: the probes in health/api.py call it.

Ready means the database answers and its schema is the one this code was written for or a
newer one (migrations run first, as a separate step, and only add: a release still running
against its successor's schema keeps working, which is what makes rolling upgrades and
rollbacks safe), and Redis answers when it is configured (state lives there then).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from tma_app.core.settings import PROJECT_ROOT

MIGRATIONS = PROJECT_ROOT / "alembic"

Schema = Literal["current", "newer", "behind", "empty", "unreachable"]


@lru_cache(maxsize=1)
def _revisions() -> tuple[str, frozenset[str]]:
    """This code's head revision and every revision it knows."""
    script = ScriptDirectory(str(MIGRATIONS))
    (head,) = script.get_heads()
    return head, frozenset(revision.revision for revision in script.walk_revisions())


def schema_status(engine: Engine) -> Schema:
    try:
        with engine.connect() as connection:
            try:
                applied = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
            except DBAPIError:
                return "empty"  # no alembic_version table: nothing was migrated yet
    except DBAPIError:
        return "unreachable"
    head, known = _revisions()
    if not applied:
        return "empty"
    if head in applied:
        return "current"
    if applied - known:
        return "newer"
    return "behind"


def is_ready(schema: Schema, redis: str) -> bool:
    return schema in ("current", "newer") and redis != "down"
