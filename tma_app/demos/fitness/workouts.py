"""Workouts: start one, log and undo sets, finish it; each exactly once per idempotency key.

The mutations take a Session the caller commits and emit nothing. After the commit, the
caller passes the result to `announce_set` / `announce_finish`, which emit the demo event only
for a real action (a replayed key announces nothing). `submit_set` / `submit_finish` do all
three: open a transaction, commit it, announce.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tma_app.core.db import session_scope
from tma_app.core.idempotency import run_once
from tma_app.demos import events
from tma_app.demos.fitness.errors import (
    ExerciseNotFound,
    NothingToUndo,
    WeightNotAllowed,
    WorkoutEmpty,
    WorkoutFull,
    WorkoutNotActive,
    WorkoutNotFound,
)
from tma_app.demos.fitness.models import (
    Exercise,
    FinishedWorkout,
    LoggedSet,
    UndoneSet,
    Workout,
    WorkoutSet,
    WorkoutStart,
)
from tma_app.demos.fitness.programs import program_by_slug
from tma_app.demos.fitness.rules import aware, check_reps, elapsed_seconds, weight_grams
from tma_app.demos.fitness.views import get_workout, own_workout, totals_of, workout_sets
from tma_app.ui.i18n import Language

START_SCOPE = "fitness.start"
SET_SCOPE = "fitness.set"
UNDO_SCOPE = "fitness.undo"
FINISH_SCOPE = "fitness.finish"
MAX_SETS = 100


def start_workout(
    session: Session,
    user_id: int,
    program_slug: str,
    idempotency_key: str,
    now: datetime | None = None,
    *,
    language: Language,
) -> WorkoutStart:
    """Start a workout of the program, once per key (scope "fitness.start").

    A user has at most one active workout: while one is under way (of this program or
    another), it is returned with started=False and nothing is created; the UI offers to
    resume it, or to discard_workout it first. Raises ProgramNotFound, IdempotencyKeyInvalid,
    IdempotencyConflict.
    """
    now = aware(now)

    def begin(tx: Session) -> dict[str, Any]:
        program = program_by_slug(tx, program_slug)
        active = tx.exec(select(Workout).where(Workout.user_id == user_id, Workout.status == "active")).first()
        if active is not None:
            return {"workout_id": active.id, "started": False}
        workout = Workout(user_id=user_id, program_id=program.id, started_at=now)
        tx.add(workout)
        tx.flush()
        return {"workout_id": workout.id, "started": True}

    start = {"user_id": user_id, "scope": START_SCOPE, "key": idempotency_key,
             "payload": {"program": program_slug}, "action": begin}
    try:
        answer, ran = run_once(session, **start)
    except IntegrityError:
        # A start with another key made the active workout first; our savepoint undid ours.
        answer, ran = run_once(session, **start)
    workout = get_workout(session, user_id, answer["workout_id"], language, now=now)
    return WorkoutStart(user_id=user_id, started=ran and answer["started"], workout=workout)


def log_set(
    session: Session,
    user_id: int,
    workout_id: int,
    exercise_slug: str,
    reps: int | str,
    weight_kg: object,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> LoggedSet:
    """Log one set of an exercise of the workout's program, once per key (scope "fitness.set").

    reps: 1..100; weight_kg: 0..500 in 0.5 kg steps (see rules.weight_grams), 0 or None for a
    bodyweight exercise. A repeat of the key gets the first set back with logged=False, even
    if the workout has been finished since. Raises RepsInvalid, WeightInvalid,
    WeightNotAllowed, WorkoutNotFound (not the user's), WorkoutNotActive, ExerciseNotFound,
    WorkoutFull (100 sets), IdempotencyKeyInvalid, IdempotencyConflict.
    """
    reps, weight_g, now = check_reps(reps), weight_grams(weight_kg), aware(now)

    def record(tx: Session) -> dict[str, Any]:
        workout = _active_workout(tx, user_id, workout_id)
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
        workout = _active_workout(tx, user_id, workout_id)
        last = tx.exec(
            select(WorkoutSet).where(WorkoutSet.workout_id == workout.id).order_by(WorkoutSet.id.desc())
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


def finish_workout(
    session: Session,
    user_id: int,
    workout_id: int,
    idempotency_key: str,
    now: datetime | None = None,
    *,
    language: Language,
) -> FinishedWorkout:
    """Finish the workout, once per key (scope "fitness.finish"): records when, how long, and
    its totals (sets, reps, volume in grams), summed from its sets.

    Raises WorkoutEmpty (no set logged: discard it instead), WorkoutNotFound, WorkoutNotActive
    (already finished, by another key), IdempotencyKeyInvalid, IdempotencyConflict.
    """
    now = aware(now)

    def close(tx: Session) -> dict[str, Any]:
        workout = _active_workout(tx, user_id, workout_id)
        totals = totals_of(workout_sets(tx, workout.id))
        if totals.sets == 0:
            raise WorkoutEmpty("log at least one set before finishing")
        workout.status = "finished"
        workout.finished_at = max(now, workout.started_at)
        workout.duration_seconds = elapsed_seconds(workout.started_at, workout.finished_at)
        workout.total_sets, workout.total_reps, workout.total_volume_g = totals.sets, totals.reps, totals.volume_g
        tx.add(workout)
        tx.flush()
        return {"workout_id": workout.id}

    answer, ran = run_once(session, user_id=user_id, scope=FINISH_SCOPE, key=idempotency_key,
                           payload={"workout_id": workout_id}, action=close)
    workout = get_workout(session, user_id, answer["workout_id"], language, now=now)
    return FinishedWorkout(user_id=user_id, finished=ran, workout=workout)


def discard_workout(session: Session, user_id: int, workout_id: int) -> bool:
    """Throw away an active workout and its sets (no event); False when there is none by that id.

    Finished workouts are history and stay: WorkoutNotActive."""
    try:
        workout = own_workout(session, user_id, workout_id, lock=True)
    except WorkoutNotFound:
        return False
    if workout.status != "active":
        raise WorkoutNotActive("a finished workout cannot be discarded")
    session.execute(delete(WorkoutSet).where(WorkoutSet.workout_id == workout.id))
    session.execute(delete(Workout).where(Workout.id == workout.id))
    session.flush()
    return True


def announce_set(result: LoggedSet) -> bool:
    """Emit demo_interact (action "log_set") for a set that was really logged; call after commit."""
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
        )
    return result.logged


def announce_finish(result: FinishedWorkout) -> bool:
    """Emit demo_complete for a workout that was really finished now; call after commit."""
    if result.finished:
        workout = result.workout
        events.completed(
            result.user_id,
            "fitness",
            workout_id=workout.id,
            program=workout.program_slug,
            sets=workout.totals.sets,
            reps=workout.totals.reps,
            volume_g=workout.totals.volume_g,
            duration_seconds=workout.duration_seconds,
        )
    return result.finished


def submit_set(
    user_id: int,
    workout_id: int,
    exercise_slug: str,
    reps: int | str,
    weight_kg: object,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
    engine: Engine | None = None,
) -> LoggedSet:
    """log_set in a transaction of its own, committed, then announced: what the UI calls."""
    with session_scope(engine) as session:
        result = log_set(session, user_id, workout_id, exercise_slug, reps, weight_kg, idempotency_key,
                         language=language, now=now)
    announce_set(result)
    return result


def submit_finish(
    user_id: int,
    workout_id: int,
    idempotency_key: str,
    now: datetime | None = None,
    *,
    language: Language,
    engine: Engine | None = None,
) -> FinishedWorkout:
    """finish_workout in a transaction of its own, committed, then announced: what the UI calls."""
    with session_scope(engine) as session:
        result = finish_workout(session, user_id, workout_id, idempotency_key, now, language=language)
    announce_finish(result)
    return result


def _active_workout(session: Session, user_id: int, workout_id: object) -> Workout:
    workout = own_workout(session, user_id, workout_id, lock=True)
    if workout.status != "active":
        raise WorkoutNotActive("this workout is finished")
    return workout
