from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from tma_app.demos.fitness import labels


@pytest.mark.parametrize(
    ("grams", "en", "ru"),
    [(0, "0 kg", "0 кг"), (62_500, "62.5 kg", "62,5 кг"), (20_000, "20 kg", "20 кг"),
     (1_252_500, "1 252.5 kg", "1 252,5 кг")],
)
def test_weights_read_naturally_in_each_language(grams, en, ru):
    assert labels.format_kg(grams, "en").replace("\u00a0", " ") == en
    assert labels.format_kg(grams, "ru").replace("\u00a0", " ") == ru


@pytest.mark.parametrize(("grams", "en", "ru"), [(0, "0", "0"), (12_500, "12.5", "12,5"), (100_000, "100", "100")])
def test_weight_numbers_for_the_stepper(grams, en, ru):
    assert labels.weight_number(grams, "en") == en
    assert labels.weight_number(grams, "ru") == ru


def test_set_lines_name_the_weight_or_only_the_reps():
    assert labels.set_line(10, 12_500, "en") == "10 × 12.5\u00a0kg"
    assert labels.set_line(8, 20_000, "ru") == "8 × 20\u00a0кг"
    assert labels.set_line(12, 0, "en") == "12 reps"
    assert labels.set_line(12, 0, "ru") == "12 повторов"
    assert labels.set_line(1, 0, "en") == "1 rep"


@pytest.mark.parametrize(
    ("seconds", "en", "ru"),
    [(0, "0 s", "0 с"), (45, "45 s", "45 с"), (89, "1 min", "1 мин"), (90, "2 min", "2 мин"),
     (3_900, "1 h 5 min", "1 ч 5 мин"), (-5, "0 s", "0 с")],
)
def test_durations(seconds, en, ru):
    assert labels.duration(seconds, "en") == en
    assert labels.duration(seconds, "ru") == ru


def test_days_and_moments_in_the_users_zone():
    assert labels.short_day(date(2025, 5, 12), "en") == "May 12"
    assert labels.short_day(date(2025, 5, 12), "ru") == "12 мая"
    assert labels.short_day(date(2025, 5, 12), "en", today=date(2025, 5, 12)) == "Today"
    late_evening_utc = datetime(2025, 5, 12, 22, 30, tzinfo=UTC)
    tokyo = ZoneInfo("Asia/Tokyo")
    assert labels.moment(late_evening_utc, tokyo, "en") == "May 13, 07:30"
    assert labels.moment(late_evening_utc, UTC, "ru", today=date(2025, 5, 12)) == "Сегодня, 22:30"


@pytest.mark.parametrize(
    ("days", "en", "ru"),
    [(1, "1 day in a row", "1 день подряд"), (3, "3 days in a row", "3 дня подряд"),
     (5, "5 days in a row", "5 дней подряд"), (11, "11 days in a row", "11 дней подряд"),
     (21, "21 days in a row", "21 день подряд")],
)
def test_streaks(days, en, ru):
    assert labels.streak(days, "en") == en
    assert labels.streak(days, "ru") == ru


def test_no_streak_says_how_to_start_one_and_levels_are_named():
    assert labels.streak(0, "en").startswith("No streak yet")
    assert labels.level("intermediate", "ru") == "Средний"
