"""Events per second through the gamification engine, ledger on PostgreSQL, one worker.

    .venv/bin/python bench/gamification_engine.py      # --events 10000 --users 500 --no-doc

A day of activity: --events demo events (start / interact / complete in turn) spread
over --users users, published to the durable outbox, then applied by one worker
(`drain`, the same code the backend's outbox worker runs: XP, coins, badges,
counters, streaks, daily-task progress, referrals, leaderboard rows, acknowledgement).

Rows, each on its own fresh users so both do the same first-activity work:
- engine: the outbox worker, batches of `BATCH` events applied set-based (tma_app.gamification.engine);
- reference: the same events applied one per transaction (`subscribers.apply_event`, the
  engine given one event at a time), i.e. what a consumer without batching does; this is
  also the worker's fallback path when a batch fails.
The ratio is engine rate / reference rate, measured in the same run on the same database.
A fresh database is created on the server (--database-url names the server) and dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COMMAND = ".venv/bin/python bench/gamification_engine.py"
KINDS = (("demo_start", "restaurant"), ("demo_interact", "fitness"), ("demo_complete", "ecommerce"))


def events_for(users: list[int], count: int):
    from tma_app.demo_catalog.events import demo_event

    return [demo_event(KINDS[i % 3][0], users[i % len(users)], KINDS[i % 3][1]) for i in range(count)]


def run_engine(users: list[int], count: int) -> float:
    from tma_app.core import outbox
    from tma_app.core.db import session_scope
    from tma_app.core.outbox_worker import drain

    with session_scope() as session:
        outbox.publish_many(session, events_for(users, count))
    started = time.perf_counter()
    result = drain()
    elapsed = time.perf_counter() - started
    assert result.failed == 0 and result.applied >= count, result
    return count / elapsed


def run_reference(users: list[int], count: int) -> float:
    from tma_app.core.db import session_scope
    from tma_app.gamification.subscribers import apply_event

    events = events_for(users, count)
    started = time.perf_counter()
    for event in events:
        with session_scope() as session:
            apply_event(session, event)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()

    server = make_url(args.database_url)
    name = f"tma_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    os.environ["DATABASE_URL"] = server.set(database=name).render_as_string(hide_password=False)
    os.environ.pop("REDIS_URL", None)
    try:
        from tests.support.database import upgrade
        from tma_app.core.db import get_engine
        from tma_app.gamification import subscribers

        upgrade(get_engine())
        subscribers.register()
        base = 7 * 10**12
        engine_users = [base + i for i in range(args.users)]
        reference_users = [base + 10**6 + i for i in range(args.users)]
        engine_rate = run_engine(engine_users, args.events)
        reference_rate = run_reference(reference_users, args.events)
        get_engine().dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    ratio = engine_rate / reference_rate
    lines = [
        "## Gamification engine",
        "",
        f"Command: `{COMMAND}` (needs PostgreSQL on 127.0.0.1). Run {dt.date.today().isoformat()} on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        f"Workload: {args.events:,} demo events over {args.users} users, each applied once with XP, coins, badges, "
        "counters, streak, daily-task progress, referral check, leaderboard rows and the outbox acknowledgement; "
        "one worker; PostgreSQL ledger; no Redis mirror.",
        "",
        "| path | events/s | vs reference |",
        "|---|---:|---:|",
        f"| engine: outbox worker, set-based batches | {engine_rate:,.0f} | {ratio:.2f}x |",
        f"| reference: one event per transaction (same engine, unbatched) | {reference_rate:,.0f} | 1.00x |",
        "",
        "Target: at least 2,000 events/s through the engine.",
        "",
    ]
    print("\n".join(lines))
    if not args.no_doc:
        from bench.perf_doc import update_section

        update_section("## Gamification engine", "\n".join(lines))


if __name__ == "__main__":
    main()
