"""Users, keyed by their Telegram id; fields mirror Telegram's WebAppUser."""

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from tma_app.core.time import UtcDateTime, utcnow


class User(SQLModel, table=True):
    __tablename__ = "users"

    # Telegram ids reach 52 bits: BIGINT, never autoincremented by us.
    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    first_name: str = Field(max_length=256)
    last_name: str | None = Field(default=None, max_length=256)
    username: str | None = Field(default=None, max_length=64, index=True)
    language_code: str | None = Field(default=None, max_length=16)
    is_premium: bool = False
    photo_url: str | None = Field(default=None, max_length=2048)
    allows_write_to_pm: bool = False
    # The user's own choice of UI language ("en"/"ru"); None follows Telegram's language_code.
    language_override: str | None = Field(default=None, max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime, nullable=False)


class UserProfile(SQLModel):
    """What the client may see of a user."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    is_premium: bool
    photo_url: str | None
