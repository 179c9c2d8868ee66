"""The fitness demo: programs of exercises, workouts with logged sets and a rest timer, history.

The UI calls `tma_app.demos.fitness.service`; the logic lives in `programs`, `workouts`,
`sets`, `queries` (reads of one workout), `history` and `overviews` (what each screen reads),
the pure rules in `rules`, the tables and shapes in `models`. The screens are `pages` (built
from `components`) over the thin states in `state` and `workout_state`; `presenter` and
`workout_presenter` build what they show, with `chart` and `labels` for geometry and wording.
"""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.demos.fitness import messages as _messages  # noqa: E402,F401
