"""What the assistant is told about a fitness screen: the user's own workouts, never anyone else's."""

from __future__ import annotations

import pytest

from tests.unit.demos.fitness.actions import T0, finish, log, start
from tma_app.ai import context, knowledge
from tma_app.core.db import session_scope
from tma_app.demos.fitness.knowledge import program_documents, screen_facts


def facts(user_id: int, screen: str, item: str | None = None, language="en") -> dict:
    with session_scope() as session:
        return screen_facts(session, user_id, screen, item, language)


def test_fitness_registers_its_resolver_and_its_programs(programs):
    assert context.parse_where("fitness", "program", "full-body-beginner").item == "full-body-beginner"
    assert "fitness" in knowledge.source_names()
    with session_scope() as session:
        documents = {d.key: d for d in program_documents(session, "ru")}
    program = documents["fitness:program:full-body-beginner"]
    assert program.title == "Всё тело: для начинающих" and program.demo == "fitness"
    assert "Новичок" in program.body and "Гоблет-присед" in program.body
    assert "3 × 10" in documents["fitness:exercise:full-body-beginner:goblet-squat"].body


def test_a_program_screen_gets_the_program_and_its_exercises(programs, user_id):
    program = facts(user_id, "program", "full-body-beginner")
    assert program["program"] == "Full body beginner" and program["level"] == "Beginner"
    assert program["exercise_count"] == 5 and program["exercises"][0]["exercise"] == "Goblet squat"
    assert program["exercises"][0]["target"].startswith("3 × 10, with weight")
    assert program["workout_under_way"] is None
    assert any(p["program"] == "Full body beginner" for p in facts(user_id, "programs")["programs"])


def test_the_workout_screen_gets_this_users_workout_only(programs, user_id):
    assert facts(user_id, "workout") == {"workout": None}
    workout = start(user_id).workout
    log(user_id, workout.id, "goblet-squat", 10, 20_000)
    current = facts(user_id, "workout", str(workout.id))
    assert current["workout"] == "Full body beginner" and current["status"] == "active"
    assert current["exercises"][0]["sets_done"] == ["10 × 20\u00a0kg"]
    assert current["totals"] == {"sets": 1, "reps": 10, "volume_kg": 200.0}
    assert facts(user_id, "workout") == current  # no id: the one under way
    assert facts(user_id, "programs")["workout_under_way"] == "Full body beginner"
    with pytest.raises(LookupError):
        facts(user_id + 1, "workout", str(workout.id))
    assert facts(user_id + 1, "workout") == {"workout": None}

    finish(user_id, workout.id)
    assert facts(user_id, "workout")["status"] == "finished"  # no id: the last finished one
    done = facts(user_id, "history")["finished_workouts"]
    assert [(w["program"], w["sets"]) for w in done] == [("Full body beginner", 1)]
    assert done[0]["date"] == T0.date().isoformat()
    assert facts(user_id + 1, "history")["finished_workouts"] == []


@pytest.mark.parametrize(("screen", "item"), [("program", "no-such-program"), ("program", None),
                                              ("workout", "999999999"), ("workout", "abc")])
def test_an_unknown_item_is_a_lookup_error(programs, user_id, screen, item):
    with pytest.raises(LookupError):
        facts(user_id, screen, item)


def test_an_unknown_screen_is_invalid(programs, user_id):
    with pytest.raises(context.ContextInvalid):
        facts(user_id, "gym")
