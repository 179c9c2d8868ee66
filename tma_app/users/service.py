"""Users: created or refreshed from verified Telegram identity, never from client claims."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from tma_app.core.time import utcnow
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User, UserProfile


def upsert_from_telegram(session: Session, tg_user: WebAppUser) -> tuple[User, bool]:
    """Create or refresh the user; returns (user, created). Safe against concurrent first visits."""
    now = utcnow()
    profile = {
        "first_name": tg_user.first_name[:256],
        "last_name": _clip(tg_user.last_name, 256),
        "username": _clip(tg_user.username, 64),
        "language_code": _clip(tg_user.language_code, 16),
        "is_premium": tg_user.is_premium,
        "photo_url": _clip(tg_user.photo_url, 2048),
        "allows_write_to_pm": tg_user.allows_write_to_pm,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    # Insert-or-nothing tells exactly who created the row, however many visits race.
    created = session.execute(
        insert(User)
        .values(id=tg_user.id, created_at=now, last_seen_at=now, **profile)
        .on_conflict_do_nothing(index_elements=[User.id])
        .returning(User.id)
    ).first()
    if created is None:
        session.execute(
            update(User)
            .where(User.id == tg_user.id)
            .values(**profile, last_seen_at=_latest(dialect, User.last_seen_at, now))
        )
    session.flush()
    user = session.exec(
        select(User).where(User.id == tg_user.id).execution_options(populate_existing=True)
    ).one()
    return user, created is not None


def get_profile(session: Session, user_id: int) -> UserProfile | None:
    user = session.get(User, user_id)
    return UserProfile.model_validate(user, from_attributes=True) if user else None


def _latest(dialect: str, column, value: datetime):
    # A visit that commits late must not move last_seen_at backwards.
    return func.greatest(column, value) if dialect == "postgresql" else func.max(column, value)


def _clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None
