"""The dashboard's snapshot cache: N admins, one computation per interval."""

from __future__ import annotations

import asyncio
import threading

import pytest

from tma_app.admin.shared_value import SharedValue


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Counting:
    """A computation that can be held open, to make callers overlap deterministically."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self) -> int:
        self.calls += 1
        await self.release.wait()
        return self.calls


async def test_many_admins_at_once_cause_one_computation():
    compute = Counting()
    compute.release.clear()
    shared = SharedValue(compute, max_age_s=2.0, clock=FakeClock())
    admins = [asyncio.create_task(shared.get()) for _ in range(50)]
    await asyncio.sleep(0)  # every admin is now waiting on the one computation
    compute.release.set()
    assert await asyncio.gather(*admins) == [1] * 50
    assert compute.calls == 1 and shared.computations == 1


async def test_one_computation_per_interval_however_often_admins_ask():
    clock, compute = FakeClock(), Counting()
    shared = SharedValue(compute, max_age_s=2.0, clock=clock)
    seen = []
    for _ in range(10):  # 10 intervals of 2 s, 20 admins asking 4 times each per interval
        for _ in range(4):
            seen += await asyncio.gather(*(shared.get() for _ in range(20)))
            clock.now += 0.5
    assert compute.calls == 10
    assert seen == [n for n in range(1, 11) for _ in range(80)]


async def test_admins_arriving_during_a_refresh_get_the_previous_value_at_once():
    clock, compute = FakeClock(), Counting()
    shared = SharedValue(compute, max_age_s=2.0, clock=clock)
    assert await shared.get() == 1
    clock.now += 2.0
    compute.release.clear()
    refreshing = asyncio.create_task(shared.get())
    await asyncio.sleep(0)
    assert await shared.get() == 1, "stale but immediate, no second computation"
    compute.release.set()
    assert await refreshing == 2
    assert await shared.get() == 2 and compute.calls == 2


async def test_a_failed_computation_reaches_its_waiters_and_the_next_call_retries():
    attempts = []

    async def flaky() -> str:
        attempts.append(1)
        await asyncio.sleep(0)
        if len(attempts) == 1:
            raise ConnectionError("database down")
        return "ok"

    shared = SharedValue(flaky, max_age_s=2.0, clock=FakeClock())
    results = await asyncio.gather(shared.get(), shared.get(), return_exceptions=True)
    assert [type(r) for r in results] == [ConnectionError, ConnectionError]
    assert await shared.get() == "ok" and len(attempts) == 2


def test_threads_with_their_own_event_loops_share_one_computation():
    started, release = threading.Event(), threading.Event()
    calls = []

    async def slow() -> str:
        calls.append(threading.current_thread().name)
        started.set()
        await asyncio.to_thread(release.wait, 10)
        return "snapshot"

    shared = SharedValue(slow, max_age_s=2.0, clock=FakeClock())
    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(asyncio.run(shared.get())))
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=lambda: results.append(asyncio.run(shared.get()))) for _ in range(8)]
    for thread in others:
        thread.start()
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert results == ["snapshot"] * 9 and len(calls) == 1


def test_max_age_must_be_positive():
    with pytest.raises(ValueError):
        SharedValue(Counting(), max_age_s=0)
