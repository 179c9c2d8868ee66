"""History of the user's finished workouts: the list, the 30-day chart and the current streak.

Days are calendar days in the user's IANA time zone (the client's
`Intl.DateTimeFormat().resolvedOptions().timeZone`), UTC when it is unknown or invalid;
a workout counts on the day it was finished.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demos.fitness.models import Program, Workout
from tma_app.demos.fitness.rules import aware, last_days, local_day, streak, user_zone
from tma_app.demos.fitness.shapes import ProgressPoint, Totals, WorkoutSummary

HISTORY_LIMIT = 50
SERIES_DAYS = 30


def _finished_at(moment: datetime | None) -> datetime:
    """A finished workout's end: every row read here has status "finished", which sets it."""
    assert moment is not None
    return moment


def list_workouts(session: Session, user_id: int, language: Language, *, limit: int = 20) -> list[WorkoutSummary]:
    """The user's finished workouts, newest first."""
    limit = max(1, min(limit, HISTORY_LIMIT))
    rows = session.exec(
        select(Workout, Program)
        .join(Program, col(Program.id) == col(Workout.program_id))
        .where(Workout.user_id == user_id, Workout.status == "finished")
        .order_by(col(Workout.finished_at).desc(), col(Workout.id).desc())
        .limit(limit)
    ).all()
    return [
        WorkoutSummary(
            id=workout.id,
            program_slug=program.slug,
            program_name=program.name_ru if language == "ru" else program.name_en,
            image_id=program.image_id,
            started_at=workout.started_at,
            finished_at=_finished_at(workout.finished_at),
            duration_seconds=workout.duration_seconds,
            totals=Totals(sets=workout.total_sets, reps=workout.total_reps, volume_g=workout.total_volume_g),
        )
        for workout, program in rows
    ]


def progress_series(
    session: Session, user_id: int, timezone: str | None, *, now: datetime | None = None, days: int = SERIES_DAYS
) -> list[ProgressPoint]:
    """One point per day for the last `days` days ending today in the user's zone, oldest first:
    sets and volume of the workouts finished that day, zero on days without one."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise ValueError("days must be 1 to 366")
    zone, now = user_zone(timezone), aware(now)
    window = last_days(local_day(now, zone), days)
    points = {day: [0, 0] for day in window}
    # Local days start anywhere from UTC-12 to UTC+14: read a day more on each side, then
    # let each workout's own local date decide.
    since = datetime.combine(window[0] - timedelta(days=1), time(), UTC)
    until = datetime.combine(window[-1] + timedelta(days=2), time(), UTC)
    rows = session.exec(
        select(Workout.finished_at, Workout.total_sets, Workout.total_volume_g).where(
            Workout.user_id == user_id,
            Workout.status == "finished",
            col(Workout.finished_at) >= since,
            col(Workout.finished_at) < until,
        )
    )
    for finished_at, sets, volume_g in rows:
        point = points.get(local_day(_finished_at(finished_at), zone))
        if point is not None:
            point[0] += sets
            point[1] += volume_g
    return [ProgressPoint(day=day, sets=sets, volume_g=volume_g) for day, (sets, volume_g) in points.items()]


def current_streak(session: Session, user_id: int, timezone: str | None, *, now: datetime | None = None) -> int:
    """Consecutive days with a finished workout, ending today or yesterday in the user's zone."""
    zone, now = user_zone(timezone), aware(now)
    today = local_day(now, zone)
    rows = session.exec(
        select(Workout.finished_at)
        .where(Workout.user_id == user_id, Workout.status == "finished")
        .order_by(col(Workout.finished_at).desc())
    )
    days: set[date] = set()
    for finished_at in rows:
        day = local_day(_finished_at(finished_at), zone)
        # Newest first: once there are more calendar days back to this one than days seen,
        # a gap lies in between and nothing older can extend the streak.
        if day < today - timedelta(days=len(days) + 1):
            break
        if day <= today:
            days.add(day)
    return streak(days, today)
