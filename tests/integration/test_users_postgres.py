"""User upserts on PostgreSQL: 52-bit ids and concurrent first visits."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User
from tma_app.users.service import upsert_from_telegram

pytestmark = pytest.mark.integration


def test_many_concurrent_first_visits_make_one_row(postgres_engine):
    upgrade(postgres_engine)
    user_id = 2**52 - 1
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []
    created: list[bool] = []

    def visit(n: int) -> None:
        try:
            barrier.wait(timeout=10)
            with session_scope(postgres_engine) as session:
                created.append(upsert_from_telegram(session, WebAppUser(id=user_id, first_name=f"Visitor {n}"))[1])
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=visit, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(created) == [False] * 11 + [True], "exactly one visit creates the user"
    with session_scope(postgres_engine) as session:
        count = session.exec(select(func.count()).select_from(User).where(User.id == user_id)).one()
        user = session.get(User, user_id)
    assert count == 1
    assert user.first_name.startswith("Visitor ") and user.created_at <= user.last_seen_at
