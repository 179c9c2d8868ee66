"""The programs, program and progress screens: what the presenter hands the pages, from the real services."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.unit.demos.fitness.actions import log, start, workout_finished_at
from tma_app.core.db import session_scope
from tma_app.demos.fitness.overviews import program_overview, programs_overview, progress_overview
from tma_app.demos.fitness.presenter import (
    program_screen,
    programs_screen,
    progress_screen,
    start_notice,
    zone_name,
)
from tma_app.gamification.streaks.local_day import set_timezone


def programs_of(user_id, language="en", zone="UTC"):
    with session_scope() as session:
        return programs_screen(programs_overview(session, user_id, language, zone), language, media_base="")


def progress_of(user_id, language="en", zone="UTC"):
    with session_scope() as session:
        overview = progress_overview(session, user_id, language, zone)
    return progress_screen(overview, language, zone, media_base="")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Europe/Berlin", "Europe/Berlin"), ("Asia/Tokyo", "Asia/Tokyo"), ("UTC", "UTC"), ("", ""),
     ("Mars/Olympus_Mons", ""), ("../../etc/passwd", ""), ("x" * 65, ""), (None, ""), (3, "")],
)
def test_only_a_time_zone_the_server_knows_is_kept(value, expected):
    assert zone_name(value) == expected


def test_the_programs_screen_offers_to_resume_the_workout_under_way(programs, user_id):
    rows, active, streak = programs_of(user_id)
    assert [r["slug"] for r in rows][:1] == ["full-body-beginner"] and active == {} and streak == ""
    workout = start(user_id, now=datetime.now(UTC)).workout
    log(user_id, workout.id, "push-up", 10, now=datetime.now(UTC))
    _, active, _ = programs_of(user_id, "ru")
    assert (active["id"], active["program"], active["sets"]) == (workout.id, "Всё тело: для начинающих", "1 подход")


def test_the_program_screen_lists_its_exercises_with_their_targets(programs, user_id):
    with session_scope() as session:
        overview = program_overview(session, "full-body-beginner", user_id, "en")
    program, exercises, active = program_screen(overview, "en", media_base="")
    assert program["slug"] == "full-body-beginner" and program["picture"]["loading"] == "eager" and active == {}
    squat = next(e for e in exercises if e["slug"] == "goblet-squat")
    assert squat["weighted"] and squat["target"].startswith("3 × ")


def test_a_start_that_found_another_programs_workout_says_so(programs, user_id):
    first = start(user_id, "full-body-beginner")
    assert start_notice(first, "full-body-beginner", "en") == ""
    again = start(user_id, "core-mobility")
    assert not again.started and start_notice(again, "full-body-beginner", "en") == ""
    assert start_notice(again, "core-mobility", "en") != ""


def test_the_progress_screen_has_thirty_bars_a_streak_and_the_list(programs, user_id):
    now = datetime.now(UTC)
    workout_finished_at(user_id, now - timedelta(days=1), reps=10, weight_g=20_000)
    workout_finished_at(user_id, now - timedelta(seconds=1), reps=5, weight_g=10_000)
    history = progress_of(user_id)
    assert len(history["bars"]) == 30 and history["bars"][-1]["today"]
    assert history["bars"][-1]["height"] > 0 and history["bars"][-2]["height"] > history["bars"][-1]["height"]
    assert history["streak_label"] == "2 days in a row" and history["streak_hint"] == "Today's workout is done."
    assert history["summary"] == "250\u00a0kg over 2 days"
    assert [w["name"] for w in history["workouts"]] == ["Full body beginner"] * 2
    assert history["workouts"][0]["when"].startswith("Today, ")


def test_a_streak_that_ended_yesterday_asks_for_today(programs, user_id):
    workout_finished_at(user_id, datetime.now(UTC) - timedelta(days=1))
    history = progress_of(user_id)
    assert history["streak"] == 1 and history["streak_hint"] == "Work out today to keep it going."
    stranger = progress_of(user_id + 1)
    assert stranger["streak_hint"] == "" and stranger["summary"] == "Nothing in the last 30 days yet."


def test_before_the_device_has_read_its_zone_the_days_are_the_stored_zones_then_utc(programs, user_id):
    # Finished at 23:30 UTC, seen at noon UTC the next day: today in Tokyo, yesterday in UTC and New York.
    now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    workout_finished_at(user_id, now - timedelta(hours=12, minutes=30))
    with session_scope() as session:
        first_launch = progress_overview(session, user_id, "en", "", now=now)
        set_timezone(session, user_id, "Asia/Tokyo")
    with session_scope() as session:
        stored = progress_overview(session, user_id, "en", "", now=now)
        sent = progress_overview(session, user_id, "en", "America/New_York", now=now)
    assert (first_launch.timezone, stored.timezone, sent.timezone) == ("UTC", "Asia/Tokyo", "America/New_York")
    assert stored.trained_today and not first_launch.trained_today and not sent.trained_today
