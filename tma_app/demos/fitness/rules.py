"""The fitness demo's pure rules: input checks, the rest countdown, time zones, days and streaks.

No I/O here, so the UI may call these too (to check a field as it is typed, or to tick the
rest timer between server round-trips) and get the answer the service would give.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Context, Decimal, Inexact, InvalidOperation
from zoneinfo import ZoneInfo

from tma_app.core.time import utcnow
from tma_app.demos.fitness.errors import RepsInvalid, WeightInvalid
from tma_app.core.i18n import Language

MIN_REPS, MAX_REPS = 1, 100
MAX_WEIGHT_KG, MAX_WEIGHT_G = 500, 500_000
WEIGHT_STEP_G = 500
SECOND = timedelta(seconds=1)
# What a weight may arrive as: a number of kilograms, or the text of an input field.
WeightInput = int | float | Decimal | str | None
# Grams are computed without rounding: a value that would need it is off the 0.5 kg grid anyway.
_EXACT = Context(prec=60, traps=[Inexact])


def check_reps(value: object) -> int:
    """Reps as an integer 1..100; a string of digits (what an input field holds) is accepted."""
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise RepsInvalid("reps must be a whole number")
    if not MIN_REPS <= value <= MAX_REPS:
        raise RepsInvalid(f"reps must be {MIN_REPS} to {MAX_REPS}")
    return value


def weight_grams(value: WeightInput) -> int:
    """A weight in kg (int, float, Decimal or text such as "12.5" or "12,5") as integer grams.

    0..500 kg in steps of 0.5 kg; None means 0 (bodyweight). Nothing is rounded: 12.3 is refused.
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        raise WeightInvalid("the weight must be a number of kilograms")
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        if not value or len(value) > 16 or not value.isascii():
            raise WeightInvalid("the weight must be a number of kilograms")
    if not isinstance(value, int | float | Decimal | str):
        raise WeightInvalid("the weight must be a number of kilograms")
    try:
        # Decimal(float) is the float's exact value, so 12.3 stays 12.300000000000000710... and fails.
        kilograms = Decimal(value)
    except (InvalidOperation, ValueError):
        raise WeightInvalid("the weight must be a number of kilograms") from None
    if not kilograms.is_finite():
        raise WeightInvalid("the weight must be a number of kilograms")
    if not 0 <= kilograms <= MAX_WEIGHT_KG:
        raise WeightInvalid("the weight must be 0 to 500 kg")
    try:
        grams = _EXACT.multiply(kilograms, 1000)
    except Inexact:
        grams = None
    if grams is None or grams != grams.to_integral_value() or int(grams) % WEIGHT_STEP_G != 0:
        raise WeightInvalid("the weight goes in steps of 0.5 kg")
    return int(grams)


def volume_grams(reps: int, weight_g: int) -> int:
    return reps * weight_g


def format_kg(grams: int, language: Language) -> str:
    """62500 -> "62.5 kg" / "62,5 кг"; whole kilograms without a decimal part; thousands spaced."""
    whole, rest = divmod(abs(grams), 1000)
    sign = "-" if grams < 0 else ""
    number = f"{whole:,}".replace(",", "\u00a0")
    if rest:
        fraction = f"{rest:03d}".rstrip("0")
        number += ("," if language == "ru" else ".") + fraction
    return f"{sign}{number}\u00a0{'кг' if language == 'ru' else 'kg'}"


def aware(moment: datetime | None) -> datetime:
    """`now` in UTC (it may come in any zone, never naive), or the current time when None."""
    if moment is None:
        return utcnow()
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError("times must be timezone-aware; use tma_app.core.time.utcnow()")
    # SQLite keeps the wall clock and drops the offset: only UTC survives the round trip.
    return moment.astimezone(UTC)


def rest_remaining(last_set_at: datetime, rest_seconds: int, now: datetime) -> int:
    """Whole seconds of rest left after a set logged at `last_set_at`, rounded up; 0 once over."""
    left = last_set_at + timedelta(seconds=rest_seconds) - now
    if left <= timedelta(0):
        return 0
    return -(-left // SECOND)


def elapsed_seconds(start: datetime, end: datetime) -> int:
    """Whole seconds from start to end, never negative (a client clock may run behind)."""
    return max((end - start) // SECOND, 0)


def user_zone(name: object) -> tzinfo:
    """The user's IANA time zone (e.g. "Europe/Berlin"); UTC when unknown, malformed or missing."""
    if not isinstance(name, str) or not 0 < len(name) <= 64:
        return UTC
    try:
        return ZoneInfo(name)
    except (ValueError, LookupError, OSError):
        return UTC


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day a moment falls on in the zone (DST included: zoneinfo knows the offsets)."""
    return moment.astimezone(zone).date()


def last_days(today: date, count: int) -> list[date]:
    """`count` calendar days ending with `today`, oldest first."""
    return [today - timedelta(days=back) for back in range(count - 1, -1, -1)]


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive calendar days with a workout, ending today or yesterday (else 0).

    Counted on dates, not on 24-hour spans, so a 23- or 25-hour DST day is still one day.
    """
    seen = set(days)
    day = today if today in seen else today - timedelta(days=1)
    count = 0
    while day in seen:
        count += 1
        day -= timedelta(days=1)
    return count
