import pytest
from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.demo_catalog.models import Demo
from tma_app.demo_catalog.service import seed_catalog
from tma_app.demos.fitness.errors import ProgramNotFound
from tma_app.demos.fitness.models import Exercise, Program
from tma_app.demos.fitness.programs import get_program, list_programs
from tma_app.demos.fitness.seed import PROGRAMS, mark_available, seed_fitness
from tma_app.media.catalog import find


def counts() -> tuple[int, int]:
    with session_scope() as session:
        return (
            session.exec(select(func.count()).select_from(Program)).one(),
            session.exec(select(func.count()).select_from(Exercise)).one(),
        )


def test_the_programs_are_listed_in_order_in_each_language_the_premium_one_locked(programs):
    with session_scope() as session:
        en = list_programs(session, "en")
        ru = list_programs(session, "ru")
    assert [p.slug for p in en] == [p.slug for p in ru] == [
        "full-body-beginner", "upper-body-strength", "core-mobility", "hiit-premium"
    ]
    assert [p.name for p in en] == ["Full body beginner", "Upper body strength", "Core & mobility", "HIIT burner"]
    assert ru[2].name == "Кор и мобильность" and "кор" in ru[2].description
    assert [p.level for p in en] == ["beginner", "intermediate", "beginner", "advanced"]
    assert [(p.premium_stars, p.locked) for p in en] == [(None, False)] * 3 + [(50, True)]
    assert all(4 <= p.exercise_count <= 6 for p in en)
    # 3 sets x (40 s + 90 s) + 3 x (40 + 60) + 3 x (40 + 90) + 3 x (40 + 60) + 3 x (40 + 60) = 1680 s
    assert en[0].estimated_minutes == 28


def test_a_program_lists_its_exercises_in_order_with_targets(programs):
    with session_scope() as session:
        detail = get_program(session, "upper-body-strength", "ru")
    assert detail.program.name == "Сила верха тела"
    bench, *_, diamond = detail.exercises
    assert (bench.slug, bench.name, bench.target_sets, bench.target_reps, bench.rest_seconds, bench.weighted) == (
        "bench-press", "Жим гантелей лёжа", 4, 8, 120, True
    )
    assert diamond.slug == "diamond-push-up" and not diamond.weighted
    assert [e.slug for e in detail.exercises if not e.weighted] == ["pull-up", "diamond-push-up"]


@pytest.mark.parametrize("slug", ["yoga", "", None, "FULL-BODY-BEGINNER"])
def test_an_unknown_program_is_a_typed_error(programs, slug):
    with pytest.raises(ProgramNotFound) as refused, session_scope() as session:
        get_program(session, slug, "en")
    assert refused.value.code == "PROGRAM_NOT_FOUND"


def test_every_picture_is_a_drawn_fitness_picture():
    images = [p.image for p in PROGRAMS] + [e.image for p in PROGRAMS for e in p.exercises]
    assert all(image.startswith("fitness/") and find(image) is not None for image in images)


def test_every_text_exists_in_both_languages_and_fits_its_column():
    for program in PROGRAMS:
        assert program.en and program.ru and program.about_en and program.about_ru
        assert len(program.about_en) <= 400 and len(program.about_ru) <= 400
        assert len({e.slug for e in program.exercises}) == len(program.exercises)
        for exercise in program.exercises:
            assert exercise.en and exercise.ru and len(exercise.ru) <= 80
            assert 1 <= exercise.reps <= 100 and 1 <= exercise.sets <= 10 and 0 < exercise.rest <= 300


def test_seeding_again_creates_nothing_and_keeps_ids(programs):
    before = counts()
    with session_scope() as session:
        ids = {p.slug: p.id for p in session.exec(select(Program)).all()}
        assert seed_fitness(session) == sum(len(p.exercises) for p in PROGRAMS)
    with session_scope() as session:
        seed_fitness(session)
    assert counts() == before == (4, 20)
    with session_scope() as session:
        assert {p.slug: p.id for p in session.exec(select(Program)).all()} == ids


def test_the_demo_stays_hidden_until_its_pages_mark_it_available(programs):
    with session_scope() as session:
        seed_catalog(session)
        seed_fitness(session)
    with session_scope() as session:
        assert not session.get(Demo, "fitness").is_available
    try:
        with session_scope() as session:
            assert mark_available(session)
        with session_scope() as session:
            seed_catalog(session)
            seed_fitness(session)
        with session_scope() as session:
            assert session.get(Demo, "fitness").is_available, "re-seeding keeps it shown"
    finally:
        with session_scope() as session:
            session.get(Demo, "fitness").is_available = False
