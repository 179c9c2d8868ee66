"""A workout as the screen shows it: per exercise its target and logged sets, what comes next,
the rest countdown and the running totals. Only ever the user's own workouts."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demos.fitness.errors import WorkoutNotActive, WorkoutNotFound
from tma_app.demos.fitness.models import Exercise, Program, Workout, WorkoutSet
from tma_app.demos.fitness.programs import exercise_view, program_exercises
from tma_app.demos.fitness.rules import aware, elapsed_seconds, rest_remaining, volume_grams
from tma_app.demos.fitness.shapes import ExerciseProgress, SetView, Status, Totals, WorkoutView


def get_workout(
    session: Session, user_id: int, workout_id: int, language: Language, *, now: datetime | None = None
) -> WorkoutView:
    """One of the user's workouts, active or finished; anyone else's is WorkoutNotFound."""
    return build_view(session, own_workout(session, user_id, workout_id), language, aware(now))


def get_active_workout(
    session: Session, user_id: int, language: Language, *, now: datetime | None = None
) -> WorkoutView | None:
    """The workout to resume when the demo opens, if one is under way."""
    workout = session.exec(select(Workout).where(Workout.user_id == user_id, Workout.status == "active")).first()
    return build_view(session, workout, language, aware(now)) if workout else None


def own_workout(session: Session, user_id: int, workout_id: object, *, lock: bool = False) -> Workout:
    if isinstance(workout_id, bool) or not isinstance(workout_id, int):
        raise WorkoutNotFound("no such workout")
    statement = select(Workout).where(Workout.id == workout_id, Workout.user_id == user_id)
    if lock:
        # Sets and the finish of one workout queue up behind each other (PostgreSQL; SQLite
        # serialises writers anyway), so totals always match the sets they were summed from.
        statement = statement.with_for_update()
    workout = session.exec(statement.execution_options(populate_existing=True)).first()
    if workout is None:
        raise WorkoutNotFound("no such workout")
    return workout


def active_workout(session: Session, user_id: int, workout_id: object) -> Workout:
    """The user's workout, locked, for a change that only an active workout takes."""
    workout = own_workout(session, user_id, workout_id, lock=True)
    if workout.status != "active":
        raise WorkoutNotActive("this workout is finished")
    return workout


def workout_sets(session: Session, workout_id: int) -> list[WorkoutSet]:
    statement = select(WorkoutSet).where(col(WorkoutSet.workout_id) == workout_id).order_by(col(WorkoutSet.id))
    return list(session.exec(statement))


def totals_of(sets: list[WorkoutSet]) -> Totals:
    return Totals(
        sets=len(sets),
        reps=sum(s.reps for s in sets),
        volume_g=sum(volume_grams(s.reps, s.weight_g) for s in sets),
    )


def build_view(session: Session, workout: Workout, language: Language, now: datetime) -> WorkoutView:
    program = session.get(Program, workout.program_id)
    assert program is not None, "a workout's program is never deleted (foreign key)"
    exercises = program_exercises(session, workout.program_id)
    sets = workout_sets(session, workout.id)
    by_exercise: dict[int, list[WorkoutSet]] = defaultdict(list)
    for logged in sets:
        by_exercise[logged.exercise_id].append(logged)
    last_weights = _last_weights(session, workout.user_id, [e.id for e in exercises if e.weighted])
    active = workout.status == "active"
    progress = [
        ExerciseProgress(
            exercise=exercise_view(exercise, language),
            sets=[
                SetView(id=s.id, number=n, reps=s.reps, weight_g=s.weight_g, logged_at=s.logged_at)
                for n, s in enumerate(by_exercise[exercise.id], start=1)
            ],
            done=len(by_exercise[exercise.id]) >= exercise.target_sets,
            suggested_reps=exercise.target_reps,
            suggested_weight_g=last_weights.get(exercise.id, 0),
        )
        for exercise in exercises
    ]
    last = sets[-1] if sets else None
    last_exercise = next((e for e in exercises if last and e.id == last.exercise_id), None)
    rest_seconds = last_exercise.rest_seconds if last_exercise else 0
    return WorkoutView(
        id=workout.id,
        status=cast(Status, workout.status),
        program_slug=program.slug,
        program_name=program.name_ru if language == "ru" else program.name_en,
        image_id=program.image_id,
        started_at=workout.started_at,
        finished_at=workout.finished_at,
        duration_seconds=elapsed_seconds(workout.started_at, now) if active else workout.duration_seconds,
        exercises=progress,
        next_exercise_slug=_next_exercise(progress, last_exercise),
        last_set_at=last.logged_at if last else None,
        rest_seconds=rest_seconds,
        rest_ends_at=last.logged_at + timedelta(seconds=rest_seconds) if last else None,
        rest_remaining=rest_remaining(last.logged_at, rest_seconds, now) if last and active else 0,
        totals=totals_of(sets),
        can_undo=active and bool(sets),
        can_finish=active and bool(sets),
    )


def _next_exercise(progress: list[ExerciseProgress], last_exercise: Exercise | None) -> str | None:
    # Carry on with the exercise in hand while it has sets to go, even if done out of order.
    if last_exercise is not None:
        current = next(p for p in progress if p.exercise.slug == last_exercise.slug)
        if not current.done:
            return current.exercise.slug
    return next((p.exercise.slug for p in progress if not p.done), None)


def _last_weights(session: Session, user_id: int, exercise_ids: list[int]) -> dict[int, int]:
    """The weight of the user's latest set of each exercise, across all their workouts."""
    if not exercise_ids:
        return {}
    latest = (
        select(func.max(WorkoutSet.id))
        .join(Workout, col(Workout.id) == col(WorkoutSet.workout_id))
        .where(col(Workout.user_id) == user_id, col(WorkoutSet.exercise_id).in_(exercise_ids))
        .group_by(col(WorkoutSet.exercise_id))
    )
    rows = session.exec(
        select(col(WorkoutSet.exercise_id), col(WorkoutSet.weight_g)).where(col(WorkoutSet.id).in_(latest)))
    return dict(rows.all())
