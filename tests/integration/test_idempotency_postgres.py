"""Exactly once on PostgreSQL, with the same key sent from many connections at once."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.core.idempotency import run_once
from tma_app.demo_catalog.models import Demo

pytestmark = pytest.mark.integration


def test_concurrent_retries_do_the_work_once(postgres_engine):
    upgrade(postgres_engine)
    key, prefix = uuid.uuid4().hex, f"pg{uuid.uuid4().hex[:6]}-"

    def action(session):
        slug = f"{prefix}{uuid.uuid4().hex[:6]}"
        session.add(Demo(slug=slug, icon="x", title_en="t", title_ru="t", summary_en="s", summary_ru="s"))
        session.flush()
        return {"order": slug}

    def tap(_: int):
        with session_scope(postgres_engine) as session:
            return run_once(session, user_id=7, scope="pg.order", key=key, payload={"n": 1}, action=action)

    answers, errors = run_at_once(10, tap)
    assert errors == []
    assert sum(ran for _, ran in answers) == 1
    assert len({answer["order"] for answer, _ in answers}) == 1, "every retry sees the first answer"
    with session_scope(postgres_engine) as session:
        assert session.exec(select(func.count()).select_from(Demo).where(Demo.slug.startswith(prefix))).one() == 1
