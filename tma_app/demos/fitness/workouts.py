"""Workouts: start one, finish it, or discard it; start and finish exactly once per key.

`start_workout` and `finish_workout` take a Session the caller commits and publish nothing.
The caller passes finish_workout's result and its session to `announce_finish`, which
publishes demo_complete in that transaction only for a workout really finished now (a
replayed key announces nothing); `submit_finish` does both in the caller's unit of work (the
UI runs it through `tma_app.core.db.in_session`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.core.idempotency import run_once
from tma_app.demo_catalog import events
from tma_app.demos.fitness.errors import WorkoutEmpty, WorkoutNotActive, WorkoutNotFound
from tma_app.demos.fitness.models import Workout, WorkoutSet
from tma_app.demos.fitness.premium import check_unlocked
from tma_app.demos.fitness.programs import program_by_slug
from tma_app.demos.fitness.queries import active_workout, get_workout, own_workout, totals_of, workout_sets
from tma_app.demos.fitness.rules import aware, elapsed_seconds
from tma_app.demos.fitness.shapes import FinishedWorkout, WorkoutStart

START_SCOPE = "fitness.start"
FINISH_SCOPE = "fitness.finish"


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
        check_unlocked(tx, user_id, program)
        active = tx.exec(select(Workout).where(Workout.user_id == user_id, Workout.status == "active")).first()
        if active is not None:
            return {"workout_id": active.id, "started": False}
        workout = Workout(user_id=user_id, program_id=program.id, started_at=now)
        tx.add(workout)
        tx.flush()
        return {"workout_id": workout.id, "started": True}

    def start() -> tuple[dict[str, Any], bool]:
        return run_once(session, user_id=user_id, scope=START_SCOPE, key=idempotency_key,
                        payload={"program": program_slug}, action=begin)

    try:
        answer, ran = start()
    except IntegrityError:
        # A start with another key made the active workout first; our savepoint undid ours.
        answer, ran = start()
    workout = get_workout(session, user_id, answer["workout_id"], language, now=now)
    return WorkoutStart(user_id=user_id, started=ran and answer["started"], workout=workout)


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
        workout = active_workout(tx, user_id, workout_id)
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
    session.execute(delete(WorkoutSet).where(col(WorkoutSet.workout_id) == workout.id))
    session.execute(delete(Workout).where(col(Workout.id) == workout.id))
    session.flush()
    return True


def announce_finish(result: FinishedWorkout, session: Session | None = None) -> bool:
    """Publish demo_complete for a workout really finished now, in its transaction when given."""
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
            session=session,
        )
    return result.finished


def submit_finish(
    session: Session,
    user_id: int,
    workout_id: int,
    idempotency_key: str,
    now: datetime | None = None,
    *,
    language: Language,
) -> FinishedWorkout:
    """finish_workout, announced in the same unit of work: what the UI calls."""
    result = finish_workout(session, user_id, workout_id, idempotency_key, now, language=language)
    announce_finish(result, session)
    return result
