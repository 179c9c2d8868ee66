import dataclasses
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User
from tma_app.users.service import get_profile, upsert_from_telegram

BIG_ID = 2**52 - 7  # Telegram ids need 52 bits


def test_first_visit_creates_then_refreshes_keeping_created_at(migrated_engine):
    tg = WebAppUser(id=BIG_ID, first_name="Bob", username="bob", language_code="en", is_premium=True)
    with session_scope() as session:
        first, created = upsert_from_telegram(session, tg)
    assert created and first.created_at == first.last_seen_at
    renamed = dataclasses.replace(tg, first_name="Robert", is_premium=False, photo_url="https://t.me/p.jpg")
    with session_scope() as session:
        second, created_again = upsert_from_telegram(session, renamed)
    assert not created_again
    assert second.id == BIG_ID and second.first_name == "Robert" and second.photo_url == "https://t.me/p.jpg"
    assert not second.is_premium
    assert second.created_at == first.created_at and second.last_seen_at > first.last_seen_at
    with session_scope() as session:
        profile = get_profile(session, BIG_ID)
    assert profile is not None and profile.first_name == "Robert"
    assert not hasattr(profile, "created_at"), "the public shape is not the table"


def test_overlong_values_are_clipped_not_rejected(migrated_engine):
    tg = WebAppUser(id=77, first_name="A" * 400, username="u" * 100)
    with session_scope() as session:
        user, _ = upsert_from_telegram(session, tg)
    assert len(user.first_name) == 256 and len(user.username) == 64


def test_concurrent_first_visits_make_one_row(migrated_engine):
    tg = WebAppUser(id=555_000_111, first_name="Racer")

    def visit(_):
        with session_scope() as session:
            return upsert_from_telegram(session, tg)[1]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(visit, range(16))) == [False] * 15 + [True], "exactly one visit creates"
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(User).where(User.id == 555_000_111)).one() == 1


def test_unknown_user_has_no_profile(migrated_engine):
    with session_scope() as session:
        assert get_profile(session, 1) is None
