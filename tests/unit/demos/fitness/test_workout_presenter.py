"""The workout screen: what the presenter hands the page, from the real services."""

from tests.unit.demos.fitness.actions import log, start
from tma_app.demos.fitness.errors import WorkoutFull
from tma_app.demos.fitness.workout_presenter import draft, newest_set_exercise, refusal, suggestion, workout_screen


def test_the_workout_screen_counts_sets_towards_the_target_then_extra(programs, user_id):
    workout = start(user_id).workout
    for _ in range(3):
        view = log(user_id, workout.id, "push-up", 10).workout
    screen, exercises = workout_screen(view, "en", media_base="")
    push_ups = next(e for e in exercises if e["slug"] == "push-up")
    assert (push_ups["progress"], push_ups["done"], push_ups["next_set"]) == ("3/3", True, "Extra set 1")
    assert [s["line"] for s in push_ups["sets"]] == ["10 reps"] * 3
    assert screen["summary"] == "3 sets · 0\u00a0kg" and screen["can_undo"] and screen["rest_end_ms"] > 0
    squat = next(e for e in exercises if e["slug"] == "goblet-squat")
    assert (squat["next_set"], squat["weighted"]) == ("Set 1 of 3", True)


def test_an_undo_goes_back_to_the_exercise_of_the_newest_set(programs, user_id):
    workout = start(user_id).workout
    log(user_id, workout.id, "goblet-squat", 10, 20_000)
    view = log(user_id, workout.id, "push-up", 10).workout
    _, exercises = workout_screen(view, "en", media_base="")
    assert newest_set_exercise(exercises) == "push-up"
    assert newest_set_exercise([{"slug": "push-up", "sets": []}]) == ""


def test_the_next_set_starts_from_the_suggestion_and_reads_in_kilograms(programs, user_id):
    workout = start(user_id).workout
    view = log(user_id, workout.id, "goblet-squat", 10, 12_500).workout
    _, exercises = workout_screen(view, "en", media_base="")
    rows = {e["slug"]: e for e in exercises}
    assert suggestion(rows["goblet-squat"]) == (10, 12_500)
    assert suggestion(rows["push-up"])[1] == 0
    assert draft(10, 12_500, "ru") == ("12,5", "10 × 12,5\u00a0кг")
    assert draft(12, 0, "en") == ("0", "12 reps")


def test_a_refusal_reads_as_its_code_says():
    assert refusal(WorkoutFull("full"), "en") != refusal(ValueError("anything"), "en")
    assert refusal(ValueError("anything"), "en") == refusal(RuntimeError(), "en")
