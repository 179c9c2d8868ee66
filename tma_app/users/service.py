"""Users: created or refreshed from verified Telegram identity, never from client claims."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func, update
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from tma_app.core.db import dialect_insert
from tma_app.core.i18n import Language, pick_language
from tma_app.core.time import utcnow
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.models import User, UserProfile

LANGUAGE_CHOICES = ("auto", "en", "ru")


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
    insert = dialect_insert(session)
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
            .where(col(User.id) == tg_user.id)
            .values(**profile, last_seen_at=_latest(dialect, col(User.last_seen_at), now))
        )
    session.flush()
    user = session.exec(
        select(User).where(User.id == tg_user.id).execution_options(populate_existing=True)
    ).one()
    return user, created is not None


def create_from_bot(session: Session, tg_user: WebAppUser) -> bool:
    """A user the bot met before the app (a /start): created when unknown, an existing one untouched.

    Whether it was created, i.e. whether this is the user's first contact (the referral flow's
    "new user"). The bot's User object has no allows_write_to_pm: the stored choice stays.
    """
    now = utcnow()
    created = session.execute(
        dialect_insert(session)(User)
        .values(id=tg_user.id, first_name=tg_user.first_name[:256] or "?", last_name=_clip(tg_user.last_name, 256),
                username=_clip(tg_user.username, 64), language_code=_clip(tg_user.language_code, 16),
                is_premium=tg_user.is_premium, created_at=now, last_seen_at=now)
        .on_conflict_do_nothing(index_elements=[User.id])
        .returning(User.id)
    ).first()
    return created is not None


def allows_messages(session: Session, user_id: int) -> bool:
    """Whether the user allowed the bot to write to them (Telegram's allows_write_to_pm, or the settings screen)."""
    allowed = session.exec(select(User.allows_write_to_pm).where(User.id == user_id)).first()
    return bool(allowed)


def set_allows_messages(session: Session, user_id: int, allowed: bool) -> None:
    """Store the answer to the settings screen's "Allow messages" (requestWriteAccess)."""
    session.execute(update(User).where(col(User.id) == user_id).values(allows_write_to_pm=allowed))


def effective_language(user: User) -> Language:
    if user.language_override in ("en", "ru"):
        return user.language_override  # type: ignore[return-value]
    return pick_language(user.language_code)


def language_of(session: Session, user_id: int) -> Language:
    """The language the user sees the app in (English for an unknown user)."""
    user = session.get(User, user_id)
    return effective_language(user) if user is not None else "en"


def language_choice(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.language_override if user is not None and user.language_override else "auto"


def set_language(session: Session, user_id: int, choice: str) -> Language:
    """Store the user's language choice ("auto" follows Telegram); returns the language now in use."""
    if choice not in LANGUAGE_CHOICES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGE_CHOICES)}")
    user = session.get(User, user_id)
    if user is None:
        raise LookupError("unknown user")
    user.language_override = None if choice == "auto" else choice
    session.add(user)
    session.flush()
    return effective_language(user)


def get_profile(session: Session, user_id: int) -> UserProfile | None:
    user = session.get(User, user_id)
    return UserProfile.model_validate(user, from_attributes=True) if user else None


def display_names(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    """How to name other users in a list (first and last name), for the ids that are known."""
    ids = set(user_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(col(User.id), col(User.first_name), col(User.last_name)).where(col(User.id).in_(ids))).all()
    names = {user_id: " ".join(filter(None, ((first or "").strip(), (last or "").strip())))
             for user_id, first, last in rows}
    return {user_id: name for user_id, name in names.items() if name}


def _latest(dialect: str, column: Mapped[datetime], value: datetime) -> ColumnElement[datetime]:
    # A visit that commits late must not move last_seen_at backwards.
    return func.greatest(column, value) if dialect == "postgresql" else func.max(column, value)


def _clip(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else None
