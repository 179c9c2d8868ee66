"""What the assistant may know about the fitness demo: its programs and exercises for the offline
help, and the facts of the screen a user asks from (the program, their own workout and history).

Read through the demo's own functions (`programs`, `queries`, `history`, `overviews`), for the
verified user only.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tma_app.ai import context, knowledge
from tma_app.core.i18n import Language
from tma_app.demos.fitness import history, labels, overviews, programs, queries
from tma_app.demos.fitness.errors import ProgramNotFound, WorkoutNotFound
from tma_app.demos.fitness.shapes import ExerciseView, ProgramCard, WorkoutView

DEMO = "fitness"
MAX_LINES = 8  # exercises and workouts listed; a count says how many there are


def _target(exercise: ExerciseView, language: Language) -> str:
    ru = language == "ru"
    kind = ("с весом" if ru else "with weight") if exercise.weighted else ("свой вес" if ru else "bodyweight")
    rest = labels.duration(exercise.rest_seconds, language)
    return (f"{exercise.target_sets} × {exercise.target_reps}, {kind}, "
            + (f"отдых {rest}" if ru else f"rest {rest}"))


def _program_line(card: ProgramCard, language: Language) -> str:
    ru = language == "ru"
    minutes = labels.duration(card.estimated_minutes * 60, language)
    return (f"{'Уровень' if ru else 'Level'}: {labels.level(card.level, language)}. "
            f"{'Упражнений' if ru else 'Exercises'}: {card.exercise_count}, "
            f"{'около' if ru else 'about'} {minutes}.")


def program_documents(session: Session, language: Language) -> list[knowledge.Document]:
    """One document per program (level, time, its exercises) and one per exercise (its targets)."""
    documents = []
    for card in programs.list_programs(session, language):
        detail = programs.get_program(session, card.slug, language)
        names = ", ".join(e.name for e in detail.exercises)
        documents.append(knowledge.Document(
            key=f"{DEMO}:program:{card.slug}",
            title=card.name,
            body=f"{card.description} {_program_line(card, language)} {names}.",
            language=language,
            demo=DEMO,
        ))
        for exercise in detail.exercises:
            documents.append(knowledge.Document(
                key=f"{DEMO}:exercise:{card.slug}:{exercise.slug}",
                title=exercise.name,
                body=f"{card.name}: {_target(exercise, language)}.",
                language=language,
                demo=DEMO,
            ))
    return documents


def screen_facts(session: Session, user_id: int, screen: str, item: str | None,
                 language: Language) -> dict[str, Any]:
    """The facts of a fitness screen for this user; ContextInvalid for an unknown screen,
    LookupError for a program that does not exist or a workout that is not this user's."""
    if screen == "programs":
        overview = overviews.programs_overview(session, user_id, language, None)
        return {
            "programs": [{"program": p.name, "level": labels.level(p.level, language),
                          "minutes": p.estimated_minutes} for p in overview.programs[:MAX_LINES]],
            "workout_under_way": overview.active.program_name if overview.active else None,
            "streak_days": overview.streak_days,
        }
    if screen == "program":
        return _program(session, user_id, item, language)
    if screen == "workout":
        return _workout(session, user_id, item, language)
    if screen == "history":
        done = history.list_workouts(session, user_id, language, limit=MAX_LINES)
        return {
            "finished_workouts": [
                {"program": w.program_name, "date": w.finished_at.date().isoformat(),
                 "duration": labels.duration(w.duration_seconds, language), "sets": w.totals.sets,
                 "volume_kg": w.totals.volume_kg} for w in done],
            "streak_days": history.current_streak(session, user_id, None),
        }
    raise context.ContextInvalid(f"unknown fitness screen {screen!r}")


def _program(session: Session, user_id: int, slug: str | None, language: Language) -> dict[str, Any]:
    if slug is None:
        raise LookupError("the program screen names a program")
    try:
        overview = overviews.program_overview(session, slug, user_id, language)
    except ProgramNotFound as error:
        raise LookupError(str(error)) from error
    card = overview.detail.program
    return {
        "program": card.name,
        "level": labels.level(card.level, language),
        "minutes": card.estimated_minutes,
        "description": card.description,
        "exercises": [{"exercise": e.name, "target": _target(e, language)}
                      for e in overview.detail.exercises[:MAX_LINES]],
        "exercise_count": len(overview.detail.exercises),
        "workout_under_way": overview.active.program_name if overview.active else None,
    }


def _workout(session: Session, user_id: int, item: str | None, language: Language) -> dict[str, Any]:
    """The named workout of this user; without a name, the one under way, else the last finished."""
    view: WorkoutView | None
    if item is not None:
        if not (item.isascii() and item.isdigit() and len(item) <= 18):
            raise LookupError("a workout is named by its id")
        try:
            view = queries.get_workout(session, user_id, int(item), language)
        except WorkoutNotFound as error:
            raise LookupError(str(error)) from error
    else:
        view = queries.get_active_workout(session, user_id, language)
        if view is None:
            last = history.list_workouts(session, user_id, language, limit=1)
            view = queries.get_workout(session, user_id, last[0].id, language) if last else None
    if view is None:
        return {"workout": None}
    return {
        "workout": view.program_name,
        "status": view.status,
        "duration": labels.duration(view.duration_seconds, language),
        "exercises": [
            {"exercise": p.exercise.name, "target": f"{p.exercise.target_sets} × {p.exercise.target_reps}",
             "sets_done": [labels.set_line(s.reps, s.weight_g, language) for s in p.sets[:MAX_LINES]],
             "done": p.done}
            for p in view.exercises[:MAX_LINES]
        ],
        "next_exercise": next((p.exercise.name for p in view.exercises
                               if p.exercise.slug == view.next_exercise_slug), None),
        "rest_seconds_left": view.rest_remaining,
        "totals": {"sets": view.totals.sets, "reps": view.totals.reps, "volume_kg": view.totals.volume_kg},
    }


knowledge.register_source(DEMO, program_documents)
context.register_context(DEMO, screen_facts)
