import uuid

import pytest
from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict, IdempotencyKeyInvalid, run_once
from tma_app.demo_catalog.models import Demo


def place(slug_prefix: str):
    """A real write standing in for 'place an order': one catalog row per run."""

    def action(session):
        slug = f"{slug_prefix}{uuid.uuid4().hex[:6]}"
        session.add(Demo(slug=slug, icon="x", title_en="t", title_ru="t", summary_en="s", summary_ru="s"))
        session.flush()
        return {"order": slug}

    return action


@pytest.fixture(autouse=True)
def remove_test_rows(migrated_engine):
    yield
    with session_scope() as session:
        for demo in session.exec(select(Demo).where(Demo.slug.startswith("io"))).all():
            session.delete(demo)


def count(prefix: str) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(Demo).where(Demo.slug.startswith(prefix))).one()


def test_the_same_key_twice_does_the_work_once(migrated_engine):
    key = uuid.uuid4().hex
    with session_scope() as session:
        first, ran = run_once(session, user_id=1, scope="t.order", key=key, payload={"a": 1}, action=place("io1-"))
    with session_scope() as session:
        again, ran_again = run_once(session, user_id=1, scope="t.order", key=key, payload={"a": 1},
                                    action=place("io1-"))
    assert ran and not ran_again and again == first
    assert count("io1-") == 1


def test_keys_are_per_user_and_scope(migrated_engine):
    key = uuid.uuid4().hex
    for user_id, scope in [(1, "t.a"), (2, "t.a"), (1, "t.b")]:
        with session_scope() as session:
            assert run_once(session, user_id=user_id, scope=scope, key=key, payload={}, action=place("io2-"))[1]
    assert count("io2-") == 3


def test_a_reused_key_for_another_request_is_a_conflict(migrated_engine):
    key = uuid.uuid4().hex
    with session_scope() as session:
        run_once(session, user_id=1, scope="t.c", key=key, payload={"qty": 1}, action=place("io3-"))
    with pytest.raises(IdempotencyConflict), session_scope() as session:
        run_once(session, user_id=1, scope="t.c", key=key, payload={"qty": 2}, action=place("io3-"))
    assert count("io3-") == 1


def test_a_failed_action_leaves_nothing_and_can_be_retried(migrated_engine):
    key = uuid.uuid4().hex

    def failing(session):
        place("io4-")(session)
        raise RuntimeError("out of stock")

    with pytest.raises(RuntimeError), session_scope() as session:
        run_once(session, user_id=1, scope="t.d", key=key, payload={}, action=failing)
    assert count("io4-") == 0
    with session_scope() as session:
        assert run_once(session, user_id=1, scope="t.d", key=key, payload={}, action=place("io4-"))[1]
    assert count("io4-") == 1


@pytest.mark.parametrize("key", [None, "", "short", "x" * 65, "has space!", 12345678])
def test_malformed_keys_are_refused(migrated_engine, key):
    with pytest.raises(IdempotencyKeyInvalid), session_scope() as session:
        run_once(session, user_id=1, scope="t.e", key=key, payload={}, action=place("io5-"))
