"""The workout screen as the page shows it: the workout, each exercise's sets, the set being dialled in.

Plain Python over the service's `WorkoutView`; `media_base` as in `presenter`.
"""

from __future__ import annotations

from typing import Any

from tma_app.core.i18n import Language, plural, text
from tma_app.demos.fitness import labels
from tma_app.demos.fitness.presenter import epoch_ms, exercise_target
from tma_app.demos.fitness.shapes import ExerciseProgress, WorkoutView
from tma_app.media.props import image_props

ERRORS = {
    "WORKOUT_NOT_FOUND": "f_error_not_active",
    "WORKOUT_NOT_ACTIVE": "f_error_not_active",
    "REPS_INVALID": "f_error_input",
    "WEIGHT_INVALID": "f_error_input",
    "WEIGHT_NOT_ALLOWED": "f_error_input",
    "WORKOUT_FULL": "f_error_full",
    "WORKOUT_EMPTY": "f_error_empty",
    "NOTHING_TO_UNDO": "f_error_nothing_to_undo",
}

# The shape of an exercise on screen before one is in hand, so the page never reads a missing key.
NO_EXERCISE: dict[str, Any] = {"slug": "", "name": "", "target": "", "weighted": False, "done": False, "progress": "",
                     "next_set": "", "sets": [], "picture": {}, "thumb": {}}


def refusal(error: Exception, language: Language) -> str:
    """The notice for a refused set, undo or finish, by the error's code."""
    return text(ERRORS.get(getattr(error, "code", ""), "f_error_generic"), language)


def workout_row(view: WorkoutView, language: Language, *, media_base: str) -> dict[str, Any]:
    totals = view.totals
    volume = labels.format_kg(totals.volume_g, language)
    return {
        "id": view.id,
        "active": view.status == "active",
        "program": view.program_name,
        "program_slug": view.program_slug,
        "picture": image_props(view.image_id, sizes="64px", language=language, base_url=media_base),
        "started_ms": epoch_ms(view.started_at),
        "rest_end_ms": epoch_ms(view.rest_ends_at) if view.status == "active" else 0,
        "rest_seconds": view.rest_seconds,
        "sets": totals.sets,
        "can_undo": view.can_undo,
        "all_done": view.next_exercise_slug is None,
        "next": view.next_exercise_slug or "",
        "duration": labels.duration(view.duration_seconds, language),
        "total_sets": str(totals.sets),
        "total_reps": str(totals.reps),
        "volume": volume,
        "summary": " · ".join((plural("f_sets", totals.sets, language), volume)),
    }


def exercise_row(progress: ExerciseProgress, language: Language, *, media_base: str) -> dict[str, Any]:
    exercise, count = progress.exercise, len(progress.sets)
    next_set = (text("f_set_of", language, n=str(count + 1), total=str(exercise.target_sets))
                if count < exercise.target_sets
                else text("f_extra_set", language, n=str(count + 1 - exercise.target_sets)))
    return {
        "slug": exercise.slug,
        "name": exercise.name,
        "target": exercise_target(exercise, language),
        "weighted": exercise.weighted,
        "done": progress.done,
        "progress": f"{count}/{exercise.target_sets}",
        "next_set": next_set,
        "suggested_reps": progress.suggested_reps,
        "suggested_weight_g": progress.suggested_weight_g,
        "sets": [{"id": s.id, "number": s.number, "line": labels.set_line(s.reps, s.weight_g, language)}
                 for s in progress.sets],
        "picture": image_props(exercise.image_id, sizes="(min-width: 640px) 160px, 40vw", language=language,
                               base_url=media_base),
        "thumb": image_props(exercise.image_id, sizes="48px", language=language, base_url=media_base),
    }


def workout_screen(
    view: WorkoutView, language: Language, *, media_base: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The workout and its exercises, in program order."""
    return (workout_row(view, language, media_base=media_base),
            [exercise_row(progress, language, media_base=media_base) for progress in view.exercises])


def newest_set_exercise(exercises: list[dict[str, Any]]) -> str:
    """The exercise (of the screen's rows) whose set was logged last: the one an undo goes back to."""
    newest = max(((s["id"], e["slug"]) for e in exercises for s in e["sets"]), default=None)
    return newest[1] if newest else ""


def suggestion(exercise: dict[str, Any]) -> tuple[int, int]:
    """The reps and grams an exercise's next set starts from (no weight for a bodyweight one)."""
    return exercise.get("suggested_reps", 10), exercise.get("suggested_weight_g", 0) if exercise.get("weighted") else 0


def draft(reps: int, weight_g: int, language: Language) -> tuple[str, str]:
    """The weight stepper's figure and the line the set will show once logged."""
    return labels.weight_number(weight_g, language), labels.set_line(reps, weight_g, language)
