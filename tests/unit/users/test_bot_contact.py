"""Users the bot meets first, and the "Allow messages" choice the bot's notifications follow."""

from __future__ import annotations

import uuid

from tma_app.core.db import session_scope
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User
from tma_app.users.service import allows_messages, create_from_bot, set_allows_messages, upsert_from_telegram


def new_id() -> int:
    return uuid.uuid4().int % 2**50 + 1


def test_the_bot_creates_an_unknown_user_once_and_never_overwrites(migrated_engine):
    user_id = new_id()
    with session_scope() as session:
        assert create_from_bot(session, WebAppUser(user_id, "Ada", language_code="ru")) is True
        assert create_from_bot(session, WebAppUser(user_id, "Someone else")) is False
        user = session.get(User, user_id)
        assert (user.first_name, user.language_code, user.allows_write_to_pm) == ("Ada", "ru", False)


def test_the_bot_leaves_an_app_users_permission_alone(migrated_engine):
    user_id = new_id()
    with session_scope() as session:
        upsert_from_telegram(session, WebAppUser(user_id, "Ada", allows_write_to_pm=True))
        assert create_from_bot(session, WebAppUser(user_id, "Ada")) is False
        assert allows_messages(session, user_id) is True


def test_allow_messages_is_stored(migrated_engine):
    user_id = new_id()
    with session_scope() as session:
        upsert_from_telegram(session, WebAppUser(user_id, "Ada"))
        assert allows_messages(session, user_id) is False
        set_allows_messages(session, user_id, True)
        assert allows_messages(session, user_id) is True
        assert allows_messages(session, new_id()) is False
