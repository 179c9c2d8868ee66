"""Rate-limit check throughput on Redis: tma_app's sliding window against a PING and two alternatives.

Run from the repository root (the `limits` library is in bench/requirements.txt, not in the app's):

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/rate_limit.py            # --redis-url, --rounds, --calls, --no-doc

What is measured: checks per second, sequential (one `await` at a time), asyncio, each row on its
own redis.asyncio connection to the same Redis. Every row runs --calls calls per round; the rows
are interleaved inside a round and their order rotates from round to round, so machine noise falls
on all of them; the table shows per-row medians and bests over --rounds rounds. Cost ratio = PING rate /
row rate (how many PING round trips one check costs); the "paired" column is the median of that
ratio taken within each round.

Rows:

- floor: `PING` on a client configured like the app's (`tma_app.core.redis.get_redis` options);
- tma_app `RedisSlidingWindow.hit` (the app's own client from `get_redis()`): one EVALSHA of the
  sliding-window-log + anomaly script (TIME, GET, SET PX, ZREMRANGEBYSCORE,
  ZCARD, ZADD + PEXPIRE when admitted, ZRANGE only when no slot is left);
- `limits` (async, redis-py implementation) `MovingWindowRateLimiter.hit`: one EVALSHA
  (LINDEX, then LPUSH + LTRIM + EXPIRE when admitted);
- the upgrade guide's sorted-set pipeline: MULTI / ZREMRANGEBYSCORE / ZADD / ZCARD / EXPIRE / EXEC
  in one round trip, then count <= limit (rejected requests are recorded too).

Two workloads, every implementation on its own keys:

- "admitted": limit 10**9 per minute, 4,000 subjects round robin, so every check is admitted (the
  expensive path, with the write) and no subject is hit twice within 100 ms (not flagged by
  tma_app's anomaly rule: 5 gaps < 100 ms in a row);
- "mix": the standard tier (100/min); 3 of 4 requests go round robin to 2,000 ordinary users (never
  near their limit, never flagged), every 4th to one of 5 hammering clients. tma_app flags those 5
  after 5 quick requests and holds them to the sensitive tier (10/min), the others to 100/min; so a
  share of the checks is rejected (shown per row).

All rows use the app's client options (those of `get_redis`, socket_timeout=1.0 included), the
`limits` client too. Diagnostic rows (same rounds) split our check's cost: EVALSHA of `return 1`
with no arguments, the same with our 3 keys + 3 arguments, our script called with `client.evalsha`
and prebuilt keys/arguments (no key building or Decision), and PING on a client with
redis-py's default options (what the app's client options cost per call). After the rounds, each row runs alone
while `INFO commandstats` is sampled before and after (--server-passes times, lowest kept): Redis's
own microseconds per check.

Every key is created under a fresh prefix `tma-bench-<random>:` (REDIS_KEY_PREFIX for tma_app, the
key prefix for `limits`, literal for the rest) and all of them are deleted at the end.
The table is printed and, unless --no-doc, written into docs/perf.md as "## Rate limiter"
(other sections of that file are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import os
import platform
import secrets
import statistics
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from perf_doc import update_section

ROOT = Path(__file__).resolve().parent.parent
PERF_DOC = ROOT / "docs" / "perf.md"
SECTION_TITLE = "## Rate limiter"
COMMAND = ".venv/bin/python bench/rate_limit.py"
TARGET = 1.2
PREFIX = f"tma-bench-{secrets.token_hex(4)}:"

ADMITTED_SUBJECTS = 4_000
MIX_USERS = 2_000
MIX_HOT = 5

Check = Callable[[str], Awaitable[bool]]


@dataclass
class Row:
    name: str
    workload: str  # "floor", "admitted", "mix", "diagnostic"
    check: Check
    subjects: list[str]
    rates: list[float] = field(default_factory=list)
    rejected: int = 0
    calls: int = 0
    cursor: int = 0
    server: dict[str, float] = field(default_factory=dict)

    def next_batch(self, n: int) -> list[str]:
        out = []
        subjects, i = self.subjects, self.cursor
        for _ in range(n):
            out.append(subjects[i])
            i = (i + 1) % len(subjects)
        self.cursor = i
        return out


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=2_000, help="calls per row per round")
    parser.add_argument("--warmup", type=int, default=1_000, help="calls per row before timing")
    parser.add_argument("--server-calls", type=int, default=3_000, help="calls per row in the commandstats pass")
    parser.add_argument("--server-passes", type=int, default=3, help="commandstats passes; the quietest is kept")
    parser.add_argument("--no-doc", action="store_true", help="print only; do not write docs/perf.md")
    return parser.parse_args()


ARGS = parse_args()
# Settings are read from the environment when tma_app is first imported.
os.environ["REDIS_KEY_PREFIX"] = PREFIX
os.environ["APP_ENV"] = "test"
os.environ["TELEGRAM_BOT_TOKEN"] = "123456789:AAbenchBenchBenchBenchBenchBench12345"
os.environ["REDIS_URL"] = ARGS.redis_url
sys.path.insert(0, str(ROOT))

import redis.asyncio as aioredis  # noqa: E402

from tma_app.core.redis import get_redis, namespaced_key  # noqa: E402
from tma_app.core.settings import get_settings  # noqa: E402
from tma_app.security.rate_limit import (  # noqa: E402
    NAMESPACE,
    STANDARD,
    AnomalyRule,
    Decision,
    RedisSlidingWindow,
    Tier,
    sliding_window_script,
)

try:
    from limits import RateLimitItemPerMinute
    from limits.aio.storage import RedisStorage as LimitsRedisStorage
    from limits.aio.strategies import MovingWindowRateLimiter
except ImportError as exc:  # pragma: no cover - depends on the machine
    sys.exit(
        f"bench/rate_limit.py: cannot import {exc.name!r}, a benchmark-only dependency.\n"
        "Install it with:  .venv/bin/pip install -r bench/requirements.txt"
    )

BENCH_TIER = Tier("bench", 10**9, 60_000, fail_open=True)


# The options of tma_app.core.redis.get_redis. Every row uses them (the `limits` client too), so the
# rows differ only in what they send; socket_timeout alone costs redis-py a timer per read, which is
# why one diagnostic row pings with redis-py's defaults.
APP_CLIENT_OPTIONS: dict[str, float | bool] = {
    "decode_responses": True,
    "socket_connect_timeout": 1.0,
    "socket_timeout": 1.0,
    "health_check_interval": 30,
}


def app_like_client() -> aioredis.Redis:
    """A client with the same options as tma_app.core.redis.get_redis (own connection)."""
    return aioredis.from_url(ARGS.redis_url, **APP_CLIENT_OPTIONS)


def admitted_subjects(tag: str) -> list[str]:
    return [f"{tag}-user:{i}" for i in range(ADMITTED_SUBJECTS)]


def mix_subjects(tag: str) -> list[str]:
    """3 of 4 requests: 2,000 users round robin; every 4th: one of 5 hammering clients."""
    out, user, hot = [], 0, 0
    for i in range(4 * MIX_USERS):
        if i % 4 == 3:
            out.append(f"{tag}-hot:{hot % MIX_HOT}")
            hot += 1
        else:
            out.append(f"{tag}-user:{user % MIX_USERS}")
            user += 1
    return out


# --------------------------------------------------------------------------- implementations


def ping_check(client: aioredis.Redis) -> Check:
    async def check(subject: str) -> bool:
        return await client.ping()

    return check


def ours_check(limiter: RedisSlidingWindow, tier: Tier) -> Check:
    hit = limiter.hit

    async def check(subject: str) -> bool:
        return (await hit(tier, subject)).allowed

    return check


def limits_check(limiter: MovingWindowRateLimiter, limit: int) -> Check:
    item = RateLimitItemPerMinute(limit)
    hit = limiter.hit

    async def check(subject: str) -> bool:
        return await hit(item, subject)

    return check


def guide_check(client: aioredis.Redis, limit: int, window_ms: int) -> Check:
    """The upgrade guide's sorted-set log: record every request, then compare the count."""
    counter = 0
    window_s = window_ms // 1000

    async def check(subject: str) -> bool:
        nonlocal counter
        counter += 1
        now = int(time.time() * 1000)
        key = f"{PREFIX}guide:{limit}:{subject}"
        pipe = client.pipeline(transaction=True)
        pipe.zremrangebyscore(key, 0, now - window_ms)
        pipe.zadd(key, {f"{now}-{counter}": now})
        pipe.zcard(key)
        pipe.expire(key, window_s)
        _, _, count, _ = await pipe.execute()
        return count <= limit

    return check


def noop_check(client: aioredis.Redis, with_args: bool) -> Check:
    script = client.register_script("return 1")
    keys = [namespaced_key(NAMESPACE, "noop", f"{{x{i}}}") for i in range(3)] if with_args else []
    args = [100, 60_000, "standard"] if with_args else []

    async def check(subject: str) -> bool:
        return await script(keys=keys, args=args) == 1

    return check


def raw_script_check(client: aioredis.Redis, tier: Tier, subjects: list[str]) -> Check:
    """Our script via client.evalsha with keys and arguments built beforehand."""
    source = sliding_window_script(AnomalyRule())
    shaper = RedisSlidingWindow(client)
    sha = None
    prebuilt: dict[str, list[object]] = {}
    for subject in subjects:
        prebuilt[subject] = [3, *shaper.keys(tier, subject), tier.limit, tier.window_ms, tier.name]

    async def check(subject: str) -> bool:
        nonlocal sha
        if sha is None:
            sha = await client.script_load(source)
        reply = await client.evalsha(sha, *prebuilt[subject])
        return bool(reply[0])

    return check


# --------------------------------------------------------------------------- measurement


async def run_block(row: Row, n: int) -> float:
    batch = row.next_batch(n)
    check = row.check
    rejected = 0
    start = time.perf_counter()
    for subject in batch:
        if not await check(subject):
            rejected += 1
    elapsed = time.perf_counter() - start
    row.rejected += rejected
    row.calls += n
    return n / elapsed


def parse_commandstats(info: dict) -> dict[str, tuple[int, float]]:
    out = {}
    for name, value in info.items():
        if name.startswith("cmdstat_") and isinstance(value, dict):
            out[name.removeprefix("cmdstat_")] = (int(value["calls"]), float(value["usec"]))
    return out


async def server_pass(rows: list[Row], admin: aioredis.Redis, n: int) -> None:
    """Each row alone, INFO commandstats before/after: Redis-side usec per check (lowest pass kept)."""
    for row in rows:
        before = parse_commandstats(await admin.info("commandstats"))
        batch = row.next_batch(n)
        for subject in batch:
            await row.check(subject)
        after = parse_commandstats(await admin.info("commandstats"))
        delta = {}
        for cmd, (calls, usec) in after.items():
            c0, u0 = before.get(cmd, (0, 0.0))
            if calls - c0 > 0 and cmd != "info":
                delta[cmd] = (calls - c0, usec - u0)
        # Top-level commands carry the time of the commands they run (scripts, EXEC).
        if "evalsha" in delta:
            top = ["evalsha"]
        elif "exec" in delta:
            top = ["multi", "exec"]
        else:
            top = list(delta)
        usec = sum(delta[c][1] for c in top if c in delta) / n
        if row.server and row.server["usec_per_check"] <= usec:
            continue
        row.server = {
            "usec_per_check": usec,
            "top_calls_per_check": sum(delta[c][0] for c in top if c in delta) / n,
            "detail": {c: (calls / n, usec / calls) for c, (calls, usec) in sorted(delta.items())},
        }


def python_side_costs() -> dict[str, float]:
    """Microseconds of the client-side work in RedisSlidingWindow.hit, no Redis involved."""
    from redis.asyncio.connection import Connection

    conn = Connection()
    shaper = RedisSlidingWindow.__new__(RedisSlidingWindow)
    shaper._prefix = namespaced_key(NAMESPACE)
    keys = list(shaper.keys(STANDARD, "user:12345"))
    args = [100, 60_000, "standard"]
    sha = "0" * 40
    reply = [1, 99, 60000, 0]
    tests = {
        "3 keys (RedisSlidingWindow.keys)": lambda: shaper.keys(STANDARD, "user:12345"),
        "Decision(...) from reply": lambda: Decision(
            reply[0] == 1, STANDARD.name, STANDARD.limit, reply[1], reply[2], bool(reply[3] & 1), bool(reply[3] & 2)),
        "pack_command EVALSHA (3 keys, 3 args)": lambda: conn.pack_command("EVALSHA", sha, 3, *keys, *args),
        "pack_command PING": lambda: conn.pack_command("PING"),
    }
    out = {}
    for name, fn in tests.items():
        number = 20_000
        best = min(timeit.repeat(fn, number=number, repeat=5))
        out[name] = best / number * 1e6
    return out


async def cleanup(admin: aioredis.Redis) -> int:
    deleted = 0
    batch: list[str] = []
    async for key in admin.scan_iter(match=f"{PREFIX}*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            deleted += await admin.unlink(*batch)
            batch.clear()
    if batch:
        deleted += await admin.unlink(*batch)
    return deleted


async def count_keys(admin: aioredis.Redis, pattern: str) -> int:
    return sum([1 async for _ in admin.scan_iter(match=pattern, count=1000)])


# --------------------------------------------------------------------------- report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def render(
    rows: list[Row], info: dict, pycost: dict[str, float], cleaned: int, flags: dict[str, int]
) -> tuple[str, bool]:
    ping = rows[0]
    ping_med = statistics.median(ping.rates)
    ping_best = max(ping.rates)
    lines = []
    lines.append(f"Command: `{COMMAND}` (about 2 min; `limits` from bench/requirements.txt).")
    lines.append("")
    lines.append(f"- Date: {dt.date.today().isoformat()}")
    lines.append(
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores (shared, noisy); Python {platform.python_version()}, "
        f"asyncio default loop; Redis {info['redis_version']} on 127.0.0.1:6379 over TCP, redis-py "
        f"{importlib.metadata.version('redis')} (no hiredis), limits {importlib.metadata.version('limits')}."
    )
    lines.append(
        f"- {ARGS.rounds} rounds x {ARGS.calls} sequential checks per row after {ARGS.warmup} warm-up calls; rows "
        "interleaved, order rotated each round; medians and bests. Each row has its own connection, all with the "
        "app's client options (`get_redis`: decode_responses, socket_timeout=1.0, socket_connect_timeout=1.0, "
        "health_check_interval=30) except the last diagnostic row."
    )
    lines.append(
        f"- \"admitted\": limit 10**9/min, {ADMITTED_SUBJECTS:,} subjects round robin (every check admitted, none "
        f"flagged). \"mix\": standard tier 100/min; 3 of 4 requests to {MIX_USERS:,} users round robin, every 4th "
        f"to one of {MIX_HOT} hammering clients (tma_app flags them and applies the sensitive tier, 10/min; "
        "`limits` and the pipeline keep 100/min)."
    )
    lines.append(
        f"- Flag keys left by tma_app: admitted workload {flags['admitted']}, mix workload {flags['mix']} "
        f"(expected 0 and {MIX_HOT}). Keys deleted at the end: {cleaned:,} (prefix `tma-bench-*`)."
    )
    lines.append("")
    lines.append(
        "| Implementation | Workload | Checks/s median | Checks/s best | µs/check (median) | Cost vs PING (median) "
        "| Cost vs PING (best) | Paired | Rejected | Redis µs/check |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for row in rows:
        med = statistics.median(row.rates)
        ratio = ping_med / med
        paired = statistics.median(p / r for p, r in zip(ping.rates, row.rates, strict=True))
        rej = f"{100 * row.rejected / row.calls:.0f}%" if row.workload != "floor" else "-"
        server = f"{row.server['usec_per_check']:.1f}" if row.server else "-"
        lines.append(
            f"| {row.name} | {row.workload} | {med:,.0f} | {max(row.rates):,.0f} | "
            f"{1e6 / med:.0f} | {ratio:.2f}x | {ping_best / max(row.rates):.2f}x | {paired:.2f}x | {rej} | {server} |"
        )
        if row.name.startswith("tma_app RedisSlidingWindow.hit"):
            verdicts.append((row.workload, ratio, ping_best / max(row.rates), paired))
    ok = all(r <= TARGET for _, r, _, _ in verdicts)
    lines.append("")
    detail = "; ".join(f"{w}: {r:.2f}x (best {b:.2f}x, paired {p:.2f}x)" for w, r, b, p in verdicts)
    lines.append(
        f"Target (our check costs at most {TARGET}x a PING round trip): **{'PASS' if ok else 'FAIL'}** — {detail}."
    )
    ours_admitted = next(r for r in rows if r.workload == "admitted" and r.name.startswith("tma_app"))
    noop = next(r for r in rows if r.name == "EVALSHA `return 1`, 3 keys + 3 args")
    if ours_admitted.server:
        script_us = ours_admitted.server["usec_per_check"]
        nested = sum(calls * u for c, (calls, u) in ours_admitted.server["detail"].items() if c != "evalsha")
        nested_calls = sum(calls for c, (calls, _) in ours_admitted.server["detail"].items() if c != "evalsha")
        lines.append("")
        lines.append(
            f"Budget: {TARGET}x PING leaves {(TARGET - 1) * 1e6 / ping_med:.0f} µs per check above the PING round trip "
            f"({1e6 / ping_med:.0f} µs). Redis alone spends {script_us:.1f} µs per admitted check in our script "
            f"({nested:.1f} µs in the {nested_calls:.0f} "
            f"commands it calls, the rest in Lua and argument handling), against "
            f"{ping.server['usec_per_check']:.2f} µs for "
            f"PING and {noop.server['usec_per_check']:.1f} µs for an empty script given the same 3 keys + 3 arguments; "
            "on this 2-core machine the client and Redis share the CPUs, so server time adds to the round trip."
        )
    lines.append("")
    lines.append(
        "Cost vs PING (median) = median PING rate / median row rate (the target is judged on it); (best) = the same "
        "with each row's best round, the least disturbed by other load; Paired = median over rounds of the ratio "
        "within one round. Rejected = share of checks refused in the timed rounds. Redis µs/check: see below."
    )
    lines.append("")
    lines.append("Where the time of one check goes (differences between rows, best rounds):")
    lines.append("")
    by = {r.name: r for r in rows}

    def us(name: str) -> float:
        return 1e6 / max(by[name].rates)

    steps = [
        ("PING round trip, redis-py defaults", None, "PING, redis-py default options"),
        ("app client options (socket_timeout=1.0 etc.)", "PING, redis-py default options", "PING"),
        ("EVALSHA machinery (`return 1`, no args) vs PING", "PING", "EVALSHA `return 1`"),
        ("sending 3 keys + 3 args", "EVALSHA `return 1`", "EVALSHA `return 1`, 3 keys + 3 args"),
        ("our script's work + 4-item reply", "EVALSHA `return 1`, 3 keys + 3 args", "our script, raw evalsha"),
        ("hit()'s Python (keys, evalsha, Decision)", "our script, raw evalsha",
         "tma_app RedisSlidingWindow.hit"),
    ]
    lines.append("| Step | µs (best rounds) |")
    lines.append("|---|---|")
    for label, base, name in steps:
        value = us(name) - (us(base) if base else 0.0)
        lines.append(f"| {label} | {value:+.1f} |" if base else f"| {label} | {value:.1f} |")
    lines.append("")
    lines.append("Redis-side time (`INFO commandstats` deltas, each row run alone for "
                 f"{ARGS.server_calls:,} checks, {ARGS.server_passes} passes, the lowest kept; top-level commands "
                 "(EVALSHA, EXEC) include the commands they run):")
    lines.append("")
    lines.append("| Row | Redis µs/check | Commands per check (calls, usec_per_call) |")
    lines.append("|---|---|---|")
    for row in rows:
        if not row.server:
            continue
        detail = ", ".join(f"{c} {calls:.2f} x {u:.2f}" for c, (calls, u) in row.server["detail"].items())
        lines.append(f"| {row.name} ({row.workload}) | {row.server['usec_per_check']:.2f} | {detail} |")
    lines.append("")
    lines.append("Client-side Python in `RedisSlidingWindow.hit`, no Redis (timeit, best of 5):")
    lines.append("")
    lines.append("| Piece | µs |")
    lines.append("|---|---|")
    for name, value in pycost.items():
        lines.append(f"| {name} | {value:.2f} |")
    return "\n".join(lines) + "\n", ok


def write_doc(body: str) -> None:
    update_section(SECTION_TITLE, f"{SECTION_TITLE}\n\n{body}")


# --------------------------------------------------------------------------- main


async def main() -> int:
    assert get_settings().REDIS_KEY_PREFIX == PREFIX, "REDIS_KEY_PREFIX not taken from the environment"
    admin = app_like_client()
    info = await admin.info("server")
    clients: list[aioredis.Redis] = [admin]
    limits_storages = []
    try:
        def client() -> aioredis.Redis:
            c = app_like_client()
            clients.append(c)
            return c

        def default_client() -> aioredis.Redis:
            c = aioredis.from_url(ARGS.redis_url)
            clients.append(c)
            return c

        app_client = get_redis()
        assert app_client is not None
        clients.append(app_client)
        ours = RedisSlidingWindow(app_client)

        def limits_limiter() -> MovingWindowRateLimiter:
            storage = LimitsRedisStorage(
                "async+" + ARGS.redis_url, implementation="redispy", key_prefix=f"{PREFIX}limits",
                **APP_CLIENT_OPTIONS,
            )
            limits_storages.append(storage)
            return MovingWindowRateLimiter(storage)

        raw_subjects = admitted_subjects("r")
        rows = [
            Row("PING", "floor", ping_check(client()), ["-"]),
            Row("tma_app RedisSlidingWindow.hit", "admitted", ours_check(ours, BENCH_TIER), admitted_subjects("a")),
            Row("limits MovingWindowRateLimiter.hit", "admitted", limits_check(limits_limiter(), BENCH_TIER.limit),
                admitted_subjects("a")),
            Row("guide's ZSET pipeline", "admitted", guide_check(client(), BENCH_TIER.limit, 60_000),
                admitted_subjects("a")),
            Row("tma_app RedisSlidingWindow.hit", "mix", ours_check(ours, STANDARD), mix_subjects("m")),
            Row("limits MovingWindowRateLimiter.hit", "mix", limits_check(limits_limiter(), 100), mix_subjects("m")),
            Row("guide's ZSET pipeline", "mix", guide_check(client(), 100, 60_000), mix_subjects("m")),
            Row("EVALSHA `return 1`", "diagnostic", noop_check(client(), False), ["-"]),
            Row("EVALSHA `return 1`, 3 keys + 3 args", "diagnostic", noop_check(client(), True), ["-"]),
            Row("our script, raw evalsha", "diagnostic",
                raw_script_check(client(), BENCH_TIER, raw_subjects), raw_subjects),
            Row("PING, redis-py default options", "diagnostic", ping_check(default_client()), ["-"]),
        ]
        for row in rows:
            await run_block(row, ARGS.warmup)
            row.rejected = row.calls = 0
        print(f"prefix {PREFIX}; {ARGS.rounds} rounds x {ARGS.calls} calls x {len(rows)} rows", flush=True)
        for r in range(ARGS.rounds):
            order = rows[r % len(rows):] + rows[: r % len(rows)]
            for row in order:
                row.rates.append(await run_block(row, ARGS.calls))
            print(f"round {r + 1}: " + ", ".join(f"{row.rates[-1]:,.0f}" for row in rows), flush=True)
        for _ in range(ARGS.server_passes):
            await server_pass(rows, admin, ARGS.server_calls)
        flags = {
            "admitted": await count_keys(admin, f"{PREFIX}{NAMESPACE}:flag:{{a-*"),
            "mix": await count_keys(admin, f"{PREFIX}{NAMESPACE}:flag:{{m-*"),
        }
        cumulative = parse_commandstats(await admin.info("commandstats"))
        pycost = python_side_costs()
    finally:
        cleaned = await cleanup(admin)
        left = await count_keys(admin, f"{PREFIX}*")
        for c in clients:
            await c.aclose()
        for storage in limits_storages:
            await storage.bridge.storage.aclose()
    body, ok = render(rows, info, pycost, cleaned, flags)
    print()
    print(SECTION_TITLE)
    print()
    print(body)
    print("INFO commandstats since Redis start (all clients), usec_per_call: " + ", ".join(
        f"{c} {u / calls:.2f}" for c, (calls, u) in cumulative.items() if c in ("ping", "evalsha", "exec")))
    print(f"keys left under {PREFIX}: {left}")
    if not ARGS.no_doc:
        write_doc(body)
        print(f"written to {PERF_DOC.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
