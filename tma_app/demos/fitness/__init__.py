"""The fitness demo: programs of exercises, workouts with logged sets and a rest timer, history.

The states call the module that holds the logic: `overviews` (what each screen reads),
`workouts` (start, finish, discard), `sets` (log, undo), `queries` (one workout as the screen
reads it), `programs` and `history`; the pure rules are in `rules`, the tables in `models`,
the shapes those functions return in `shapes`, what each screen shows in `presenter` and
`workout_presenter` (with `chart` and `labels` for geometry and wording).

Every function takes a Session the caller commits (a state runs it through
`tma_app.core.db.in_session`). Logging a set and finishing a workout announce demo events:
`log_set` / `finish_workout` do the work and publish nothing (the caller passes its session to
`announce_set` / `announce_finish` before its commit), while `submit_set` / `submit_finish` do
both in one unit of work. A replayed idempotency key announces nothing either way. Weights are
integer grams in every argument and every result.
"""

# The assistant's knowledge of the demo and the facts of each screen, registered with the demo.
from tma_app.demos.fitness import knowledge as _knowledge  # noqa: E402,F401

# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos.fitness import messages as _messages  # noqa: E402,F401

# Premium programs, sold for Stars through payments.
from tma_app.demos.fitness import premium as _premium  # noqa: E402,F401
