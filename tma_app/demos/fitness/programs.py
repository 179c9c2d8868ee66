"""The programs: what the user picks from, with their ordered exercises, in one language."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.demos.fitness.errors import ProgramNotFound
from tma_app.demos.fitness.models import Exercise, Program
from tma_app.demos.fitness.shapes import ExerciseView, Level, ProgramCard, ProgramDetail

# What one set takes before its rest, for the card's time estimate.
SECONDS_PER_SET = 40


def list_programs(session: Session, language: Language, owned: frozenset[str] = frozenset()) -> list[ProgramCard]:
    """Every program; premium ones not in `owned` (the slugs the user bought) are locked."""
    programs = session.exec(select(Program).order_by(col(Program.sort_order), col(Program.slug))).all()
    exercises: dict[int, list[Exercise]] = defaultdict(list)
    for exercise in session.exec(select(Exercise)).all():
        exercises[exercise.program_id].append(exercise)
    return [program_card(program, exercises[program.id], language, owned) for program in programs]


def get_program(session: Session, slug: str, language: Language, owned: frozenset[str] = frozenset()
                ) -> ProgramDetail:
    program = program_by_slug(session, slug)
    exercises = program_exercises(session, program.id)
    return ProgramDetail(
        program=program_card(program, exercises, language, owned),
        exercises=[exercise_view(exercise, language) for exercise in exercises],
    )


def program_by_slug(session: Session, slug: object) -> Program:
    program = session.exec(select(Program).where(Program.slug == slug)).first() if isinstance(slug, str) else None
    if program is None:
        raise ProgramNotFound("no such program")
    return program


def program_exercises(session: Session, program_id: int) -> list[Exercise]:
    return list(
        session.exec(
            select(Exercise)
            .where(col(Exercise.program_id) == program_id)
            .order_by(col(Exercise.sort_order), col(Exercise.id))
        ).all()
    )


def is_locked(program: Program, owned: frozenset[str]) -> bool:
    return bool(program.premium_stars) and program.slug not in owned


def program_card(program: Program, exercises: list[Exercise], language: Language,
                 owned: frozenset[str] = frozenset()) -> ProgramCard:
    ru = language == "ru"
    seconds = sum(e.target_sets * (SECONDS_PER_SET + e.rest_seconds) for e in exercises)
    return ProgramCard(
        slug=program.slug,
        name=program.name_ru if ru else program.name_en,
        description=program.description_ru if ru else program.description_en,
        level=cast(Level, program.level),
        image_id=program.image_id,
        exercise_count=len(exercises),
        estimated_minutes=-(-seconds // 60),
        premium_stars=program.premium_stars,
        locked=is_locked(program, owned),
    )


def exercise_view(exercise: Exercise, language: Language) -> ExerciseView:
    return ExerciseView(
        slug=exercise.slug,
        name=exercise.name_ru if language == "ru" else exercise.name_en,
        image_id=exercise.image_id,
        target_sets=exercise.target_sets,
        target_reps=exercise.target_reps,
        rest_seconds=exercise.rest_seconds,
        weighted=exercise.weighted,
    )
