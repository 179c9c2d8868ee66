from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from tma_app.demos.fitness.errors import RepsInvalid, WeightInvalid
from tma_app.demos.fitness.rules import (
    MAX_WEIGHT_G,
    check_reps,
    check_weight_g,
    exercise_in_hand,
    last_days,
    local_day,
    rest_remaining,
    stepped_reps,
    stepped_weight,
    streak,
    user_zone,
    weight_grams,
)
from tma_app.demos.fitness.shapes import ExerciseProgress, ExerciseView, WorkoutView

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("value", "reps"), [(1, 1), (100, 100), (8, 8), ("12", 12), (" 7 ", 7)])
def test_reps_are_whole_numbers_from_1_to_100(value, reps):
    assert check_reps(value) == reps


@pytest.mark.parametrize("value", [0, 101, -3, 8.0, 8.5, True, None, "", "8.0", "eight", "٨", "１０", "1e1", [8]])
def test_other_reps_are_refused_with_a_code(value):
    with pytest.raises(RepsInvalid) as refused:
        check_reps(value)
    assert refused.value.code == "REPS_INVALID"


@pytest.mark.parametrize(
    ("value", "grams"),
    [
        (None, 0), (0, 0), ("0", 0), (20, 20_000), (12.5, 12_500), ("12.5", 12_500), ("12,5", 12_500),
        (Decimal("0.5"), 500), (Decimal("12.5" + "0" * 80), 12_500), (" 100.0 ", 100_000), (500, 500_000),
        ("500.00", 500_000), (0.5, 500),
    ],
)
def test_weights_become_exact_grams(value, grams):
    assert weight_grams(value) == grams
    assert isinstance(weight_grams(value), int)


@pytest.mark.parametrize(
    "value",
    [
        -0.5, 500.5, 501, 12.3, "12.3", 0.1, "0.25", 12.75, float("nan"), float("inf"), "nan", "Infinity",
        "", "  ", "kg", "12.5kg", "1e999999999", "1" * 40, Decimal("12.5" + "0" * 80 + "1"), 5e-324,
        True, False, [12], "١٢",
    ],
)
def test_other_weights_are_refused_with_a_code(value):
    with pytest.raises(WeightInvalid) as refused:
        weight_grams(value)
    assert refused.value.code == "WEIGHT_INVALID"


@pytest.mark.parametrize(("value", "grams"), [(None, 0), (0, 0), (500, 500), (12_500, 12_500), (500_000, 500_000)])
def test_set_weights_are_grams_on_the_half_kilogram_grid(value, grams):
    assert check_weight_g(value) == grams


@pytest.mark.parametrize("value", [-500, 500_500, 12_300, 1, 12.5, 12_500.0, "12500", True, Decimal(500)])
def test_other_set_weights_are_refused_with_a_code(value):
    with pytest.raises(WeightInvalid) as refused:
        check_weight_g(value)
    assert refused.value.code == "WEIGHT_INVALID"


def test_the_steppers_move_one_step_and_stop_at_the_bounds():
    assert (stepped_reps(10, 1), stepped_reps(10, -1), stepped_reps(1, -1), stepped_reps(100, 1)) == (11, 9, None, None)
    assert stepped_reps(10, 2) is None and stepped_reps(10, "1") is None
    assert (stepped_weight(0, 1), stepped_weight(12_500, -1)) == (500, 12_000)
    assert (stepped_weight(0, -1), stepped_weight(MAX_WEIGHT_G, 1), stepped_weight(0, 2), stepped_weight(0, "1")) == (
        None, None, None, None)


def _view(*exercises: tuple[str, bool], next_slug: str | None) -> WorkoutView:
    """A workout with exercises (slug, done) in program order; only what exercise_in_hand reads."""
    def progress(slug: str, done: bool) -> ExerciseProgress:
        exercise = ExerciseView(slug=slug, name=slug, image_id="x", target_sets=3, target_reps=10, rest_seconds=60,
                                weighted=False)
        return ExerciseProgress(exercise=exercise, sets=[], done=done, suggested_reps=10, suggested_weight_g=0)
    return WorkoutView.model_construct(exercises=[progress(*e) for e in exercises], next_exercise_slug=next_slug)


def test_the_exercise_in_hand_stays_while_it_has_sets_to_go():
    view = _view(("squat", True), ("row", False), ("plank", False), next_slug="row")
    assert exercise_in_hand(view, "plank") == ("plank", False), "what the user dialled in is kept"
    assert exercise_in_hand(view, "squat") == ("row", True), "a finished one gives way to the server's next"
    assert exercise_in_hand(view, "") == ("row", True), "a fresh screen starts where the server says"
    assert exercise_in_hand(view, "plank", prefer="squat") == ("squat", True), "an undo goes back to its exercise"
    assert exercise_in_hand(view, "plank", prefer="gone") == ("plank", False)


def test_once_every_target_is_met_the_exercise_in_hand_or_the_last_one_stays_shown():
    view = _view(("squat", True), ("row", True), next_slug=None)
    assert exercise_in_hand(view, "squat") == ("squat", True)
    assert exercise_in_hand(view, "") == ("row", True)
    assert exercise_in_hand(_view(next_slug=None), "") == ("", True)


def test_the_rest_counts_down_in_whole_seconds_rounded_up_and_stops_at_zero():
    last = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    assert rest_remaining(last, 90, last) == 90
    assert rest_remaining(last, 90, last + timedelta(milliseconds=1)) == 90
    assert rest_remaining(last, 90, last + timedelta(seconds=1)) == 89
    assert rest_remaining(last, 90, last + timedelta(seconds=89, microseconds=999_999)) == 1
    assert rest_remaining(last, 90, last + timedelta(seconds=90)) == 0
    assert rest_remaining(last, 90, last + timedelta(hours=2)) == 0
    assert rest_remaining(last, 0, last) == 0
    # Any zone: the countdown is about instants, not wall clocks.
    assert rest_remaining(last, 60, last.astimezone(BERLIN) + timedelta(seconds=15)) == 45


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Europe/Berlin", "Europe/Berlin"), ("Asia/Tokyo", "Asia/Tokyo"), ("UTC", "UTC")],
)
def test_known_zones_are_used(name, expected):
    assert str(user_zone(name)) == expected


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "europe/berlin", "../../etc/passwd", "/etc/localtime",
                                  "Europe", "x" * 100, 3, "Europe/Berlin\x00"])
def test_unknown_or_invalid_zones_fall_back_to_utc(name):
    assert user_zone(name) is UTC


def test_a_moment_falls_on_the_users_own_calendar_day_across_dst():
    # 2025-03-30 is 23 hours long in Berlin, 2025-10-26 is 25 hours long.
    assert local_day(datetime(2025, 3, 29, 23, 30, tzinfo=UTC), BERLIN) == date(2025, 3, 30)  # 00:30 CET
    assert local_day(datetime(2025, 3, 30, 21, 59, tzinfo=UTC), BERLIN) == date(2025, 3, 30)  # 23:59 CEST
    assert local_day(datetime(2025, 3, 30, 22, 0, tzinfo=UTC), BERLIN) == date(2025, 3, 31)
    assert local_day(datetime(2025, 10, 25, 22, 0, tzinfo=UTC), BERLIN) == date(2025, 10, 26)  # 00:00 CEST
    assert local_day(datetime(2025, 10, 26, 22, 59, tzinfo=UTC), BERLIN) == date(2025, 10, 26)  # 23:59 CET
    assert local_day(datetime(2025, 10, 26, 23, 0, tzinfo=UTC), BERLIN) == date(2025, 10, 27)


def test_the_last_days_end_today_oldest_first():
    days = last_days(date(2025, 3, 31), 30)
    assert len(days) == 30 and days[0] == date(2025, 3, 2) and days[-1] == date(2025, 3, 31)
    assert all(b - a == timedelta(days=1) for a, b in pairwise(days))


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], date(2025, 3, 31), 0),
        ([date(2025, 3, 31)], date(2025, 3, 31), 1),
        ([date(2025, 3, 30)], date(2025, 3, 31), 1),  # yesterday still counts: today is not over
        ([date(2025, 3, 29)], date(2025, 3, 31), 0),
        ([date(2025, 3, 29), date(2025, 3, 30), date(2025, 3, 31)], date(2025, 3, 31), 3),
        ([date(2025, 3, 29), date(2025, 3, 30)], date(2025, 3, 31), 2),
        ([date(2025, 3, 27), date(2025, 3, 29), date(2025, 3, 30), date(2025, 3, 31)], date(2025, 3, 31), 3),
        ([date(2025, 3, 31), date(2025, 3, 31), date(2025, 3, 30)], date(2025, 3, 31), 2),  # one day, two workouts
        ([date(2025, 4, 1), date(2025, 3, 31)], date(2025, 3, 31), 1),  # a later day does not count yet
        ([date(2025, 2, 28), date(2025, 3, 1)], date(2025, 3, 1), 2),  # across a month end
        ([date(2024, 12, 31), date(2025, 1, 1)], date(2025, 1, 1), 2),
    ],
)
def test_a_streak_counts_consecutive_calendar_days_ending_today_or_yesterday(days, today, expected):
    assert streak(days, today) == expected
