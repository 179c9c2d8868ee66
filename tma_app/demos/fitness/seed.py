"""The demo programs: three of them, five exercises each, in English and Russian. Seeding is
idempotent: a second run refreshes the texts and targets and creates nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from tma_app.core.db import upsert_returning_id
from tma_app.demo_catalog.service import open_demo
from tma_app.demos.fitness.models import Exercise, Program


@dataclass(frozen=True)
class ExerciseSeed:
    slug: str
    en: str
    ru: str
    image: str
    sets: int
    reps: int
    rest: int  # seconds
    weighted: bool = False


@dataclass(frozen=True)
class ProgramSeed:
    slug: str
    level: str
    en: str
    ru: str
    about_en: str
    about_ru: str
    image: str
    exercises: tuple[ExerciseSeed, ...]
    premium_stars: int | None = None  # sold for Telegram Stars; None: free


ex = ExerciseSeed

PROGRAMS: tuple[ProgramSeed, ...] = (
    ProgramSeed(
        "full-body-beginner", "beginner", "Full body beginner", "Всё тело: для начинающих",
        "Five moves for the whole body, three sets each: a safe start, three times a week.",
        "Пять упражнений на всё тело по три подхода: спокойное начало, три раза в неделю.",
        "fitness/kettlebell",
        (
            ex("goblet-squat", "Goblet squat", "Гоблет-присед", "fitness/kettlebell", 3, 10, 90, weighted=True),
            ex("push-up", "Push-ups", "Отжимания", "fitness/heart-rate", 3, 10, 60),
            ex("dumbbell-row", "Dumbbell row", "Тяга гантели в наклоне", "fitness/dumbbell", 3, 10, 90,
               weighted=True),
            ex("glute-bridge", "Glute bridge", "Ягодичный мостик", "fitness/yoga-mat", 3, 12, 60),
            ex("jump-rope", "Jump rope", "Прыжки на скакалке", "fitness/jump-rope", 3, 50, 60),
        ),
    ),
    ProgramSeed(
        "upper-body-strength", "intermediate", "Upper body strength", "Сила верха тела",
        "Presses, rows and pull-ups with longer rests: chest, back, shoulders and arms.",
        "Жимы, тяги и подтягивания с долгим отдыхом: грудь, спина, плечи и руки.",
        "fitness/dumbbell",
        (
            ex("bench-press", "Dumbbell bench press", "Жим гантелей лёжа", "fitness/dumbbell", 4, 8, 120,
               weighted=True),
            ex("overhead-press", "Overhead press", "Жим над головой", "fitness/dumbbell", 4, 8, 120, weighted=True),
            ex("pull-up", "Pull-ups", "Подтягивания", "fitness/heart-rate", 3, 6, 120),
            ex("kettlebell-row", "Kettlebell row", "Тяга гири в наклоне", "fitness/kettlebell", 4, 10, 90,
               weighted=True),
            ex("biceps-curl", "Biceps curl", "Сгибания на бицепс", "fitness/dumbbell", 3, 12, 60, weighted=True),
            ex("diamond-push-up", "Diamond push-ups", "Узкие отжимания", "fitness/stopwatch", 3, 10, 60),
        ),
    ),
    ProgramSeed(
        "core-mobility", "beginner", "Core & mobility", "Кор и мобильность",
        "A steady core and supple joints: slow, controlled moves with short rests.",
        "Крепкий кор и подвижные суставы: медленные, подконтрольные движения и короткий отдых.",
        "fitness/yoga-mat",
        (
            ex("cat-cow", "Cat-cow", "Кошка-корова", "fitness/yoga-mat", 2, 10, 30),
            ex("dead-bug", "Dead bug", "Мёртвый жук", "fitness/yoga-mat", 3, 12, 45),
            ex("bird-dog", "Bird dog", "Птица-собака", "fitness/yoga-mat", 3, 10, 45),
            ex("russian-twist", "Russian twist", "Русские скручивания", "fitness/kettlebell", 3, 20, 45, weighted=True),
            ex("mountain-climber", "Mountain climbers", "Скалолаз", "fitness/stopwatch", 3, 30, 45),
        ),
    ),
    ProgramSeed(
        "hiit-premium", "advanced", "HIIT burner", "Интервальный жиросжигатель",
        "A premium interval program: short all-out rounds with brief rests, four times through.",
        "Премиум-программа интервалов: короткие раунды на пределе и короткий отдых, четыре круга.",
        "fitness/stopwatch",
        (
            ex("burpee", "Burpees", "Бёрпи", "fitness/heart-rate", 4, 12, 30),
            ex("kettlebell-swing", "Kettlebell swing", "Махи гирей", "fitness/kettlebell", 4, 15, 30, weighted=True),
            ex("high-knees", "High knees", "Бег с высоким подниманием колен", "fitness/stopwatch", 4, 40, 30),
            ex("jump-squat", "Jump squats", "Приседания с выпрыгиванием", "fitness/jump-rope", 4, 12, 30),
        ),
        premium_stars=50,
    ),
)


def seed_fitness(session: Session) -> int:
    """Insert or refresh the programs and their exercises; returns how many exercises there are."""
    for order, program in enumerate(PROGRAMS):
        program_id = upsert_returning_id(session, Program, ("slug",), {
            "slug": program.slug,
            "sort_order": order * 10,
            "level": program.level,
            "name_en": program.en,
            "name_ru": program.ru,
            "description_en": program.about_en,
            "description_ru": program.about_ru,
            "image_id": program.image,
            "premium_stars": program.premium_stars,
        })
        for exercise_order, exercise in enumerate(program.exercises):
            upsert_returning_id(session, Exercise, ("program_id", "slug"), {
                "program_id": program_id,
                "slug": exercise.slug,
                "sort_order": exercise_order * 10,
                "name_en": exercise.en,
                "name_ru": exercise.ru,
                "image_id": exercise.image,
                "target_sets": exercise.sets,
                "target_reps": exercise.reps,
                "rest_seconds": exercise.rest,
                "weighted": exercise.weighted,
            })
    return sum(len(program.exercises) for program in PROGRAMS)


def mark_available(session: Session) -> bool:
    """Let the home screen link to the fitness demo; for the task that ships its pages.

    Returns False when the catalog has not been seeded yet (no "fitness" row)."""
    return open_demo(session, "fitness")

