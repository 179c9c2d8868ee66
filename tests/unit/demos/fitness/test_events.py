from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.unit.demos.fitness.actions import T0, log, new_key, start, submit, submit_finish
from tma_app.core.db import session_scope
from tma_app.core.events import subscribe
from tma_app.demos.fitness.models import WorkoutSet
from tma_app.demos.fitness.sets import announce_set, log_set, undo_last_set
from tma_app.demos.fitness.workouts import announce_finish, discard_workout


@pytest.fixture
def seen():
    events = []
    unsubscribe = subscribe("*", events.append)
    yield events
    unsubscribe()


def fitness_events(seen, user_id):
    return [(e.name, dict(e.data)) for e in seen if e.user_id == user_id and e.data.get("demo_id") == "fitness"]


def test_each_new_set_is_announced_once_and_a_replay_never(programs, user_id, seen):
    workout = start(user_id).workout
    key = new_key()
    first = submit(user_id, workout.id, "goblet-squat", 10, 12_500, key)
    again = submit(user_id, workout.id, "goblet-squat", 10, 12_500, key)
    assert first.logged and not again.logged
    assert not announce_set(again)
    assert fitness_events(seen, user_id) == [
        ("demo_interact", {"demo_id": "fitness", "action": "log_set", "workout_id": workout.id,
                           "set_id": first.set_id, "exercise": "goblet-squat", "reps": 10, "weight_g": 12_500}),
    ]
    submit(user_id, workout.id, "goblet-squat", 8, 12_500)
    assert len(fitness_events(seen, user_id)) == 2


def test_a_refused_set_announces_nothing(programs, user_id, seen):
    workout = start(user_id).workout
    for reps, exercise in [(0, "push-up"), (10, "dead-bug")]:
        with pytest.raises(ValueError):
            submit(user_id, workout.id, exercise, reps, None)
    assert fitness_events(seen, user_id) == []


def test_the_set_is_committed_before_anyone_hears_of_it(programs, user_id):
    workout = start(user_id).workout
    counted = []

    def count_sets(event):
        if event.user_id == user_id:
            with session_scope() as session:
                counted.append(session.exec(
                    select(func.count()).select_from(WorkoutSet).where(WorkoutSet.workout_id == workout.id)
                ).one())

    unsubscribe = subscribe("demo_interact", count_sets)
    try:
        submit(user_id, workout.id, "push-up", 10, None)
    finally:
        unsubscribe()
    assert counted == [1]


def test_a_finished_workout_is_announced_once(programs, user_id, seen):
    workout = start(user_id).workout
    log(user_id, workout.id, "goblet-squat", 10, 20_000)
    log(user_id, workout.id, "push-up", 15)
    key, ended = new_key(), T0 + timedelta(minutes=25)
    empty_start = start(user_id + 1).workout
    with pytest.raises(ValueError):
        submit_finish(user_id + 1, empty_start.id, now=ended)
    first = submit_finish(user_id, workout.id, key, ended)
    again = submit_finish(user_id, workout.id, key, ended)
    with pytest.raises(ValueError):
        submit_finish(user_id, workout.id, now=ended)
    assert first.finished and not again.finished and not announce_finish(again)
    assert fitness_events(seen, user_id) == [
        ("demo_complete", {"demo_id": "fitness", "workout_id": workout.id, "program": "full-body-beginner",
                           "sets": 2, "reps": 25, "volume_g": 200_000, "duration_seconds": 1500}),
    ]
    assert fitness_events(seen, user_id + 1) == []


def test_the_plain_mutations_emit_nothing_until_announced(programs, user_id, seen):
    workout = start(user_id).workout
    with session_scope() as session:
        result = log_set(session, user_id, workout.id, "push-up", 10, None, new_key(), language="en")
    assert fitness_events(seen, user_id) == []
    assert announce_set(result)
    with session_scope() as session:
        undo_last_set(session, user_id, workout.id, new_key(), language="en")
        discard_workout(session, user_id, workout.id)
    assert [name for name, _ in fitness_events(seen, user_id)] == ["demo_interact"]
