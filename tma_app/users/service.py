"""Users: created or refreshed from verified Telegram identity, never from client claims."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from tma_app.core.time import utcnow
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User, UserProfile


def upsert_from_telegram(session: Session, tg_user: WebAppUser) -> User:
    """Insert or refresh the user in one statement, safe against concurrent first visits."""
    now = utcnow()
    values = {
        "id": tg_user.id,
        "first_name": tg_user.first_name[:256],
        "last_name": _clip(tg_user.last_name, 256),
        "username": _clip(tg_user.username, 64),
        "language_code": _clip(tg_user.language_code, 16),
        "is_premium": tg_user.is_premium,
        "photo_url": _clip(tg_user.photo_url, 2048),
        "allows_write_to_pm": tg_user.allows_write_to_pm,
        "last_seen_at": now,
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(User).values(**values, created_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[User.id], set_={k: statement.excluded[k] for k in values if k != "id"}
    )
    session.execute(statement)
    session.flush()
    user = session.exec(select(User).where(User.id == tg_user.id).execution_options(populate_existing=True)).one()
    return user


def get_profile(session: Session, user_id: int) -> UserProfile | None:
    user = session.get(User, user_id)
    return UserProfile.model_validate(user, from_attributes=True) if user else None


def _clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None
