"""The assistant's daily budgets on real Redis and PostgreSQL.

Exactness is checked the way production breaks it: two worker processes, each with its own
connections, asking for the same user at the same instant. A retried request key is admitted
and charged once. With Redis configured but down, the assistant fails closed and the rest of
the app keeps working.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
import redis.asyncio as aioredis
from sqlmodel import Session, func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tests.support.fake_openai import FakeOpenAI
from tests.support.services import redis_url
from tma_app.ai import conversation
from tma_app.ai.budget import Days, Limits, RedisBudget, sql_admit, sql_charge, sql_remaining
from tma_app.ai.errors import BudgetExhausted, BudgetUnavailable
from tma_app.ai.models import AiBudgetDay, AiGlobalDay, AiRequest
from tma_app.ai.service import Assistant, Question
from tma_app.core.db import make_engine, session_scope
from tma_app.core.settings import load_settings
from tma_app.demos.restaurant.cart import add_to_cart, get_cart
from tma_app.demos.restaurant.seed import seed_restaurant
from tma_app.health import api as health_api

pytestmark = pytest.mark.integration

# Fresh interpreters, as separate workers are: nothing shared with this process but Redis and PostgreSQL.
SPAWN = multiprocessing.get_context("spawn")
WORKERS = 2
ASKS = 60
LEFT = 50
LIMITS = Limits(requests=LEFT, user_tokens=30_000, global_tokens=10**9)
CLOSED_REDIS = "redis://127.0.0.1:1/0"
Outcome = tuple[str, Any]  # ("admitted", requests left) | ("exhausted", which) | ("charged", bool)
NO_CHARGE = 0
# A worker that failed never reaches the next barrier: the other one gives up instead of hanging.
BARRIER_TIMEOUT_S = 60


def new_user() -> int:
    return 2**52 + uuid.uuid4().int % 10**12


def new_days() -> Days:
    # The app-wide token count is per day: a day of the test's own keeps other tests' tokens out of it.
    day = date(2100, 1, 1) + timedelta(days=uuid.uuid4().int % 30_000)
    return Days(user_day=day, global_day=day)


def split(items: Sequence[str], parts: int = WORKERS) -> list[list[str]]:
    return [list(items[i::parts]) for i in range(parts)]


def in_worker_processes(target: Callable[..., list[Outcome]], shares: list[tuple[Any, ...]]) -> list[list[Outcome]]:
    """`target(*share)` in one process per share, all released together; what each returned."""
    barrier = SPAWN.Barrier(len(shares))
    results = SPAWN.Queue()
    processes = [SPAWN.Process(target=_worker_main, args=(target, share, barrier, results), daemon=True)
                 for share in shares]
    for process in processes:
        process.start()
    collected: dict[int, Any] = {}
    try:
        for _ in processes:
            pid, outcome = results.get(timeout=120)
            collected[pid] = outcome
    except queue.Empty:
        pytest.fail(f"a worker process gave no answer; exit codes {[p.exitcode for p in processes]}")
    finally:
        for process in processes:
            process.join(timeout=30)
    assert all(process.exitcode == 0 for process in processes), [p.exitcode for p in processes]
    assert len(collected) == len(shares), "the workers were not separate processes"
    assert os.getpid() not in collected
    errors = [outcome for outcome in collected.values() if isinstance(outcome, str)]
    assert not errors, "\n".join(errors)
    return list(collected.values())


def _worker_main(target: Callable[..., list[Outcome]], share: tuple[Any, ...], barrier: Any, results: Any) -> None:
    try:
        outcome: Any = target(*share, barrier)
    except BaseException:  # noqa: BLE001 - reported to the test
        outcome = traceback.format_exc()
    results.put((os.getpid(), outcome))


# Redis: each worker its own connection pool, all requests in flight at once


def _admit_on_redis(user_id: int, keys: list[str], days: Days, limits: Limits, charge: int,
                    barrier: Any) -> list[Outcome]:
    """Admit every key at once; then, when `charge` is given, all together again, charge each admitted one."""

    async def run() -> list[Outcome]:
        pool = aioredis.BlockingConnectionPool.from_url(redis_url(), decode_responses=True,
                                                        max_connections=len(keys))
        client = aioredis.Redis(connection_pool=pool)
        budget = RedisBudget(client)
        try:
            await asyncio.gather(*(client.ping() for _ in keys))  # every connection open before the start
            barrier.wait(BARRIER_TIMEOUT_S)

            async def admit(key: str) -> Outcome:
                try:
                    return "admitted", (await budget.admit(user_id, key, days, limits)).requests
                except BudgetExhausted as spent:
                    return "exhausted", spent.which

            outcomes = list(await asyncio.gather(*(admit(key) for key in keys)))
            if charge:
                barrier.wait(BARRIER_TIMEOUT_S)
                charged = await asyncio.gather(*(budget.charge(user_id, key, days, charge) for key in keys))
                outcomes += [("charged", value) for value in charged]
            return outcomes
        finally:
            await client.aclose()

    return asyncio.run(run())


@pytest.fixture
async def redis_budget(app_on_services):
    client = aioredis.from_url(redis_url(), decode_responses=True)
    yield RedisBudget(client)
    await client.aclose()


async def test_60_concurrent_asks_from_two_processes_on_redis_admit_exactly_the_50_left(redis_budget):
    user, days = new_user(), new_days()
    assert (await redis_budget.remaining(user, days, LIMITS)).requests == LEFT
    keys = [uuid.uuid4().hex for _ in range(ASKS)]

    per_worker = in_worker_processes(_admit_on_redis,
                                     [(user, share, days, LIMITS, NO_CHARGE) for share in split(keys)])

    outcomes = [outcome for worker in per_worker for outcome in worker]
    assert len(outcomes) == ASKS and all(len(worker) == ASKS // WORKERS for worker in per_worker)
    assert Counter(kind for kind, _ in outcomes) == {"admitted": LEFT, "exhausted": ASKS - LEFT}
    assert {which for kind, which in outcomes if kind == "exhausted"} == {"requests"}
    # Each admission saw its own slot: every count from 49 down to 0 exactly once.
    assert sorted(left for kind, left in outcomes if kind == "admitted") == list(range(LEFT))
    assert all(any(kind == "admitted" for kind, _ in worker) for worker in per_worker)  # both took part
    assert (await redis_budget.remaining(user, days, LIMITS)).requests == 0
    with pytest.raises(BudgetExhausted) as spent:
        await redis_budget.admit(user, uuid.uuid4().hex, days, LIMITS)
    assert spent.value.which == "requests"


async def test_a_request_key_repeated_across_processes_on_redis_is_admitted_and_charged_once(redis_budget):
    user, days = new_user(), new_days()
    key = uuid.uuid4().hex

    per_worker = in_worker_processes(_admit_on_redis, [(user, [key] * 15, days, LIMITS, 120)] * WORKERS)

    outcomes = [outcome for worker in per_worker for outcome in worker]
    assert [kind for kind, _ in outcomes].count("admitted") == 30
    assert sorted(value for kind, value in outcomes if kind == "charged") == [False] * 29 + [True]
    remaining = await redis_budget.remaining(user, days, LIMITS)
    assert (remaining.requests, remaining.tokens) == (LEFT - 1, LIMITS.user_tokens - 120)
    # The retry of an admitted request still goes through once the day's requests are spent.
    spent = Limits(requests=1, user_tokens=LIMITS.user_tokens, global_tokens=LIMITS.global_tokens)
    assert (await redis_budget.admit(user, key, days, spent)).requests == 0
    with pytest.raises(BudgetExhausted):
        await redis_budget.admit(user, uuid.uuid4().hex, days, spent)


# PostgreSQL: each worker its own engine (the app's pool), one thread per request


def _admit_in_sql(database_url: str, user_id: int, keys: list[str], days: Days, limits: Limits, charge: int,
                  barrier: Any) -> list[Outcome]:
    """Admit every key at once; then, when `charge` is given, all together again, charge each one."""
    engine = make_engine(database_url)

    def admit(index: int) -> Outcome:
        key = keys[index]
        row = AiRequest(request_key=key, user_id=user_id, config="support", provider="openai", model="gpt-4o-mini",
                        day=days.user_day)
        try:
            with session_scope(engine) as session:
                return "admitted", sql_admit(session, user_id, key, days, limits, row).requests
        except BudgetExhausted as spent:
            return "exhausted", spent.which

    def charge_one(index: int) -> Outcome:
        with session_scope(engine) as session:
            return "charged", sql_charge(session, user_id, keys[index], days, charge)

    try:
        barrier.wait(BARRIER_TIMEOUT_S)
        outcomes, errors = run_at_once(len(keys), admit)
        if charge and not errors:
            barrier.wait(BARRIER_TIMEOUT_S)
            charged, errors = run_at_once(len(keys), charge_one)
            outcomes += charged
    finally:
        engine.dispose()
    if errors:
        raise errors[0]
    return outcomes


@pytest.fixture
def sql_budget(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    return postgres_engine.url.render_as_string(hide_password=False)


def test_60_concurrent_asks_from_two_processes_in_sql_admit_exactly_the_50_left(sql_budget, postgres_engine):
    user, days = new_user(), new_days()
    with Session(postgres_engine) as session:
        assert sql_remaining(session, user, days, LIMITS).requests == LEFT
    keys = [uuid.uuid4().hex for _ in range(ASKS)]

    per_worker = in_worker_processes(_admit_in_sql,
                                     [(sql_budget, user, share, days, LIMITS, NO_CHARGE) for share in split(keys)])

    outcomes = [outcome for worker in per_worker for outcome in worker]
    assert Counter(kind for kind, _ in outcomes) == {"admitted": LEFT, "exhausted": ASKS - LEFT}
    assert {which for kind, which in outcomes if kind == "exhausted"} == {"requests"}
    assert all(any(kind == "admitted" for kind, _ in worker) for worker in per_worker)
    with Session(postgres_engine) as session:
        assert session.get(AiBudgetDay, (user, days.user_day)).requests == LEFT
        rows = session.exec(select(func.count()).select_from(AiRequest).where(AiRequest.user_id == user)).one()
        assert rows == LEFT  # a refused request left no row behind
        assert sql_remaining(session, user, days, LIMITS).requests == 0


def test_a_request_key_repeated_across_processes_in_sql_is_admitted_and_charged_once(sql_budget, postgres_engine):
    user, days = new_user(), new_days()
    key = uuid.uuid4().hex

    per_worker = in_worker_processes(_admit_in_sql, [(sql_budget, user, [key] * 10, days, LIMITS, 120)] * WORKERS)

    outcomes = [outcome for worker in per_worker for outcome in worker]
    assert [kind for kind, _ in outcomes].count("admitted") == 20
    assert sorted(value for kind, value in outcomes if kind == "charged") == [False] * 19 + [True]
    with Session(postgres_engine) as session:
        budget_day = session.get(AiBudgetDay, (user, days.user_day))
        assert (budget_day.requests, budget_day.tokens) == (1, 120)
        assert session.get(AiGlobalDay, days.global_day).tokens == 120
        assert session.get(AiRequest, key).tokens_charged
        remaining = sql_remaining(session, user, days, LIMITS)
        assert (remaining.requests, remaining.tokens) == (LEFT - 1, LIMITS.user_tokens - 120)


# Redis down: fail closed


async def test_an_unreachable_redis_budget_fails_closed_with_a_clear_error(app_on_services):
    client = aioredis.from_url(CLOSED_REDIS, decode_responses=True, socket_connect_timeout=1.0)
    budget, user, days = RedisBudget(client), new_user(), new_days()
    try:
        started = time.monotonic()
        with pytest.raises(BudgetUnavailable, match=r"budget store \(Redis\) is unreachable"):
            await budget.admit(user, uuid.uuid4().hex, days, LIMITS)
        with pytest.raises(BudgetUnavailable):
            await budget.remaining(user, days, LIMITS)
        assert await budget.charge(user, uuid.uuid4().hex, days, 50) is False  # logged, never raised
        assert time.monotonic() - started < 10
    finally:
        await client.aclose()


async def test_with_redis_down_the_assistant_refuses_to_spend_and_the_rest_of_the_app_works(
        app_on_services, postgres_engine):
    upgrade(postgres_engine)
    app_on_services.setenv("REDIS_URL", CLOSED_REDIS)
    user = new_user()
    with FakeOpenAI() as fake:
        assistant = Assistant(load_settings(_env_file=None, OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=fake.base_url))
        asked = Question(user_id=user, text="What can I order?", config="support", language="en",
                         request_key=uuid.uuid4().hex)

        events = [event async for event in assistant.answer(asked)]

        assert [(e.kind, e.outcome, e.reason) for e in events] == [("done", "failed", "budget_unavailable")]
        assert events[0].answer == "The assistant is unavailable for a moment; the rest of the app works."
        assert not [r for r in fake.requests if r.path.endswith("/chat/completions")]  # nothing was paid for
        with pytest.raises(BudgetUnavailable):
            await assistant.remaining(user)  # the screen shows no count rather than a wrong one

    with session_scope(postgres_engine) as session:
        # Not counted anywhere: no request row, and no silent fallback to the SQL budget.
        assert session.exec(select(AiRequest).where(AiRequest.user_id == user)).all() == []
        assert session.exec(select(AiBudgetDay).where(AiBudgetDay.user_id == user)).all() == []
        assert conversation.transcript(session, user) == []
        # The rest of the app: the menu and the cart live in PostgreSQL and keep working.
        seed_restaurant(session)
        add_to_cart(session, user, "latte", quantity=2, idempotency_key=uuid.uuid4().hex, language="en")
        assert get_cart(session, user, "en").item_count == 2
    with TestClient(Starlette(routes=health_api.routes)) as client:
        response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "down"}
