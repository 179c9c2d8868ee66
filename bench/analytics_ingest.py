"""Analytics ingest throughput into PostgreSQL through the real HTTP route: batch INSERT vs one INSERT per event.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 and, by default, Redis on 127.0.0.1:6379):

    .venv/bin/python bench/analytics_ingest.py    # --rounds, --requests, --pg-url, --redis-url, --no-redis, --no-doc

What is measured: events per second stored in PostgreSQL by one worker (one process, one request at a
time) that POSTs batches of --batch (50) events to `POST /api/analytics/events`, in-process through
httpx.ASGITransport into the app's real ASGI stack: `tma_app.tma_app.api_app` (security headers,
IdentityMiddleware verifying the X-Telegram-Init-Data header, the route's `rate_limited("analytics")`
check in Redis, body cap, JSON parsing, per-event validation, clock-skew correction, the 202 report).

Rows, interleaved inside each round with their order rotated from round to round (medians and bests):

- tma_app: the app as shipped, one `INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING` per batch
  (on PostgreSQL the batch is one JSON parameter expanded by `json_to_recordset`: see
  tma_app/analytics/store.py);
- naive: the same middleware and route, storing each event with its own `INSERT ... ON CONFLICT DO
  NOTHING RETURNING` statement (all in the request's one transaction: the generous version of the
  naive path; a commit per event would be slower still);
- diagnostic: the ingest service called directly (`ingest_body`, batch INSERT), no HTTP, no middleware:
  what the HTTP layer costs.

Nothing is refused: each request comes from the next of --users distinct signed users (round robin),
so no user gets near the analytics tier's 30 requests a minute or the anomaly rule's 5 requests
under 100 ms apart; the script checks every answer was a 202 with all events accepted. Every event is
new (fresh UUIDs, realistic mix of page views, clicks and demo interactions with props, about 9 KB a
batch); request bodies are built before the timed block. A fresh database `tma_bench_<random>` is
created, migrated with the real migrations and dropped at the end; Redis keys live under a fresh
prefix, deleted at the end. The result is printed and, unless --no-doc, written into docs/perf.md
as "## Analytics ingest" (other sections of that file are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import json
import os
import platform
import random
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from perf_doc import update_section

ROOT = Path(__file__).resolve().parent.parent
SECTION_TITLE = "## Analytics ingest"
COMMAND = ".venv/bin/python bench/analytics_ingest.py"
TARGET_EVENTS_PER_S = 5_000
BENCH_TOKEN = "123456789:AAbenchBenchBenchBenchBenchBench12345"
DATABASE = f"tma_bench_{secrets.token_hex(4)}"
PREFIX = f"tma-bench-{secrets.token_hex(4)}:"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a server where this script may create and drop a database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--no-redis", action="store_true", help="in-process rate limiter instead of Redis")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=150, help="requests per row per round")
    parser.add_argument("--batch", type=int, default=50, help="events per request")
    parser.add_argument("--users", type=int, default=3_000, help="distinct signed users, round robin")
    parser.add_argument("--warmup", type=int, default=40, help="requests per row before timing")
    parser.add_argument("--no-doc", action="store_true", help="print only; do not write docs/perf.md")
    return parser.parse_args()


ARGS = parse_args()
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ADMIN_URL = make_url(ARGS.pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
BENCH_URL = ADMIN_URL.set(database=DATABASE).render_as_string(hide_password=False)
# Settings are read from the environment when tma_app is first imported.
os.environ.update({
    "APP_ENV": "test",
    "TELEGRAM_BOT_TOKEN": BENCH_TOKEN,
    "DATABASE_URL": BENCH_URL,
    "REDIS_URL": "" if ARGS.no_redis else ARGS.redis_url,
    "REDIS_KEY_PREFIX": PREFIX,
    "SENTRY_DSN": "",
    "LOG_LEVEL": "WARNING",
})


@dataclass
class Row:
    name: str
    kind: str  # "http" or "direct"
    send: Callable[[bytes, int], Awaitable[tuple[int, dict]]]
    rates: list[float] = field(default_factory=list)
    events: int = 0


def make_events(n: int, now_ms: float) -> list[dict]:
    """A realistic mix: page views, taps on marked buttons, demo interactions with props."""
    routes = ["/", "/demos/restaurant", "/demos/fitness", "/demos/ecommerce", "/settings", "/demos/restaurant/cart"]
    events = []
    for i in range(n):
        base = {"id": str(uuid.uuid4()), "ts": now_ms - (n - i) * 37, "route": random.choice(routes)}
        kind = i % 5
        if kind in (0, 1):
            events.append({**base, "category": "navigation", "action": "page_view"})
        elif kind in (2, 3):
            events.append({**base, "category": "engagement", "action": "click",
                           "label": random.choice(["add_to_cart", "open_demo", "checkout", "log_set", "filter"])})
        else:
            events.append({**base, "category": "demo", "action": "interact", "label": "restaurant",
                           "props": {"action": "add_to_cart", "dish_id": random.randint(1, 40), "quantity": 1,
                                     "modifiers": "extra cheese, no onions"}})
    return events


def make_bodies(count: int) -> list[bytes]:
    now_ms = time.time() * 1000
    return [json.dumps({"sent_at": now_ms, "anonymous_id": str(uuid.uuid4()),
                        "events": make_events(ARGS.batch, now_ms)}).encode() for _ in range(count)]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def create_database() -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()


def drop_database() -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    admin.dispose()


def migrate() -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


async def run_block(row: Row, bodies: list[bytes], users: list[int]) -> float:
    start = time.perf_counter()
    for body, user in zip(bodies, users, strict=True):
        status, report = await row.send(body, user)
        if status != 202 or report.get("accepted") != ARGS.batch:
            raise SystemExit(f"{row.name}: answer {status} {str(report)[:300]} (the benchmark must refuse nothing)")
    elapsed = time.perf_counter() - start
    row.events += len(bodies) * ARGS.batch
    return len(bodies) * ARGS.batch / elapsed


async def main() -> int:
    create_database()
    try:
        return await measure()
    finally:
        drop_database()
        if not ARGS.no_redis:
            import redis

            client = redis.Redis.from_url(ARGS.redis_url)
            keys = list(client.scan_iter(match=f"{PREFIX}*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()


async def measure() -> int:
    migrate()
    import httpx
    from starlette.applications import Starlette
    from starlette.middleware import Middleware

    from tma_app.analytics import api as analytics_api
    from tma_app.analytics.ingest import ingest_body
    from tma_app.analytics.models import AnalyticsEvent
    from tma_app.core.db import dialect_insert, get_engine, session_scope
    from tma_app.core.redis import get_redis
    from tma_app.core.settings import get_settings
    from tma_app.security.http import IdentityMiddleware, SecurityHeadersMiddleware, content_security_policy
    from tma_app.telegram.init_data import sign_init_data
    from tma_app.tma_app import api_app

    settings = get_settings()
    assert settings.DATABASE_URL.endswith(DATABASE) and settings.REDIS_KEY_PREFIX == PREFIX
    if not ARGS.no_redis:
        assert get_redis() is not None and await get_redis().ping()

    def insert_one_by_one(session, rows):
        table = AnalyticsEvent.__table__
        inserted = set()
        for row in rows:
            statement = (dialect_insert(session)(table).values(**row)
                         .on_conflict_do_nothing(index_elements=["event_id"]).returning(table.c.event_id))
            inserted.update(session.execute(statement).scalars())
        return inserted

    naive_app = Starlette(
        routes=analytics_api.make_routes(writer=insert_one_by_one),
        middleware=[Middleware(SecurityHeadersMiddleware, csp=content_security_policy(settings)),
                    Middleware(IdentityMiddleware)],
    )
    shipped = httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app(settings)), base_url="http://bench")
    naive = httpx.AsyncClient(transport=httpx.ASGITransport(app=naive_app), base_url="http://bench")

    auth_date = str(int(time.time()))
    headers_of: dict[int, dict[str, str]] = {}

    def headers(user: int) -> dict[str, str]:
        if user not in headers_of:
            init_data = sign_init_data({"user": json.dumps({"id": user, "first_name": f"U{user}"}),
                                        "auth_date": auth_date, "query_id": f"q{user}"}, BENCH_TOKEN)
            headers_of[user] = {"X-Telegram-Init-Data": init_data, "Content-Type": "application/json"}
        return headers_of[user]

    def over_http(client: httpx.AsyncClient):
        async def send(body: bytes, user: int) -> tuple[int, dict]:
            response = await client.post("/api/analytics/events", content=body, headers=headers(user))
            return response.status_code, response.json()
        return send

    async def direct(body: bytes, user: int) -> tuple[int, dict]:
        return 202, (await asyncio.to_thread(ingest_body, body, user)).as_json()

    rows = [
        Row("tma_app route, one INSERT per batch", "http", over_http(shipped)),
        Row("naive: same route, one INSERT per event", "http", over_http(naive)),
        Row("diagnostic: ingest_body() direct, no HTTP", "direct", direct),
    ]
    user_ids = {row.name: [10_000_000 + i * len(rows) + k for i in range(ARGS.users)] for k, row in enumerate(rows)}
    cursors = {row.name: 0 for row in rows}

    def next_users(row: Row, n: int) -> list[int]:
        users = user_ids[row.name]
        start = cursors[row.name]
        cursors[row.name] = start + n
        return [users[(start + i) % len(users)] for i in range(n)]

    for row in rows:
        await run_block(row, make_bodies(ARGS.warmup), next_users(row, ARGS.warmup))
    print(f"database {DATABASE}; {ARGS.rounds} rounds x {ARGS.requests} requests x {ARGS.batch} events x "
          f"{len(rows)} rows", flush=True)
    for r in range(ARGS.rounds):
        order = rows[r % len(rows):] + rows[: r % len(rows)]
        for row in order:
            row.rates.append(await run_block(row, make_bodies(ARGS.requests), next_users(row, ARGS.requests)))
        print(f"round {r + 1}: " + ", ".join(f"{row.rates[-1]:,.0f}" for row in rows), flush=True)
    await shipped.aclose()
    await naive.aclose()

    with session_scope() as session:
        stored = session.execute(select(func.count()).select_from(AnalyticsEvent)).scalar_one()
        server = session.execute(text("SHOW server_version")).scalar_one()
    expected = sum(row.events for row in rows)
    if stored != expected:
        raise SystemExit(f"{stored} rows stored for {expected} events accepted")
    get_engine().dispose()
    body, ok = render(rows, server, stored)
    print()
    print(SECTION_TITLE)
    print()
    print(body)
    if not ARGS.no_doc:
        update_section(SECTION_TITLE, f"{SECTION_TITLE}\n\n{body}")
        print("written to docs/perf.md")
    return 0 if ok else 1


def render(rows: list[Row], server_version: str, stored: int) -> tuple[str, bool]:
    shipped, naive = rows[0], rows[1]
    paired = statistics.median(a / b for a, b in zip(shipped.rates, naive.rates, strict=True))
    best = max(shipped.rates)
    median = statistics.median(shipped.rates)
    ok = median >= TARGET_EVENTS_PER_S
    limiter = "in-process" if ARGS.no_redis else "Redis 127.0.0.1:6379 (one Lua call per request)"
    lines = [
        f"Command: `{COMMAND}` (about 1 min; needs PostgreSQL and Redis on 127.0.0.1).",
        "Source: `bench/analytics_ingest.py`, whose docstring says exactly what each row does.",
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores (shared, noisy); Python {platform.python_version()}; "
        f"PostgreSQL {server_version.split()[0]} on 127.0.0.1 over TCP "
        f"(psycopg {importlib.metadata.version('psycopg')}, "
        f"SQLAlchemy {importlib.metadata.version('sqlalchemy')}); rate limiter: {limiter}.",
        f"- One worker: one asyncio process sending one request at a time through httpx.ASGITransport into the "
        f"app's real ASGI stack (identity check of a signed initData header, analytics-tier rate limit, body cap, "
        f"validation, clock-skew correction). {ARGS.batch} new events per request, {ARGS.users:,} distinct users "
        f"round robin (nothing refused; every answer checked: 202, all accepted).",
        f"- {ARGS.rounds} rounds x {ARGS.requests} requests per row after {ARGS.warmup} warm-up requests; rows "
        f"interleaved, order rotated each round. {stored:,} rows stored, equal to the events accepted.",
        "",
        "| Path | Events/s (median) | Best | Requests/s (median) | vs naive (median of same-round ratios) |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = statistics.median(a / b for a, b in zip(row.rates, naive.rates, strict=True))
        med = statistics.median(row.rates)
        lines.append(f"| {row.name} | {med:,.0f} | {max(row.rates):,.0f} | {med / ARGS.batch:,.0f} | {ratio:.2f}x |")
    lines += [
        "",
        f"Target (>= {TARGET_EVENTS_PER_S:,} events/s through the HTTP route, batches of {ARGS.batch}, one worker): "
        f"**{'met' if ok else 'missed'}** ({median:,.0f} median, {best:,.0f} best; {paired:.2f}x the naive path).",
    ]
    return "\n".join(lines) + "\n", ok


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
