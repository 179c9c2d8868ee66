"""The fitness demo on PostgreSQL: taps racing each other from many connections at once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tests.unit.demos.fitness.actions import (
    T0,
    log,
    new_key,
    start,
    submit,
    submit_finish,
    workout_finished_at,
)
from tma_app.core.db import session_scope
from tma_app.core.events import subscribe
from tma_app.demos.fitness.errors import WorkoutNotActive
from tma_app.demos.fitness.history import current_streak, list_workouts, progress_series
from tma_app.demos.fitness.models import Exercise, Program, Workout, WorkoutSet
from tma_app.demos.fitness.programs import list_programs
from tma_app.demos.fitness.seed import seed_fitness
from tma_app.demos.fitness.sets import MAX_SETS, log_set
from tma_app.demos.fitness.workouts import finish_workout

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pg(postgres_engine):
    upgrade(postgres_engine)
    with session_scope(postgres_engine) as session:
        seed_fitness(session)
    return postgres_engine


@pytest.fixture
def user_id() -> int:
    return uuid.uuid4().int % 2**52 + 1


@pytest.fixture
def seen():
    events = []
    unsubscribe = subscribe("*", events.append)
    yield events
    unsubscribe()


def sets_in(engine, workout_id: int) -> int:
    with session_scope(engine) as session:
        statement = select(func.count()).select_from(WorkoutSet).where(WorkoutSet.workout_id == workout_id)
        return session.exec(statement).one()


def test_seeding_twice_on_postgresql_creates_nothing_more(pg):
    with session_scope(pg) as session:
        seed_fitness(session)
    with session_scope(pg) as session:
        assert session.exec(select(func.count()).select_from(Program)).one() == 4
        assert session.exec(select(func.count()).select_from(Exercise)).one() == 20
        assert list_programs(session, "en")[0].slug == "full-body-beginner"


def test_ten_concurrent_taps_with_one_key_log_one_set_and_one_event(pg, user_id, seen):
    workout = start(user_id, engine=pg).workout
    key = new_key()

    def tap(_: int):
        return submit(user_id, workout.id, "goblet-squat", 10, 22_500, key, engine=pg)

    answers, errors = run_at_once(10, tap)
    assert errors == []
    assert sum(a.logged for a in answers) == 1
    assert len({a.set_id for a in answers}) == 1, "every retry sees the first set"
    assert sets_in(pg, workout.id) == 1
    assert [e.name for e in seen if e.user_id == user_id] == ["demo_interact"]


def test_ten_concurrent_starts_make_one_active_workout(pg, user_id):
    answers, errors = run_at_once(10, lambda n: start(user_id, ("core-mobility", "full-body-beginner")[n % 2],
                                                      engine=pg))
    assert errors == []
    assert sum(a.started for a in answers) == 1
    assert len({a.workout.id for a in answers}) == 1
    with session_scope(pg) as session:
        assert session.exec(select(func.count()).select_from(Workout).where(Workout.user_id == user_id)).one() == 1


def test_ten_concurrent_finishes_finish_once_and_announce_once(pg, user_id, seen):
    workout = start(user_id, engine=pg).workout
    log(user_id, workout.id, "push-up", 12, engine=pg)

    def tap(_: int):
        return submit_finish(user_id, workout.id, now=T0 + timedelta(minutes=20), engine=pg)

    answers, errors = run_at_once(10, tap)
    assert len(answers) == 1 and answers[0].finished
    assert len(errors) == 9 and all(isinstance(e, WorkoutNotActive) for e in errors)
    assert [e.name for e in seen if e.user_id == user_id] == ["demo_complete"]


def test_sets_racing_the_finish_never_escape_the_totals(pg, user_id):
    workout = start(user_id, engine=pg).workout
    log(user_id, workout.id, "goblet-squat", 10, 20_000, engine=pg)

    def tap(n: int):
        if n == 0:
            return submit_finish(user_id, workout.id, now=T0 + timedelta(minutes=30), engine=pg)
        return log(user_id, workout.id, "goblet-squat", n, 20_000, engine=pg)

    _, errors = run_at_once(9, tap)
    assert all(isinstance(e, WorkoutNotActive) for e in errors), errors
    with session_scope(pg) as session:
        stored = session.get(Workout, workout.id)
        sets = session.exec(select(WorkoutSet).where(WorkoutSet.workout_id == workout.id)).all()
    assert stored.status == "finished"
    assert stored.total_sets == len(sets) and stored.total_reps == sum(s.reps for s in sets)
    assert stored.total_volume_g == sum(s.reps * s.weight_g for s in sets)


def test_a_heavy_workout_totals_five_thousand_tonnes_exactly(pg, user_id):
    workout = start(user_id, "upper-body-strength", engine=pg).workout
    with session_scope(pg) as session:
        for n in range(MAX_SETS):
            log_set(session, user_id, workout.id, "bench-press", 100, 500_000, new_key(), language="en",
                    now=T0 + timedelta(seconds=n))
    with pytest.raises(Exception) as caught:
        log(user_id, workout.id, "bench-press", 100, 500_000, engine=pg)
    assert caught.value.code == "WORKOUT_FULL"
    with session_scope(pg) as session:
        done = finish_workout(session, user_id, workout.id, new_key(), T0 + timedelta(hours=1),
                              language="en").workout
    assert done.totals.volume_g == 100 * 100 * 500_000 == 5_000_000_000  # past a 32-bit integer
    with session_scope(pg) as session:
        assert session.get(Workout, workout.id).total_volume_g == 5_000_000_000
        assert list_workouts(session, user_id, "en")[0].totals.volume_kg == 5_000_000.0
        points = progress_series(session, user_id, "UTC", now=T0 + timedelta(hours=2))
    assert points[-1].volume_g == 5_000_000_000 and points[-1].sets == MAX_SETS


def test_days_and_streaks_follow_berlin_across_dst_on_postgresql(pg, user_id):
    berlin = ZoneInfo("Europe/Berlin")
    for finished in (
        datetime(2025, 3, 29, 0, 10, tzinfo=berlin),
        datetime(2025, 3, 30, 23, 50, tzinfo=berlin),  # 21:50 UTC
        datetime(2025, 3, 31, 0, 10, tzinfo=berlin),  # 2025-03-30 22:10 UTC
    ):
        workout_finished_at(user_id, finished, engine=pg)
    now = datetime(2025, 3, 31, 12, 0, tzinfo=berlin)
    with session_scope(pg) as session:
        assert current_streak(session, user_id, "Europe/Berlin", now=now) == 3
        assert current_streak(session, user_id, "UTC", now=now) == 1
        points = progress_series(session, user_id, "Europe/Berlin", now=now)
        other = list_workouts(session, user_id + 1, "en")
    assert {p.day: p.sets for p in points if p.sets} == {date(2025, 3, 29): 1, date(2025, 3, 30): 1,
                                                          date(2025, 3, 31): 1}
    assert other == []
    assert all(w.finished_at.utcoffset() == timedelta(0) for w in service_history(pg, user_id))


def service_history(engine, user_id):
    with session_scope(engine) as session:
        return list_workouts(session, user_id, "en")


def test_utc_is_what_comes_back(pg, user_id):
    workout = start(user_id, now=datetime(2025, 6, 2, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")), engine=pg).workout
    assert workout.started_at == datetime(2025, 6, 2, 1, 0, tzinfo=UTC)
