"""Sets: log one, undo the latest; each exactly once per idempotency key.

`log_set` and `undo_last_set` take a Session the caller commits and publish nothing. The
caller passes log_set's result and its session to `announce_set`, which publishes
demo_interact in that transaction only for a set really logged now (a replayed key announces
nothing); `submit_set` does both in the caller's unit of work (the UI runs it through
`tma_app.core.db.in_session`). Weights are integer grams.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.core.idempotency import run_once
from tma_app.demo_catalog import events
from tma_app.demos.fitness.errors import ExerciseNotFound, NothingToUndo, WeightNotAllowed, WorkoutFull
from tma_app.demos.fitness.models import Exercise, WorkoutSet
from tma_app.demos.fitness.queries import active_workout, get_workout
from tma_app.demos.fitness.rules import aware, check_reps, check_weight_g
from tma_app.demos.fitness.shapes import LoggedSet, UndoneSet

SET_SCOPE = "fitness.set"
UNDO_SCOPE = "fitness.undo"
MAX_SETS = 100


def log_set(
    session: Session,
    user_id: int,
    workout_id: int,
    exercise_slug: str,
    reps: int | str,
    weight_g: int | None,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> LoggedSet:
    """Log one set of an exercise of the workout's program, once per key (scope "fitness.set").

    reps: 1..100; weight_g: 0..500 000 grams in 500 g steps (see rules.check_weight_g), 0 or
    None for a bodyweight exercise. A repeat of the key gets the first set back with logged=False, even
    if the workout has been finished since. Raises RepsInvalid, WeightInvalid,
    WeightNotAllowed, WorkoutNotFound (not the user's), WorkoutNotActive, ExerciseNotFound,
    WorkoutFull (100 sets), IdempotencyKeyInvalid, IdempotencyConflict.
    """
    reps, weight_g, now = check_reps(reps), check_weight_g(weight_g), aware(now)
    if not isinstance(exercise_slug, str):
        raise ExerciseNotFound("that exercise is not part of this program")

    def record(tx: Session) -> dict[str, Any]:
        workout = active_workout(tx, user_id, workout_id)
        exercise = tx.exec(
            select(Exercise).where(Exercise.program_id == workout.program_id, Exercise.slug == exercise_slug)
        ).first()
        if exercise is None:
            raise ExerciseNotFound("that exercise is not part of this program")
        if weight_g and not exercise.weighted:
            raise WeightNotAllowed("this is a bodyweight exercise")
        count = tx.exec(select(func.count()).select_from(WorkoutSet).where(WorkoutSet.workout_id == workout.id)).one()
        if count >= MAX_SETS:
            raise WorkoutFull(f"a workout holds at most {MAX_SETS} sets")
        logged = WorkoutSet(workout_id=workout.id, exercise_id=exercise.id, reps=reps, weight_g=weight_g, logged_at=now)
        tx.add(logged)
        tx.flush()
        return {"set_id": logged.id}

    payload = {"workout_id": workout_id, "exercise": exercise_slug, "reps": reps, "weight_g": weight_g}
    answer, ran = run_once(session, user_id=user_id, scope=SET_SCOPE, key=idempotency_key, payload=payload,
                           action=record)
    return LoggedSet(
        user_id=user_id,
        workout_id=workout_id,
        set_id=answer["set_id"],
        exercise_slug=exercise_slug,
        reps=reps,
        weight_g=weight_g,
        logged=ran,
        workout=get_workout(session, user_id, workout_id, language, now=now),
    )


def undo_last_set(
    session: Session,
    user_id: int,
    workout_id: int,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> UndoneSet:
    """Remove the workout's latest set, once per key (scope "fitness.undo"): a double tap
    undoes one set, not two. Raises WorkoutNotFound, WorkoutNotActive, NothingToUndo."""
    now = aware(now)

    def remove(tx: Session) -> dict[str, Any]:
        workout = active_workout(tx, user_id, workout_id)
        last = tx.exec(
            select(WorkoutSet).where(col(WorkoutSet.workout_id) == workout.id).order_by(col(WorkoutSet.id).desc())
        ).first()
        if last is None:
            raise NothingToUndo("no set to undo")
        tx.delete(last)
        tx.flush()
        return {"set_id": last.id}

    answer, ran = run_once(session, user_id=user_id, scope=UNDO_SCOPE, key=idempotency_key,
                           payload={"workout_id": workout_id}, action=remove)
    return UndoneSet(
        user_id=user_id,
        workout_id=workout_id,
        set_id=answer["set_id"],
        undone=ran,
        workout=get_workout(session, user_id, workout_id, language, now=now),
    )


def announce_set(result: LoggedSet, session: Session | None = None) -> bool:
    """Publish demo_interact (action "log_set") for a set really logged, in its transaction when given."""
    if result.logged:
        events.interacted(
            result.user_id,
            "fitness",
            action="log_set",
            workout_id=result.workout_id,
            set_id=result.set_id,
            exercise=result.exercise_slug,
            reps=result.reps,
            weight_g=result.weight_g,
            session=session,
        )
    return result.logged


def submit_set(
    session: Session,
    user_id: int,
    workout_id: int,
    exercise_slug: str,
    reps: int | str,
    weight_g: int | None,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> LoggedSet:
    """log_set, announced in the same unit of work: what the UI calls."""
    result = log_set(session, user_id, workout_id, exercise_slug, reps, weight_g, idempotency_key,
                     language=language, now=now)
    announce_set(result, session)
    return result
