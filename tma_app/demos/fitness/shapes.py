"""What the fitness demo's functions hand to the UI: one language, never a table.

Weights are integer grams in every shape (a 0.5 kg step is 500 g), so totals are exact;
`volume_kg` is derived from grams for charts and labels.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import computed_field
from sqlmodel import SQLModel

from tma_app.demos.fitness.rules import rest_remaining

Level = Literal["beginner", "intermediate", "advanced"]
Status = Literal["active", "finished"]


class ExerciseView(SQLModel):
    slug: str
    name: str
    image_id: str
    target_sets: int
    target_reps: int
    rest_seconds: int
    weighted: bool


class ProgramCard(SQLModel):
    slug: str
    name: str
    description: str
    level: Level
    image_id: str
    exercise_count: int
    # Every target set plus its rest, rounded up: what the card promises, not a measurement.
    estimated_minutes: int
    # Premium programs: the price in Stars, and whether this user still has to buy it.
    premium_stars: int | None = None
    locked: bool = False


class ProgramDetail(SQLModel):
    program: ProgramCard
    exercises: list[ExerciseView]


class Totals(SQLModel):
    sets: int = 0
    reps: int = 0
    volume_g: int = 0

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented spelling
    @property
    def volume_kg(self) -> float:
        # Exact: volumes are whole multiples of 0.5 kg, which a float holds exactly.
        return self.volume_g / 1000


class SetView(SQLModel):
    id: int
    # 1-based among this exercise's sets in the workout.
    number: int
    reps: int
    weight_g: int
    logged_at: datetime


class ExerciseProgress(SQLModel):
    exercise: ExerciseView
    sets: list[SetView]
    done: bool
    # What to prefill: the target reps, and the weight of this exercise's latest set
    # (in this workout, else in the user's previous workouts), 0 for a first time.
    suggested_reps: int
    suggested_weight_g: int


class WorkoutView(SQLModel):
    id: int
    status: Status
    program_slug: str
    program_name: str
    image_id: str
    started_at: datetime
    finished_at: datetime | None
    # Final for a finished workout; seconds elapsed at `now` for an active one.
    duration_seconds: int
    exercises: list[ExerciseProgress]
    # Where to carry on: the last set's exercise while it has sets to go, else the first
    # unfinished one in program order; None once every target is met.
    next_exercise_slug: str | None
    last_set_at: datetime | None
    # The rest after the last set: its exercise's rest, ending at rest_ends_at.
    rest_seconds: int
    rest_ends_at: datetime | None
    # Seconds of rest left at the `now` the view was built for (0 when finished or none).
    rest_remaining: int
    totals: Totals
    can_undo: bool
    can_finish: bool

    def rest_remaining_at(self, now: datetime) -> int:
        """Seconds of rest left at `now`, for a UI that ticks without asking the server."""
        if self.status != "active" or self.last_set_at is None:
            return 0
        return rest_remaining(self.last_set_at, self.rest_seconds, now)


class WorkoutStart(SQLModel):
    """What start_workout did. `started` is False when an active workout was returned instead."""

    user_id: int
    started: bool
    workout: WorkoutView


class LoggedSet(SQLModel):
    """What log_set did. `logged` is False when the idempotency key replayed an earlier set."""

    user_id: int
    workout_id: int
    set_id: int
    exercise_slug: str
    reps: int
    weight_g: int
    logged: bool
    workout: WorkoutView


class UndoneSet(SQLModel):
    """What undo_last_set did. `undone` is False when the idempotency key replayed an earlier undo."""

    user_id: int
    workout_id: int
    set_id: int
    undone: bool
    workout: WorkoutView


class FinishedWorkout(SQLModel):
    """What finish_workout did. `finished` is False when the idempotency key replayed an earlier finish."""

    user_id: int
    finished: bool
    workout: WorkoutView


class WorkoutSummary(SQLModel):
    """A finished workout in the history list."""

    id: int
    program_slug: str
    program_name: str
    image_id: str
    started_at: datetime
    finished_at: datetime
    duration_seconds: int
    totals: Totals


class ProgressPoint(SQLModel):
    """One day of the progress chart, in the user's time zone; zero when nothing was finished."""

    day: date
    sets: int
    volume_g: int

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented spelling
    @property
    def volume_kg(self) -> float:
        return self.volume_g / 1000


class ProgramsOverview(SQLModel):
    """What the programs screen reads: the programs, the workout to resume, the streak in days."""

    programs: list[ProgramCard]
    active: WorkoutView | None
    streak_days: int
    # The zone the streak's days were counted in (the device's, else the stored one, else UTC).
    timezone: str = "UTC"


class ProgramOverview(SQLModel):
    """What one program's screen reads: the program and the workout under way, if any."""

    detail: ProgramDetail
    active: WorkoutView | None


class ProgressOverview(SQLModel):
    """What the progress screen reads: finished workouts, the 30-day series and its totals."""

    workouts: list[WorkoutSummary]
    points: list[ProgressPoint]
    streak_days: int
    # Over the series: its volume, the days with a workout, and whether today is one of them.
    volume_g: int
    active_days: int
    trained_today: bool
    # The zone the days were counted in (the device's, else the stored one, else UTC).
    timezone: str = "UTC"
