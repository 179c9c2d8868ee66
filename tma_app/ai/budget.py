"""Daily budgets: requests and tokens per user (their local day), tokens for the whole app (UTC day).

With Redis every decision is one Lua call, so all workers share one count and 60 questions
fired at once with 50 left admit exactly 50. Without Redis the same rules run in SQL (a
conditional UPDATE that only one writer can win per remaining slot). A request key admitted
before is admitted again without a second charge, so a retry never costs twice. When Redis is
configured but unreachable the assistant fails closed (BudgetUnavailable): answers cost money.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from tma_app.ai.errors import BudgetExhausted, BudgetUnavailable
from tma_app.ai.models import AiBudgetDay, AiGlobalDay, AiRequest
from tma_app.core.db import dialect_insert, in_session, table_of
from tma_app.core.redis import get_redis, namespaced_key
from tma_app.core.settings import Settings

log = logging.getLogger(__name__)

NAMESPACE = "ai-budget"
# Counters outlive their day by a margin for the latest timezone (UTC+14) and clock skew.
KEY_TTL_S = 3 * 86_400


@dataclass(frozen=True, slots=True)
class Limits:
    requests: int
    user_tokens: int
    global_tokens: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(settings.AI_USER_DAILY_REQUESTS, settings.AI_USER_DAILY_TOKENS, settings.AI_GLOBAL_DAILY_TOKENS)


@dataclass(frozen=True, slots=True)
class Days:
    user_day: date  # the user's local date
    global_day: date  # the UTC date


@dataclass(frozen=True, slots=True)
class Remaining:
    requests: int
    tokens: int


# KEYS: requests, user tokens, global tokens, this request's admission mark
# ARGV: max requests, max user tokens, max global tokens, ttl
# Returns {admitted (0/1), which refused (0 none, 1 requests, 2 user tokens, 3 global), requests left, tokens left}
_ADMIT = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
if redis.call('EXISTS', KEYS[4]) == 1 then
  return {1, 0, tonumber(ARGV[1]) - used, tonumber(ARGV[2]) - tokens}
end
if used >= tonumber(ARGV[1]) then return {0, 1, 0, tonumber(ARGV[2]) - tokens} end
if tokens >= tonumber(ARGV[2]) then return {0, 2, tonumber(ARGV[1]) - used, 0} end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then
  return {0, 3, tonumber(ARGV[1]) - used, tonumber(ARGV[2]) - tokens}
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[4], '1', 'EX', ARGV[4])
return {1, 0, tonumber(ARGV[1]) - used - 1, tonumber(ARGV[2]) - tokens}
"""
# KEYS: user tokens, global tokens, this request's charge mark; ARGV: tokens, ttl
_CHARGE = """
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('INCRBY', KEYS[1], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('INCRBY', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return 1
end
return 0
"""
_REFUSED = {1: "requests", 2: "user_tokens", 3: "global_tokens"}


class RedisBudget:
    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        self._admit = client.register_script(_ADMIT)
        self._charge = client.register_script(_CHARGE)

    @staticmethod
    def _keys(user_id: int, days: Days) -> tuple[str, str, str]:
        return (namespaced_key(NAMESPACE, "requests", user_id, days.user_day.isoformat()),
                namespaced_key(NAMESPACE, "tokens", user_id, days.user_day.isoformat()),
                namespaced_key(NAMESPACE, "global", days.global_day.isoformat()))

    async def admit(self, user_id: int, request_key: str, days: Days, limits: Limits) -> Remaining:
        requests, tokens, global_tokens = self._keys(user_id, days)
        mark = namespaced_key(NAMESPACE, "admitted", request_key)
        try:
            reply = await cast(Awaitable[list[int]], self._admit(
                keys=[requests, tokens, global_tokens, mark],
                args=[limits.requests, limits.user_tokens, limits.global_tokens, KEY_TTL_S]))
        except RedisError as error:
            raise BudgetUnavailable("the budget store (Redis) is unreachable") from error
        admitted, refused, requests_left, tokens_left = (int(x) for x in reply)
        if not admitted:
            raise BudgetExhausted(_REFUSED[refused])
        return Remaining(max(requests_left, 0), max(tokens_left, 0))

    async def charge(self, user_id: int, request_key: str, days: Days, tokens: int) -> bool:
        _, user_tokens, global_tokens = self._keys(user_id, days)
        mark = namespaced_key(NAMESPACE, "charged", request_key)
        try:
            charged = await cast(Awaitable[int], self._charge(
                keys=[user_tokens, global_tokens, mark], args=[tokens, KEY_TTL_S]))
        except RedisError:
            # The answer was already given; losing this count is logged, never shown to the user.
            log.warning("could not count %d assistant tokens in Redis", tokens)
            return False
        return bool(charged)

    async def remaining(self, user_id: int, days: Days, limits: Limits) -> Remaining:
        requests, tokens, _ = self._keys(user_id, days)
        try:
            used, spent = await cast(Awaitable[list[Any]], self._client.mget(requests, tokens))
        except RedisError as error:
            raise BudgetUnavailable("the budget store (Redis) is unreachable") from error
        return Remaining(max(limits.requests - int(used or 0), 0), max(limits.user_tokens - int(spent or 0), 0))


def sql_admit(session: Session, user_id: int, request_key: str, days: Days, limits: Limits,
              request: AiRequest) -> Remaining:
    """Admit in the caller's transaction: the request row first (a repeat key finds it), then one slot."""
    existing = session.get(AiRequest, request_key)
    if existing is not None:
        if existing.user_id != user_id:
            raise BudgetExhausted("requests")  # a key is never shared between users
        return sql_remaining(session, user_id, days, limits)
    session.add(request)
    try:
        session.flush()
    except IntegrityError:
        # The same key admitted concurrently: that one counts, this one is its retry.
        session.rollback()
        return sql_remaining(session, user_id, days, limits)
    session.execute(dialect_insert(session)(table_of(AiBudgetDay))
                    .values(user_id=user_id, day=days.user_day, requests=0, tokens=0)
                    .on_conflict_do_nothing(index_elements=["user_id", "day"]))
    global_row = session.get(AiGlobalDay, days.global_day)
    if global_row is not None and global_row.tokens >= limits.global_tokens:
        raise BudgetExhausted("global_tokens")
    taken = session.execute(
        update(table_of(AiBudgetDay))
        .where(col(AiBudgetDay.user_id) == user_id, col(AiBudgetDay.day) == days.user_day,
               col(AiBudgetDay.requests) < limits.requests, col(AiBudgetDay.tokens) < limits.user_tokens)
        .values(requests=col(AiBudgetDay.requests) + 1)
    )
    if getattr(taken, "rowcount", 0) != 1:
        row = session.get(AiBudgetDay, (user_id, days.user_day), populate_existing=True)
        raise BudgetExhausted("requests" if row is None or row.requests >= limits.requests else "user_tokens")
    return sql_remaining(session, user_id, days, limits)


def sql_charge(session: Session, user_id: int, request_key: str, days: Days, tokens: int) -> bool:
    marked = session.execute(
        update(table_of(AiRequest))
        .where(col(AiRequest.request_key) == request_key, col(AiRequest.tokens_charged).is_(False))
        .values(tokens_charged=True)
    )
    if getattr(marked, "rowcount", 0) != 1:
        return False
    session.execute(update(table_of(AiBudgetDay))
                    .where(col(AiBudgetDay.user_id) == user_id, col(AiBudgetDay.day) == days.user_day)
                    .values(tokens=col(AiBudgetDay.tokens) + tokens))
    statement = dialect_insert(session)(table_of(AiGlobalDay)).values(day=days.global_day, tokens=tokens)
    session.execute(statement.on_conflict_do_update(
        index_elements=["day"], set_={"tokens": table_of(AiGlobalDay).c.tokens + tokens}))
    return True


def sql_remaining(session: Session, user_id: int, days: Days, limits: Limits) -> Remaining:
    row = session.get(AiBudgetDay, (user_id, days.user_day), populate_existing=True)
    used, spent = (row.requests, row.tokens) if row is not None else (0, 0)
    return Remaining(max(limits.requests - used, 0), max(limits.user_tokens - spent, 0))


class SqlBudget:
    async def admit(self, user_id: int, request_key: str, days: Days, limits: Limits,
                    request: AiRequest) -> Remaining:
        return await in_session(sql_admit, user_id, request_key, days, limits, request)

    async def charge(self, user_id: int, request_key: str, days: Days, tokens: int) -> bool:
        return await in_session(sql_charge, user_id, request_key, days, tokens)

    async def remaining(self, user_id: int, days: Days, limits: Limits) -> Remaining:
        return await in_session(sql_remaining, user_id, days, limits)


def redis_budget() -> RedisBudget | None:
    client = get_redis()
    return RedisBudget(client) if client is not None else None
