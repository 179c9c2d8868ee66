"""The user's own calendar day: streaks and daily tasks turn over at local midnight.

The client sends its IANA timezone (`Intl.DateTimeFormat().resolvedOptions().timeZone`);
until it has, the user's day is the UTC day. Days are compared as local calendar
dates, never as spans of 24 hours, so a 23- or 25-hour DST day is still one day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from sqlmodel import Session

from tma_app.core.db import dialect_insert
from tma_app.core.time import utcnow
from tma_app.gamification.streaks.models import Streak

# Files in the zone database that are not places a browser would report.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})
MAX_TIMEZONE_LENGTH = 64


class TimezoneInvalid(ValueError):
    """Not an IANA timezone name this server knows."""

    code = "TIMEZONE_INVALID"


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones() - _NOT_PLACES)


def parse_timezone(name: object) -> ZoneInfo:
    """The zone for an IANA name such as "Europe/Berlin"; TimezoneInvalid for anything else."""
    # Checked against the list first: ZoneInfo() alone would also open paths and odd files.
    if not isinstance(name, str) or len(name) > MAX_TIMEZONE_LENGTH or name not in known_timezones():
        raise TimezoneInvalid(
            f"unknown timezone {str(name)[:MAX_TIMEZONE_LENGTH]!r}: send an IANA name like Europe/Berlin")
    return ZoneInfo(name)


def set_timezone(session: Session, user_id: int, tz: str) -> str:
    """Store the user's timezone (validated); their days turn over at its midnight from now on."""
    parse_timezone(tz)
    statement = dialect_insert(session)(Streak).values(user_id=user_id, timezone=tz, updated_at=utcnow())
    session.execute(statement.on_conflict_do_update(
        index_elements=["user_id"], set_={"timezone": tz, "updated_at": statement.excluded.updated_at}))
    session.flush()
    return tz


def sync_timezone(session: Session, user_id: int, tz: str) -> None:
    """Store the device's timezone when it differs from the stored one (pages send it on every load)."""
    if timezone_of(session, user_id) != tz:
        set_timezone(session, user_id, tz)


def zone_named(name: str | None) -> tzinfo:
    """The stored zone, or UTC when none was sent (or the name left the zone database)."""
    if not name:
        return UTC
    try:
        return parse_timezone(name)
    except TimezoneInvalid:
        return UTC


def local_date(at: datetime, zone: tzinfo) -> date:
    if at.tzinfo is None:
        raise ValueError("naive datetimes have no local day; pass an aware instant (utcnow())")
    return at.astimezone(zone).date()


def timezone_of(session: Session, user_id: int) -> str | None:
    row = session.get(Streak, user_id)
    return row.timezone if row is not None else None


def today_for(session: Session, user_id: int, now: datetime) -> date:
    """The user's local date at `now`."""
    return local_date(now, zone_named(timezone_of(session, user_id)))
