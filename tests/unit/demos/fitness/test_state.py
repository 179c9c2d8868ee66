"""The fitness screens' adapters: what they hand the pages, from the real service."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.demos.fitness.actions import log, start, workout_finished_at
from tma_app.demos.fitness.state import _history, _programs, zone_name
from tma_app.demos.fitness.workout_state import _screen


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Europe/Berlin", "Europe/Berlin"), ("Asia/Tokyo", "Asia/Tokyo"), ("UTC", "UTC"), ("", "UTC"),
     ("Mars/Olympus_Mons", "UTC"), ("../../etc/passwd", "UTC"), ("x" * 65, "UTC"), (None, "UTC"), (3, "UTC")],
)
def test_only_a_time_zone_the_server_knows_is_kept(value, expected):
    assert zone_name(value) == expected


def test_the_programs_screen_offers_to_resume_the_workout_under_way(programs, user_id):
    rows, active, streak = _programs(user_id, "en", "UTC")
    assert [r["slug"] for r in rows][:1] == ["full-body-beginner"] and active == {} and streak == ""
    workout = start(user_id, now=datetime.now(UTC)).workout
    log(user_id, workout.id, "push-up", 10, now=datetime.now(UTC))
    _, active, _ = _programs(user_id, "ru", "UTC")
    assert (active["id"], active["program"], active["sets"]) == (workout.id, "Всё тело: для начинающих", "1 подход")


def test_the_workout_screen_counts_sets_towards_the_target_then_extra(programs, user_id):
    workout = start(user_id).workout
    for _ in range(3):
        view = log(user_id, workout.id, "push-up", 10).workout
    screen, exercises = _screen(view, "en")
    push_ups = next(e for e in exercises if e["slug"] == "push-up")
    assert (push_ups["progress"], push_ups["done"], push_ups["next_set"]) == ("3/3", True, "Extra set 1")
    assert [s["line"] for s in push_ups["sets"]] == ["10 reps"] * 3
    assert screen["summary"] == "3 sets · 0\u00a0kg" and screen["can_undo"] and screen["rest_end_ms"] > 0
    squat = next(e for e in exercises if e["slug"] == "goblet-squat")
    assert (squat["next_set"], squat["weighted"]) == ("Set 1 of 3", True)


def test_the_progress_screen_has_thirty_bars_a_streak_and_the_list(programs, user_id):
    now = datetime.now(UTC)
    workout_finished_at(user_id, now - timedelta(days=1), reps=10, weight="20")
    workout_finished_at(user_id, now - timedelta(seconds=1), reps=5, weight="10")
    history = _history(user_id, "en", "UTC")
    assert len(history["bars"]) == 30 and history["bars"][-1]["today"]
    assert history["bars"][-1]["height"] > 0 and history["bars"][-2]["height"] > history["bars"][-1]["height"]
    assert history["streak_label"] == "2 days in a row" and history["streak_hint"] == "Today's workout is done."
    assert history["summary"] == "250\u00a0kg over 2 days"
    assert [w["name"] for w in history["workouts"]] == ["Full body beginner"] * 2
    assert history["workouts"][0]["when"].startswith("Today, ")
