"""The fitness demo's API, in one import for its pages, states and routes.

Reads and mutations take a Session the caller commits (a state runs them through
`tma_app.core.db.in_session`). Logging a set and finishing a workout announce demo events:
`log_set` / `finish_workout` do the work and publish nothing (the caller calls `announce_set` /
`announce_finish` with its session, before its commit), while `submit_set` / `submit_finish`
do both in the caller's unit of work. A replayed idempotency key announces nothing either way.
Weights are integer grams in every argument and every result. Each screen reads its data in
one call: `programs_overview`, `program_overview`, `progress_overview`.
"""

from tma_app.demos.fitness.history import current_streak, list_workouts, progress_series
from tma_app.demos.fitness.overviews import program_overview, programs_overview, progress_overview
from tma_app.demos.fitness.programs import get_program, list_programs
from tma_app.demos.fitness.queries import get_active_workout, get_workout
from tma_app.demos.fitness.rules import check_reps, check_weight_g, rest_remaining, user_zone
from tma_app.demos.fitness.seed import mark_available, seed_fitness
from tma_app.demos.fitness.sets import announce_set, log_set, submit_set, undo_last_set
from tma_app.demos.fitness.workouts import (
    announce_finish,
    discard_workout,
    finish_workout,
    start_workout,
    submit_finish,
)

__all__ = [
    "announce_finish",
    "announce_set",
    "check_reps",
    "check_weight_g",
    "current_streak",
    "discard_workout",
    "finish_workout",
    "get_active_workout",
    "get_program",
    "get_workout",
    "list_programs",
    "list_workouts",
    "log_set",
    "mark_available",
    "program_overview",
    "programs_overview",
    "progress_overview",
    "progress_series",
    "rest_remaining",
    "seed_fitness",
    "start_workout",
    "submit_finish",
    "submit_set",
    "undo_last_set",
    "user_zone",
]
