from datetime import datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.unit.demos.fitness.actions import T0, finish, log, new_key, start
from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict
from tma_app.demos.fitness.errors import WorkoutNotFound
from tma_app.demos.fitness.models import Workout, WorkoutSet
from tma_app.demos.fitness.queries import get_active_workout, get_workout
from tma_app.demos.fitness.sets import MAX_SETS, log_set, undo_last_set
from tma_app.demos.fitness.workouts import discard_workout


def view(user_id, workout_id, now=T0, language="en"):
    with session_scope() as session:
        return get_workout(session, user_id, workout_id, language, now=now)


def set_count(workout_id) -> int:
    with session_scope() as session:
        statement = select(func.count()).select_from(WorkoutSet).where(WorkoutSet.workout_id == workout_id)
        return session.exec(statement).one()


def progress(workout_view, exercise):
    return next(p for p in workout_view.exercises if p.exercise.slug == exercise)


def refused(error_code, call, *args, **kwargs):
    with pytest.raises(Exception) as caught:
        call(*args, **kwargs)
    assert getattr(caught.value, "code", None) == error_code, repr(caught.value)


# --- Starting ------------------------------------------------------------------------------


def test_a_new_workout_starts_with_every_exercise_to_do(programs, user_id):
    result = start(user_id, "full-body-beginner")
    workout = result.workout
    assert result.started and result.user_id == user_id
    assert (workout.status, workout.program_slug, workout.program_name) == (
        "active", "full-body-beginner", "Full body beginner"
    )
    assert [p.exercise.slug for p in workout.exercises] == [
        "goblet-squat", "push-up", "dumbbell-row", "glute-bridge", "jump-rope"
    ]
    assert all(p.sets == [] and not p.done for p in workout.exercises)
    assert workout.next_exercise_slug == "goblet-squat"
    assert (workout.rest_remaining, workout.rest_ends_at, workout.last_set_at) == (0, None, None)
    assert workout.totals.sets == workout.totals.volume_g == 0
    assert not workout.can_finish and not workout.can_undo
    assert view(user_id, workout.id, T0 + timedelta(minutes=2, seconds=5)).duration_seconds == 125


def test_starting_again_returns_the_active_workout_whatever_the_program(programs, user_id):
    first = start(user_id, "full-body-beginner").workout
    again = start(user_id, "full-body-beginner", T0 + timedelta(minutes=1))
    other = start(user_id, "core-mobility", T0 + timedelta(minutes=2))
    assert not again.started and again.workout.id == first.id
    assert not other.started and other.workout.id == first.id and other.workout.program_slug == "full-body-beginner"
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Workout).where(Workout.user_id == user_id)).one() == 1
        assert get_active_workout(session, user_id, "ru").id == first.id


def test_a_repeated_start_key_replays_and_a_reused_one_conflicts(programs, user_id):
    key = new_key()
    first = start(user_id, "core-mobility", key=key)
    replay = start(user_id, "core-mobility", key=key)
    assert first.started and not replay.started and replay.workout.id == first.workout.id
    with pytest.raises(IdempotencyConflict):
        start(user_id, "upper-body-strength", key=key)


def test_an_unknown_program_starts_nothing(programs, user_id):
    refused("PROGRAM_NOT_FOUND", start, user_id, "marathon")
    with session_scope() as session:
        assert get_active_workout(session, user_id, "en") is None


def test_times_must_be_timezone_aware(programs, user_id):
    with pytest.raises(ValueError, match="timezone-aware"):
        start(user_id, now=datetime(2025, 6, 2, 8, 0))


# --- Logging sets --------------------------------------------------------------------------


def test_a_logged_set_shows_under_its_exercise_with_the_rest_countdown(programs, user_id):
    workout = start(user_id).workout
    at = T0 + timedelta(minutes=3)
    result = log(user_id, workout.id, "goblet-squat", 10, 12_500, at)
    assert result.logged and (result.exercise_slug, result.reps, result.weight_g) == ("goblet-squat", 10, 12_500)
    squat = progress(result.workout, "goblet-squat")
    assert [(s.number, s.reps, s.weight_g, s.logged_at) for s in squat.sets] == [(1, 10, 12_500, at)]
    assert not squat.done and result.workout.next_exercise_slug == "goblet-squat"
    assert result.workout.last_set_at == at and result.workout.rest_seconds == 90
    assert result.workout.rest_ends_at == at + timedelta(seconds=90)
    assert result.workout.rest_remaining == 90
    later = view(user_id, workout.id, at + timedelta(seconds=30))
    assert later.rest_remaining == 60 == later.rest_remaining_at(at + timedelta(seconds=30))
    assert later.rest_remaining_at(at + timedelta(seconds=89, milliseconds=500)) == 1
    assert later.rest_remaining_at(at + timedelta(seconds=95)) == 0
    assert later.can_finish and later.can_undo


def test_a_double_tap_logs_one_set(programs, user_id):
    workout = start(user_id).workout
    key = new_key()
    first = log(user_id, workout.id, "goblet-squat", 10, 12_500, key=key)
    # The retry carries the same values, however the client spelled them.
    again = log(user_id, workout.id, "goblet-squat", "10", 12_500, T0 + timedelta(seconds=2), key=key)
    assert first.logged and not again.logged and again.set_id == first.set_id
    assert set_count(workout.id) == 1
    assert again.workout.totals.sets == 1
    with pytest.raises(IdempotencyConflict):
        log(user_id, workout.id, "goblet-squat", 12, 12_500, key=key)
    assert set_count(workout.id) == 1


@pytest.mark.parametrize(
    ("exercise", "reps", "weight", "code"),
    [
        ("goblet-squat", 0, 10_000, "REPS_INVALID"),
        ("goblet-squat", 101, 10_000, "REPS_INVALID"),
        ("goblet-squat", 8.5, 10_000, "REPS_INVALID"),
        ("goblet-squat", 8, 12_300, "WEIGHT_INVALID"),
        ("goblet-squat", 8, 500_500, "WEIGHT_INVALID"),
        ("goblet-squat", 8, -5_000, "WEIGHT_INVALID"),
        ("goblet-squat", 8, 12.5, "WEIGHT_INVALID"),  # kilograms are not grams
        ("goblet-squat", 8, "12500", "WEIGHT_INVALID"),
        ("dead-bug", 8, None, "EXERCISE_NOT_FOUND"),  # another program's exercise
        ("squat", 8, None, "EXERCISE_NOT_FOUND"),
        (None, 8, None, "EXERCISE_NOT_FOUND"),
        (["push-up"], 8, None, "EXERCISE_NOT_FOUND"),
        ("push-up", 8, 10_000, "WEIGHT_NOT_ALLOWED"),
    ],
)
def test_invalid_sets_are_refused_with_a_code_and_store_nothing(programs, user_id, exercise, reps, weight, code):
    workout = start(user_id).workout
    refused(code, log, user_id, workout.id, exercise, reps, weight)
    assert set_count(workout.id) == 0


def test_bodyweight_sets_take_no_weight_or_zero(programs, user_id):
    workout = start(user_id).workout
    assert log(user_id, workout.id, "push-up", 12, None).weight_g == 0
    assert log(user_id, workout.id, "goblet-squat", 12, 0).weight_g == 0, "an empty weighted set is allowed"


def test_a_malformed_key_or_workout_id_is_refused(programs, user_id):
    workout = start(user_id).workout
    refused("IDEMPOTENCY_KEY_INVALID", log, user_id, workout.id, "push-up", 10, key="short")
    refused("WORKOUT_NOT_FOUND", log, user_id, str(workout.id), "push-up", 10)
    refused("WORKOUT_NOT_FOUND", log, user_id, 10**12, "push-up", 10)
    assert set_count(workout.id) == 0


def test_a_workout_holds_at_most_100_sets(programs, user_id):
    workout = start(user_id).workout
    with session_scope() as session:
        for n in range(MAX_SETS):
            log_set(session, user_id, workout.id, "push-up", 10, None, new_key(), language="en",
                    now=T0 + timedelta(seconds=n))
    refused("WORKOUT_FULL", log, user_id, workout.id, "push-up", 10)
    assert set_count(workout.id) == MAX_SETS


def test_the_next_exercise_follows_the_program_and_where_the_user_is(programs, user_id):
    workout = start(user_id).workout
    for n in range(3):
        result = log(user_id, workout.id, "goblet-squat", 10, 20_000, T0 + timedelta(minutes=n))
    assert progress(result.workout, "goblet-squat").done
    assert result.workout.next_exercise_slug == "push-up"
    # Out of order: carry on with the exercise in hand.
    result = log(user_id, workout.id, "jump-rope", 50, None, T0 + timedelta(minutes=5))
    assert result.workout.next_exercise_slug == "jump-rope"
    assert result.workout.rest_seconds == 60
    with session_scope() as session:
        for slug, target in [("jump-rope", 2), ("push-up", 3), ("dumbbell-row", 3), ("glute-bridge", 3)]:
            for _ in range(target):
                last = log_set(session, user_id, workout.id, slug, 10, None if slug != "dumbbell-row" else 15_000,
                               new_key(), language="en", now=T0 + timedelta(minutes=10))
    assert all(p.done for p in last.workout.exercises) and last.workout.next_exercise_slug is None
    # More sets than the target are welcome.
    extra = log(user_id, workout.id, "goblet-squat", 5, 20_000, T0 + timedelta(minutes=20))
    assert len(progress(extra.workout, "goblet-squat").sets) == 4 and extra.workout.next_exercise_slug is None


def test_the_weight_to_prefill_is_the_last_one_lifted_even_in_an_earlier_workout(programs, user_id):
    workout = start(user_id).workout
    assert progress(workout, "goblet-squat").suggested_weight_g == 0
    log(user_id, workout.id, "goblet-squat", 10, 16_000)
    shown = log(user_id, workout.id, "goblet-squat", 10, 17_500).workout
    assert progress(shown, "goblet-squat").suggested_weight_g == 17_500
    assert progress(shown, "goblet-squat").suggested_reps == 10
    assert progress(shown, "dumbbell-row").suggested_weight_g == 0
    finish(user_id, workout.id)
    next_time = start(user_id, now=T0 + timedelta(days=2)).workout
    assert progress(next_time, "goblet-squat").suggested_weight_g == 17_500
    assert progress(next_time, "goblet-squat").sets == []


# --- Undo ----------------------------------------------------------------------------------


def test_undo_removes_the_latest_set_once_per_key(programs, user_id):
    workout = start(user_id).workout
    log(user_id, workout.id, "goblet-squat", 10, 20_000, T0)
    log(user_id, workout.id, "goblet-squat", 8, 20_000, T0 + timedelta(minutes=2))
    key = new_key()
    with session_scope() as session:
        undone = undo_last_set(session, user_id, workout.id, key, language="en", now=T0 + timedelta(minutes=3))
    with session_scope() as session:
        again = undo_last_set(session, user_id, workout.id, key, language="en")
    assert undone.undone and not again.undone and again.set_id == undone.set_id
    squat = progress(undone.workout, "goblet-squat")
    assert [s.reps for s in squat.sets] == [10]
    # The countdown now runs from the set that is left.
    assert undone.workout.last_set_at == T0 and undone.workout.rest_remaining == 0
    with session_scope() as session:
        undo_last_set(session, user_id, workout.id, new_key(), language="en")
    with pytest.raises(Exception) as caught, session_scope() as session:
        undo_last_set(session, user_id, workout.id, new_key(), language="en")
    assert caught.value.code == "NOTHING_TO_UNDO"


# --- Finishing -----------------------------------------------------------------------------


def test_a_workout_without_sets_cannot_be_finished(programs, user_id):
    workout = start(user_id).workout
    refused("WORKOUT_EMPTY", finish, user_id, workout.id)
    assert view(user_id, workout.id).status == "active"


def test_finishing_records_duration_and_exact_totals(programs, user_id):
    workout = start(user_id, now=T0).workout
    log(user_id, workout.id, "goblet-squat", 10, 12_500)
    log(user_id, workout.id, "goblet-squat", 8, 12_500)
    log(user_id, workout.id, "dumbbell-row", 10, 17_500)
    log(user_id, workout.id, "push-up", 12, None)
    log(user_id, workout.id, "dumbbell-row", 3, 500)
    ended = T0 + timedelta(minutes=31, seconds=7, milliseconds=900)
    key = new_key()
    result = finish(user_id, workout.id, ended, key=key)
    done = result.workout
    assert result.finished and done.status == "finished" and done.finished_at == ended
    assert done.duration_seconds == 31 * 60 + 7
    # 125 000 + 100 000 + 175 000 + 0 + 1 500 grams
    assert (done.totals.sets, done.totals.reps, done.totals.volume_g) == (5, 43, 401_500)
    assert done.totals.volume_kg == 401.5
    assert not done.can_finish and not done.can_undo and done.rest_remaining == 0
    with session_scope() as session:
        stored = session.get(Workout, workout.id)
        assert (stored.total_sets, stored.total_reps, stored.total_volume_g, stored.duration_seconds) == (
            5, 43, 401_500, 1867
        )
        assert all(isinstance(v, int) for v in (stored.total_volume_g, stored.duration_seconds))
    # A replay gets the same answer; the duration no longer moves with the clock.
    replay = finish(user_id, workout.id, ended + timedelta(hours=1), key=key)
    assert not replay.finished and replay.workout.duration_seconds == 1867
    assert replay.workout.totals == done.totals
    refused("WORKOUT_NOT_ACTIVE", finish, user_id, workout.id)


def test_a_finished_workout_takes_no_more_sets_and_a_new_one_can_start(programs, user_id):
    workout = start(user_id).workout
    key = new_key()
    log(user_id, workout.id, "push-up", 10, key=key)
    finish(user_id, workout.id)
    refused("WORKOUT_NOT_ACTIVE", log, user_id, workout.id, "push-up", 10)
    with pytest.raises(Exception) as caught, session_scope() as session:
        undo_last_set(session, user_id, workout.id, new_key(), language="en")
    assert caught.value.code == "WORKOUT_NOT_ACTIVE"
    assert not log(user_id, workout.id, "push-up", 10, key=key).logged, "a late retry still replays"
    assert set_count(workout.id) == 1
    fresh = start(user_id, now=T0 + timedelta(hours=1))
    assert fresh.started and fresh.workout.id != workout.id


def test_an_active_workout_can_be_discarded_but_history_stays(programs, user_id):
    workout = start(user_id).workout
    log(user_id, workout.id, "push-up", 10)
    with session_scope() as session:
        assert discard_workout(session, user_id, workout.id)
    with session_scope() as session:
        assert not discard_workout(session, user_id, workout.id)
        assert get_active_workout(session, user_id, "en") is None
    with pytest.raises(WorkoutNotFound):
        view(user_id, workout.id)
    assert set_count(workout.id) == 0
    kept = start(user_id).workout
    log(user_id, kept.id, "push-up", 10)
    finish(user_id, kept.id)
    refused("WORKOUT_NOT_ACTIVE", _discard, user_id, kept.id)


def _discard(user_id, workout_id):
    with session_scope() as session:
        return discard_workout(session, user_id, workout_id)


# --- Only one's own -----------------------------------------------------------------------


def test_users_only_ever_reach_their_own_workouts(programs, user_id):
    other = user_id + 1
    mine = start(user_id).workout
    log(user_id, mine.id, "push-up", 10)
    refused("WORKOUT_NOT_FOUND", view, other, mine.id)
    refused("WORKOUT_NOT_FOUND", log, other, mine.id, "push-up", 10)
    refused("WORKOUT_NOT_FOUND", finish, other, mine.id)
    with pytest.raises(WorkoutNotFound), session_scope() as session:
        undo_last_set(session, other, mine.id, new_key(), language="en")
    assert not _discard(other, mine.id)
    with session_scope() as session:
        assert get_active_workout(session, other, "en") is None
    assert view(user_id, mine.id).totals.sets == 1 and set_count(mine.id) == 1


def test_the_same_key_from_two_users_makes_two_workouts(programs, user_id):
    key = new_key()
    a = start(user_id, key=key)
    b = start(user_id + 1, key=key)
    assert a.started and b.started and a.workout.id != b.workout.id
    set_key = new_key()
    assert log(user_id, a.workout.id, "push-up", 10, key=set_key).logged
    assert log(user_id + 1, b.workout.id, "push-up", 10, key=set_key).logged


def test_views_speak_the_users_language(programs, user_id):
    workout = start(user_id, "core-mobility").workout
    ru = view(user_id, workout.id, language="ru")
    assert ru.program_name == "Кор и мобильность" and ru.exercises[0].exercise.name == "Кошка-корова"


def test_times_in_any_zone_are_stored_as_the_same_instant(programs, user_id):
    from zoneinfo import ZoneInfo

    berlin_morning = datetime(2025, 3, 30, 9, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    workout = start(user_id, now=berlin_morning).workout
    stored = view(user_id, workout.id, now=berlin_morning)
    assert stored.started_at == berlin_morning and stored.started_at.utcoffset() == timedelta(0)
    assert stored.duration_seconds == 0
