"""Behaviour every rate-limiter backend must show; run against memory and Redis."""

from __future__ import annotations

import asyncio
import time
import uuid

from tma_app.security.rate_limit import SENSITIVE, STANDARD, Tier


def subject() -> str:
    return f"user:{uuid.uuid4().hex[:10]}"


async def spaced(limiter, tier, who, count, gap_s=0.11):
    """Requests spaced beyond the anomaly gap, so only the tier limit applies."""
    decisions = []
    for _ in range(count):
        decisions.append(await limiter.hit(tier, who))
        await asyncio.sleep(gap_s)
    return decisions


async def admits_exactly_the_limit(limiter) -> None:
    tier = Tier("contract", 3, 60_000, fail_open=True)
    who = subject()
    decisions = await spaced(limiter, tier, who, 5)
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0, 0]
    assert all(d.limit == 3 and d.tier == "contract" for d in decisions)
    refused = decisions[-1]
    assert 55_000 < refused.reset_ms <= 60_000
    assert refused.headers()["Retry-After"] == str(refused.retry_after_s)
    assert refused.headers()["X-RateLimit-Remaining"] == "0"


async def recovers_while_retrying(limiter) -> None:
    """Rejected requests are never counted: a client hammering is let in once the window allows."""
    tier = Tier("short", 2, 600, fail_open=True)
    who = subject()
    admitted_at = []
    start = time.monotonic()
    while time.monotonic() - start < 1.5:
        decision = await limiter.hit(tier, who)
        if decision.allowed:
            admitted_at.append(time.monotonic() - start)
        await asyncio.sleep(0.12)  # keeps retrying, just slower than the anomaly gap
    assert len(admitted_at) >= 4, admitted_at
    assert admitted_at[2] >= 0.55, "the third request waits for the window, not longer"
    assert admitted_at[2] < 0.9, "retries did not push the client's recovery back"


async def rapid_requests_flag_and_hold_to_sensitive(limiter) -> None:
    who = subject()
    decisions = [await limiter.hit(STANDARD, who) for _ in range(6)]
    assert [d.flagged for d in decisions][:4] == [False] * 4
    assert decisions[4].flagged and decisions[4].newly_flagged
    assert not decisions[5].newly_flagged and decisions[5].flagged
    assert decisions[4].tier == SENSITIVE.name and decisions[4].limit == SENSITIVE.limit
    # Spaced out afterwards, the flag stays: the sensitive tier's 10 per minute, counted
    # from the moment of the flag (its own window), whatever tier the route asks for.
    later = await spaced(limiter, STANDARD, who, 10)
    assert all(d.tier == "sensitive" for d in later)
    assert sum(d.allowed for d in decisions[4:] + later) == SENSITIVE.limit


async def subjects_and_tiers_are_independent(limiter) -> None:
    tier = Tier("tiny", 1, 60_000, fail_open=True)
    other = Tier("tiny2", 1, 60_000, fail_open=True)
    a, b = subject(), subject()
    assert (await limiter.hit(tier, a)).allowed
    await asyncio.sleep(0.11)
    assert not (await limiter.hit(tier, a)).allowed
    assert (await limiter.hit(tier, b)).allowed
    await asyncio.sleep(0.11)
    assert (await limiter.hit(other, a)).allowed


CONTRACT = [
    admits_exactly_the_limit,
    recovers_while_retrying,
    rapid_requests_flag_and_hold_to_sensitive,
    subjects_and_tiers_are_independent,
]
