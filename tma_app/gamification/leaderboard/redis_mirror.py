"""The leaderboard's Redis mirror: one sorted set per board, a copy of the SQL truth.

Ties are broken exactly, without squeezing two numbers into one double: the score is
the XP alone (exact below 2**53), and the member is "<inverted reached>:<user id>"
with the inverted mark zero-padded to a fixed width. Redis orders equal scores by
member bytes, and ZREVRANK walks them from the top, so among equal XP the smaller
"reached" (larger inverted mark) ranks first, the same as SQL's ORDER BY. (Packing
XP and a ledger id into the score would leave about 21 bits of XP for 32 bits of ids.)

A hash per board maps user id -> current member, so a user's old member can be
removed. Every write carries the absolute (xp, reached) read from SQL and is applied
only if it is not older than what Redis holds, so mirrors and rebuilds may run in any
order, any number of times. A marker (in the set at -inf and in the hash) is written
last by a rebuild: without it the board is treated as missing and rebuilt.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import redis
from redis.commands.core import Script

from tma_app.core.redis import namespaced_key
from tma_app.gamification.leaderboard.scores import Row

NAMESPACE = "leaderboard"
READY = "~ready"
_MARK_DIGITS = 15  # a 15-digit number is exact in a Lua (double) number
_MARK_LIMIT = 10**_MARK_DIGITS
_PIPELINE_CHUNK = 500
_REBUILD_LOCK_SECONDS = 120

_WRITE = """
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old and old ~= ARGV[2] then
  if tonumber(string.sub(old, 1, 15)) < tonumber(string.sub(ARGV[2], 1, 15)) then
    return 0
  end
  redis.call('ZREM', KEYS[1], old)
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if ARGV[4] ~= '0' then
  redis.call('EXPIREAT', KEYS[1], ARGV[4])
  redis.call('EXPIREAT', KEYS[2], ARGV[4])
end
return 1
"""
# `old` is newer when its inverted mark is smaller: then this write is stale and skipped.

_READ = """
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('HEXISTS', KEYS[2], ARGV[3]) == 0 then
  return false
end
local top = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(0', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local mine = {}
if ARGV[2] ~= '' then
  local member = redis.call('HGET', KEYS[2], ARGV[2])
  if member then
    local score = redis.call('ZSCORE', KEYS[1], member)
    if score and tonumber(score) > 0 then
      mine = {redis.call('ZREVRANK', KEYS[1], member), score}
    end
  end
end
return {top, mine}
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def member(user_id: int, reached: int) -> str:
    if not 0 <= reached < _MARK_LIMIT:
        raise ValueError(f"a reached mark must be within 0..{_MARK_LIMIT - 1}")
    return f"{_MARK_LIMIT - 1 - reached:0{_MARK_DIGITS}d}:{user_id}"


def user_of(board_member: str) -> int:
    return int(board_member.split(":", 1)[1])


def _keys(board: str) -> tuple[str, str]:
    return namespaced_key(NAMESPACE, board, "scores"), namespaced_key(NAMESPACE, board, "members")


def all_keys(board: str) -> tuple[str, ...]:
    """Every key this module writes for a board (tests and operators use it)."""
    return (*_keys(board), namespaced_key(NAMESPACE, board, "rebuilding"))


def _queue_write(pipe: redis.client.Pipeline, write: Script, board: str, row: Row, expire_at: int) -> None:
    user_id, xp, reached = row
    write(keys=_keys(board), args=[user_id, member(user_id, reached), xp, expire_at], client=pipe)


def write_rows(client: redis.Redis, rows: Iterable[tuple[str, Row, int]]) -> None:
    """Apply absolute (board, (user, xp, reached), expire_at) rows; stale ones are skipped."""
    write, pipe = client.register_script(_WRITE), client.pipeline(transaction=False)
    for board, row, expire_at in rows:
        _queue_write(pipe, write, board, row, expire_at)
    pipe.execute()


def read(client: redis.Redis, board: str, limit: int, viewer_id: int | None
         ) -> tuple[list[tuple[int, int]], tuple[int, int] | None] | None:
    """(top (user, xp) pairs, viewer's (rank, xp) or None), or None when the board is not built."""
    found = client.register_script(_READ)(keys=_keys(board), args=[limit, "" if viewer_id is None else viewer_id,
                                                                    READY])
    if found is None:
        return None
    flat, mine = found
    top = [(user_of(flat[i]), _xp(flat[i + 1])) for i in range(0, len(flat), 2)]
    standing = (int(mine[0]) + 1, _xp(mine[1])) if mine else None
    return top, standing


def _xp(score: str | float) -> int:
    return int(float(score))


def rebuild(client: redis.Redis, board: str, chunks: Iterable[list[Row]], expire_at: int) -> int | None:
    """Reload a board from SQL rows; None when another rebuild of it is running.

    The keys are dropped before `chunks` is first read, so a change mirrored during the
    rebuild is either in the rows read or written after the drop (and newer wins).
    """
    scores, members = _keys(board)
    lock, token = namespaced_key(NAMESPACE, board, "rebuilding"), uuid.uuid4().hex
    if not client.set(lock, token, nx=True, ex=_REBUILD_LOCK_SECONDS):
        return None
    try:
        client.delete(scores, members)
        write, count = client.register_script(_WRITE), 0
        for chunk in chunks:
            for start in range(0, len(chunk), _PIPELINE_CHUNK):
                pipe = client.pipeline(transaction=False)
                for row in chunk[start:start + _PIPELINE_CHUNK]:
                    _queue_write(pipe, write, board, row, expire_at)
                pipe.execute()
            count += len(chunk)
        pipe = client.pipeline(transaction=True)
        pipe.zadd(scores, {READY: float("-inf")})
        pipe.hset(members, READY, "1")
        if expire_at:
            pipe.expireat(scores, expire_at)
            pipe.expireat(members, expire_at)
        pipe.execute()
        return count
    finally:
        client.eval(_RELEASE, 1, lock, token)
