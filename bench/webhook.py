"""Webhook acknowledgement latency under a burst of updates, on one backend worker.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379):

    .venv/bin/python bench/webhook.py        # --updates, --connections, --rounds, --pg-url, --redis-url, --no-doc

What is measured: the time from sending an update to `POST /api/telegram/webhook` until its 200
arrives, for a burst of --updates (1,000) queued updates delivered the way Telegram delivers them:
over --connections (40: the `max_connections` that `python -m tma_app.bot setup` gives Telegram)
keep-alive connections, each sending its next update as soon as the previous one is answered, to
one granian worker serving bench/webhook_app.py: the app's own HTTP API (its middleware, the
webhook: secret check, update_id claimed in PostgreSQL and queued in the outbox in one
transaction) with the outbox worker running in the same process, applying the updates as they
come (plain messages and, one in ten, a /help the bot answers through a loopback fake Bot API).
One in ten updates is a redelivery of an earlier one (Telegram retrying).

Reference, measured in the same run: the same burst to POST /bench/ack on the same worker,
through the same middleware, answering without touching the database. Rounds alternate the two;
the table shows the median of each percentile over --rounds rounds, and the ratio webhook/floor.
Target: webhook p95 <= 50 ms.

A fresh database `tma_bench_<random>` is created, migrated and dropped at the end; Redis keys
live under a fresh prefix, deleted at the end. The result is printed and, unless --no-doc,
written into docs/perf.md as "## Bot webhook" (other sections of that file are kept).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from perf_doc import update_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fake_bot_api import WEBHOOK_SECRET_HEADER, FakeBotApi, message_update  # noqa: E402

SECTION_TITLE = "## Bot webhook"
COMMAND = ".venv/bin/python bench/webhook.py"
TARGET_P95_MS = 50.0
BENCH_TOKEN = "123456789:AAbenchBenchBenchBenchBenchBench12345"
SECRET = secrets.token_hex(16)
DATABASE = f"tma_bench_{secrets.token_hex(4)}"
PREFIX = f"tma-bench-{secrets.token_hex(4)}:"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a server where this script may create and drop a database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--updates", type=int, default=1_000, help="updates per burst")
    parser.add_argument("--connections", type=int, default=40, help="concurrent connections (Telegram's max)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-doc", action="store_true", help="print only; do not write docs/perf.md")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bursts(count: int, first_id: int) -> list[dict]:
    """`count` updates from distinct users, one in ten a /help, one in ten a redelivery."""
    fresh = count - count // 10
    updates = [message_update(first_id + i, 10_000_000 + first_id + i, "/help" if i % 10 == 0 else f"hi {i}")
               for i in range(fresh)]
    burst = updates + random.sample(updates, count - fresh)
    random.shuffle(burst)
    return burst


class Connection:
    """One keep-alive HTTP/1.1 connection, written by hand: an HTTP library's own cost would be most
    of what a 2-core machine measures here, and Telegram's side of the wire is not ours to time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> Connection:
        parts = httpx.URL(url)
        reader, writer = await asyncio.open_connection(parts.host, parts.port)
        return cls(reader, writer, f"{parts.host}:{parts.port}")

    async def post(self, path: str, body: bytes, secret: str | None) -> int:
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n")
        if secret is not None:
            head += f"{WEBHOOK_SECRET_HEADER}: {secret}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        answer = await self.reader.readuntil(b"\r\n\r\n")
        lines = answer.decode("latin-1").split("\r\n")
        length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        if length:
            await self.reader.readexactly(length)
        return int(lines[0].split(" ", 2)[1])

    async def close(self) -> None:
        self.writer.close()


async def burst_latencies(url: str, bodies: list[dict], connections: int,
                          secret: str | None) -> tuple[list[float], float]:
    """Deliver every body as Telegram does, over `connections` connections each sending its next update
    as soon as the previous one is answered; each update's time to its answer (ms), and the burst's (s)."""
    path = httpx.URL(url).path
    encoded = [json.dumps(body).encode() for body in bodies]
    pending = list(reversed(encoded))
    latencies: list[float] = []
    # Opened first: the burst measures answers, not TCP handshakes.
    opened = await asyncio.gather(*(Connection.open(url) for _ in range(connections)))

    async def deliver(connection: Connection) -> None:
        while pending:
            body = pending.pop()
            started = time.perf_counter()
            status = await connection.post(path, body, secret)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"{url} answered {status}")

    started = time.perf_counter()
    await asyncio.gather(*(deliver(connection) for connection in opened))
    elapsed = time.perf_counter() - started
    for connection in opened:
        await connection.close()
    return latencies, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wait_until_up(url: str, server: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited; see bench/.work/logs/webhook-server.log")
        try:
            if httpx.post(url, content=b"{}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not start; see bench/.work/logs/webhook-server.log")


def main() -> None:
    args = parse_args()
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin_url = make_url(args.pg_url)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    database_url = admin_url.set(database=DATABASE).render_as_string(hide_password=False)
    logs = ROOT / "bench" / ".work" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        from tests.support.database import upgrade
        from tma_app.core.db import make_engine

        engine = make_engine(database_url)
        upgrade(engine)
        engine.dispose()
        with FakeBotApi(token=BENCH_TOKEN) as fake:
            port = free_port()
            env = {**os.environ, "APP_ENV": "test", "DATABASE_URL": database_url, "REDIS_URL": args.redis_url,
                   "REDIS_KEY_PREFIX": PREFIX, "TELEGRAM_BOT_TOKEN": BENCH_TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET,
                   "TELEGRAM_BOT_API_URL": fake.base_url, "PUBLIC_URL": "https://tma.example.com",
                   "SENTRY_DSN": "", "OPENAI_API_KEY": "", "LOG_LEVEL": "WARNING",
                   "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
            with open(logs / "webhook-server.log", "wb") as log:
                server = subprocess.Popen(
                    [str(Path(sys.executable).parent / "granian"), "--interface", "asgi", "--host", "127.0.0.1",
                     "--port", str(port), "--workers", "1", "--no-access-log", "webhook_app:app"],
                    cwd=ROOT / "bench", env=env, stdout=log, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/bench/ack", server)
            webhook_url, floor_url = base + "/api/telegram/webhook", base + "/bench/ack"
            # Warm-up: imports, connection pools, the Lua scripts.
            asyncio.run(burst_latencies(webhook_url, bursts(200, 1), args.connections, SECRET))
            rows: dict[str, list[tuple[float, float, float, float]]] = {"webhook": [], "floor": []}
            next_id = 1_000
            for round_ in range(args.rounds):
                for name in (("webhook", "floor") if round_ % 2 == 0 else ("floor", "webhook")):
                    bodies = bursts(args.updates, next_id)
                    next_id += args.updates
                    url = webhook_url if name == "webhook" else floor_url
                    latencies, seconds = asyncio.run(burst_latencies(url, bodies, args.connections, SECRET))
                    rows[name].append((percentile(latencies, 0.5), percentile(latencies, 0.95),
                                       percentile(latencies, 0.99), len(bodies) / seconds))
                    time.sleep(1.0)  # let the outbox worker catch up: each burst starts from quiet
            helps = len(fake.calls_to("sendMessage"))
        report(args, rows, helps)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        admin.dispose()
        import redis

        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(match=f"{PREFIX}*", count=500))
        if keys:
            client.delete(*keys)


def report(args: argparse.Namespace, rows: dict[str, list[tuple[float, float, float, float]]], helps: int) -> None:
    def median(name: str, index: int) -> float:
        return statistics.median(row[index] for row in rows[name])

    p95 = median("webhook", 1)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        SECTION_TITLE,
        "",
        f"Command: `{COMMAND}` ({dt.date.today().isoformat()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs shared, PostgreSQL and Redis on loopback).",
        "",
        f"A burst of {args.updates:,} updates (one in ten a redelivery, one in ten a /help the bot answers) "
        f"delivered as Telegram does, over {args.connections} connections each sending its next update once "
        "the previous one is answered, to one granian worker running the app's HTTP API and its outbox "
        "worker; the time from sending each update to its 200. Floor: the same burst to a route that only "
        f"reads the body, through the same middleware. Medians over {args.rounds} rounds.",
        "",
        "| Route | p50 ms | p95 ms | p99 ms | updates/s |",
        "|---|---:|---:|---:|---:|",
        *(f"| {label} | {median(name, 0):.1f} | {median(name, 1):.1f} | {median(name, 2):.1f} "
          f"| {median(name, 3):,.0f} |"
          for name, label in (("webhook", "`POST /api/telegram/webhook`"), ("floor", "floor: `POST /bench/ack`"))),
        "",
        f"Webhook p95 / floor p95: {p95 / median('floor', 1):.1f}x. Target p95 <= {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p95 <= TARGET_P95_MS else 'MISSED'}. /help answers sent through the fake Bot API during "
        f"the run: {helps}. Load average at the end (1, 5, 15 min; other work shares the CPUs): {load}: "
        "on a busier machine the webhook's p95 follows the load (the floor's too).",
        "",
        "Measured while building it (same command, same machine): one transaction per update gave p95 "
        "~160 ms at 336 updates/s; taking concurrent requests in together (`tma_app/bot/intake.py`) "
        "brought it to ~40-70 ms at 1,000-1,500 updates/s. The outbox worker hands the bot's batches to a "
        "thread of their own (so a slow Telegram never holds up the other consumers); against this "
        "instant fake Bot API that overlap costs about a quarter of the p95 (30-50 ms without it), and "
        "gathering a burst's commits for 50 ms before a drain won back part of it. Runs minutes apart on this "
        "shared machine gave p95 from 39 to 100 ms, following what else was running.",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if not args.no_doc:
        update_section(SECTION_TITLE, section)


if __name__ == "__main__":
    main()
