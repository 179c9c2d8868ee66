"""What the fitness screens say about numbers, times and days, in the user's language. No I/O."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from tma_app.core.i18n import Language, plural, text
from tma_app.demos.fitness.rules import local_day


def format_kg(grams: int, language: Language) -> str:
    """62500 -> "62.5 kg" / "62,5 кг"; whole kilograms without a decimal part; thousands spaced."""
    whole, rest = divmod(abs(grams), 1000)
    sign = "-" if grams < 0 else ""
    number = f"{whole:,}".replace(",", "\u00a0")
    if rest:
        fraction = f"{rest:03d}".rstrip("0")
        number += ("," if language == "ru" else ".") + fraction
    return f"{sign}{number}\u00a0{'кг' if language == 'ru' else 'kg'}"


def weight_number(grams: int, language: Language) -> str:
    """12500 -> "12.5" / "12,5": the stepper's figure, without the unit."""
    return format_kg(grams, language).rsplit("\u00a0", 1)[0]


def set_line(reps: int, weight_g: int, language: Language) -> str:
    """ "10 × 12.5 kg", or "10 reps" for a bodyweight set."""
    if weight_g:
        return f"{reps} × {format_kg(weight_g, language)}"
    return plural("f_reps", reps, language)


def duration(seconds: int, language: Language) -> str:
    """Seconds under a minute, else minutes to the nearest one: "45 s", "12 min", "1 h 5 min"."""
    seconds = max(int(seconds), 0)
    if seconds < 60:
        return text("f_seconds", language, n=str(seconds))
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return text("f_minutes", language, n=str(minutes))
    return text("f_hours_minutes", language, h=str(minutes // 60), m=str(minutes % 60))


def short_day(day: date, language: Language, today: date | None = None) -> str:
    """ "Today", else "May 12" / "12 мая"."""
    if today is not None and day == today:
        return text("f_today", language)
    month = text("f_months", language).split()[day.month - 1]
    return f"{day.day} {month}" if language == "ru" else f"{month} {day.day}"


def moment(at: datetime, zone: tzinfo, language: Language, today: date | None = None) -> str:
    """When something happened, in the user's zone: "Today, 18:05" / "May 12, 18:05"."""
    local = at.astimezone(zone)
    return f"{short_day(local_day(at, zone), language, today)}, {local:%H:%M}"


def streak(days: int, language: Language) -> str:
    return plural("f_streak", days, language) if days > 0 else text("f_streak_none", language)


def level(code: str, language: Language) -> str:
    key = f"f_level_{code}"
    return text(key, language) if code in ("beginner", "intermediate", "advanced") else code
