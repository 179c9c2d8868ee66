"""User upserts on PostgreSQL: 52-bit ids and concurrent first visits."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User
from tma_app.users.service import upsert_from_telegram

pytestmark = pytest.mark.integration


def test_many_concurrent_first_visits_make_one_row(postgres_engine):
    upgrade(postgres_engine)
    user_id = 2**52 - 1

    def visit(n: int) -> bool:
        with session_scope(postgres_engine) as session:
            return upsert_from_telegram(session, WebAppUser(id=user_id, first_name=f"Visitor {n}"))[1]

    created, errors = run_at_once(12, visit)
    assert errors == []
    assert sorted(created) == [False] * 11 + [True], "exactly one visit creates the user"
    with session_scope(postgres_engine) as session:
        count = session.exec(select(func.count()).select_from(User).where(User.id == user_id)).one()
        user = session.get(User, user_id)
    assert count == 1
    assert user.first_name.startswith("Visitor ") and user.created_at <= user.last_seen_at
