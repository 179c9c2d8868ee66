"""A user's taps as one committed transaction each, the way the UI's handlers make them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from tma_app.core.db import session_scope
from tma_app.demos.fitness import sets, workouts

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def new_key() -> str:
    return uuid.uuid4().hex


def start(user_id: int, program: str = "full-body-beginner", now: datetime = T0, *, key: str | None = None,
          engine: Engine | None = None):
    with session_scope(engine) as session:
        return workouts.start_workout(session, user_id, program, key or new_key(), now, language="en")


def log(user_id: int, workout_id: int, exercise: str, reps=10, weight_g=None, now: datetime = T0, *,
        key: str | None = None, engine: Engine | None = None):
    with session_scope(engine) as session:
        return sets.log_set(session, user_id, workout_id, exercise, reps, weight_g, key or new_key(),
                            language="en", now=now)


def submit(user_id: int, workout_id: int, exercise: str, reps=10, weight_g=None, key: str | None = None, *,
           engine: Engine | None = None):
    """A set logged and announced in one unit of work, as the workout screen does it."""
    with session_scope(engine) as session:
        return sets.submit_set(session, user_id, workout_id, exercise, reps, weight_g, key or new_key(),
                               language="en")


def submit_finish(user_id: int, workout_id: int, key: str | None = None, now: datetime = T0 + timedelta(minutes=30),
                  *, engine: Engine | None = None):
    """A workout finished and announced in one unit of work, as the workout screen does it."""
    with session_scope(engine) as session:
        return workouts.submit_finish(session, user_id, workout_id, key or new_key(), now, language="en")


def finish(user_id: int, workout_id: int, now: datetime = T0 + timedelta(minutes=30), *, key: str | None = None,
           engine: Engine | None = None):
    with session_scope(engine) as session:
        return workouts.finish_workout(session, user_id, workout_id, key or new_key(), now, language="en")


def workout_finished_at(user_id: int, finished_at: datetime, *, reps: int = 10, weight_g: int = 20_000,
                        engine: Engine | None = None):
    """A full-body workout of one goblet squat set (reps x weight_g), finished at `finished_at`."""
    started_at = finished_at - timedelta(minutes=20)
    workout = start(user_id, now=started_at, engine=engine).workout
    log(user_id, workout.id, "goblet-squat", reps, weight_g, started_at + timedelta(minutes=1), engine=engine)
    return finish(user_id, workout.id, finished_at, engine=engine).workout
