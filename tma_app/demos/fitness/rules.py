"""The fitness demo's pure rules: input checks, the steppers, the exercise in hand, the rest
countdown, time zones, days and streaks.

No I/O here, so the UI may call these too (to check a field as it is typed, or to tick the
rest timer between server round-trips) and get the answer the service would give.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Context, Decimal, Inexact, InvalidOperation
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tma_app.core.time import utcnow
from tma_app.demos.fitness.errors import RepsInvalid, WeightInvalid

if TYPE_CHECKING:  # shapes imports this module: the shape is only named here
    from tma_app.demos.fitness.shapes import WorkoutView

MIN_REPS, MAX_REPS = 1, 100
MAX_WEIGHT_KG, MAX_WEIGHT_G = 500, 500_000
WEIGHT_STEP_G = 500
SECOND = timedelta(seconds=1)
# What a typed weight may arrive as: a number of kilograms, or the text of an input field.
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


def check_weight_g(value: object) -> int:
    """A set's weight as integer grams: 0..500 kg in steps of 0.5 kg; None means 0 (bodyweight)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise WeightInvalid("the weight must be a whole number of grams")
    if not 0 <= value <= MAX_WEIGHT_G:
        raise WeightInvalid("the weight must be 0 to 500 kg")
    if value % WEIGHT_STEP_G:
        raise WeightInvalid("the weight goes in steps of 0.5 kg")
    return value


def stepped_reps(reps: int, delta: int) -> int | None:
    """The reps after one tap of − (-1) or + (1); None when that would leave 1..100."""
    return reps + delta if delta in (-1, 1) and MIN_REPS <= reps + delta <= MAX_REPS else None


def stepped_weight(grams: int, delta: int) -> int | None:
    """The weight after one tap of − (-1) or + (1), a 0.5 kg step; None when that would leave 0..500 kg."""
    if delta not in (-1, 1):
        return None
    after = grams + delta * WEIGHT_STEP_G
    return after if 0 <= after <= MAX_WEIGHT_G else None


def exercise_in_hand(view: WorkoutView, current: str, prefer: str = "") -> tuple[str, bool]:
    """The exercise the workout screen shows after the server's answer, and whether its reps and
    weight start over from the suggestion (True) or keep what the user dialled in (False).

    `prefer` (the exercise whose set was just undone) wins; the exercise in hand stays while it
    has sets to go; otherwise the server's next one, else the one in hand, else the last.
    """
    done = {p.exercise.slug: p.done for p in view.exercises}
    if prefer in done:
        return prefer, True
    if current in done and not done[current]:
        return current, False
    return view.next_exercise_slug or current or (list(done)[-1] if done else ""), True


def volume_grams(reps: int, weight_g: int) -> int:
    return reps * weight_g


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
