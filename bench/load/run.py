"""Many users on the deployed topology: a stepped ramp on 1 and 2 backend workers, the knee, memory per
idle user, and 200 users at one action per 2 s on 2 workers.

    .venv/bin/pip install -r bench/requirements.txt && .venv/bin/python bench/load/run.py

Options: --workers 1,2  --steps 10,25,50,100,150,200,300,400  --hold 30  --interval 2-3  --idle-users 100
--target-users 200 --target-interval 2 --target-hold 60  --stop-p95 1000  --profile-at USERS  --app-ref REF
--pg-url --redis-url --no-doc (--help says what each does).

The topology is deploy-check's (tests/support/topology.py): nginx in front of N backends, each
`reflex run --env prod --backend-only` with one Granian worker, sharing PostgreSQL (a fresh database
per topology, migrated and seeded, dropped afterwards) and Redis (Reflex's state manager, rate limits;
a fresh key prefix). The frontend is not exported: websocket users need no pages.

The users (bench/load/scenario.py) speak Reflex's event protocol over Socket.IO through the proxy
(bench/reflex_client.py), each signed in with its own signed initData, and do the demos' mix, one
action every --interval seconds (uniform) from the start of the previous one. Per topology:

1. Memory per idle user (first topology only): the backends' RSS after a warm-up, then with
   --idle-users users signed in, on the menu and in a workout, doing nothing; the difference over them.
2. The stepped ramp: users are added (signed in and on their screens, not measured) up to each step's
   count, then all of them act for --hold seconds: that window is the step's row. The ramp ends after
   the step whose p95 passed --stop-p95 ms or whose errors passed 5 %. The knee: the first step whose
   p95 passes 250 ms.
3. The target (topologies with 2 or more workers): --target-users users at one action every
   --target-interval s for --target-hold s: p95 <= 200 ms and no error.

Each row notes the machine's load average (1 min): the generator, nginx, the backends, PostgreSQL and
Redis share its cores. The table is printed and, unless --no-doc, written to docs/perf.md ("## Load").
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "bench" / "load")]

from perf_doc import update_section  # noqa: E402

WORK = ROOT / "bench" / ".work" / "load"
SECTION_TITLE = "## Load: many users on 1 and 2 backend workers"
COMMAND = ".venv/bin/python bench/load/run.py"
BOT_TOKEN = "7000000001:AAloadBenchTokenNotARealOne-abcdefghi"
KNEE_MS = 250.0
TARGET_P95_MS = 200.0
APP_FILES = ("rxconfig.py", "alembic.ini", "tma_app", "assets", "alembic", "reflex.lock")


def users_list(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def interval(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=users_list, default=[1, 2], help="backend workers per topology, e.g. 1,2")
    parser.add_argument("--steps", type=users_list, default=[10, 25, 50, 100, 150, 200, 300, 400],
                        help="users at each step of the ramp")
    parser.add_argument("--hold", type=float, default=30.0, help="seconds measured at each step")
    parser.add_argument("--interval", type=interval, default=(2.0, 3.0), help="seconds between a user's actions")
    parser.add_argument("--stop-p95", type=float, default=1000.0, help="end the ramp after a step past this p95 (ms)")
    parser.add_argument("--idle-users", type=int, default=100, help="users connected for memory per idle user")
    parser.add_argument("--target-users", type=int, default=200)
    parser.add_argument("--target-interval", type=float, default=2.0)
    parser.add_argument("--target-hold", type=float, default=60.0)
    parser.add_argument("--connect-concurrency", type=int, default=8, help="users signing in at once")
    parser.add_argument("--profile-at", type=int, default=0,
                        help="py-spy each backend worker during the step with this many users (folded stacks "
                             "in bench/.work/load/)")
    parser.add_argument("--app-ref", default="",
                        help="run the app as committed at this git ref (git archive), e.g. for a before/after; "
                             "default: the working tree")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a server where this script may create and drop databases")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--no-doc", action="store_true", help="print only; do not write docs/perf.md")
    return parser.parse_args()


ARGS = parse_args()
# The generator imports the app's states for their names, and its init_data signing: test settings.
os.environ.update({"APP_ENV": "test", "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "SENTRY_DSN": "", "REDIS_URL": "",
                   "DATABASE_URL": "sqlite:///:memory:"})

try:
    import aiohttp  # noqa: F401  (python-socketio's asyncio websocket client needs it)
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("bench/load/run.py: cannot import 'aiohttp', a benchmark-only dependency.\n"
             "Install it with:  .venv/bin/pip install -r bench/requirements.txt")

import psycopg  # noqa: E402
from metrics import LogCounter, Sampler, Usage, descendants, percentile, rss_bytes, tree  # noqa: E402
from scenario import Sample, SetupFailed, User, state_names  # noqa: E402

from tests.support.topology import Topology, build  # noqa: E402


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- one topology's run


@dataclass
class Row:
    workers: int
    phase: str  # "ramp" or "target"
    users: int
    held: int
    actions: int
    events_per_s: float
    p50: float
    p95: float
    p99: float
    errors: Counter[str]
    lock_held: int
    lock_expired: int
    rss_mb: float
    rss_per_user_kib: float
    pg_connections: int
    pg_active: int
    redis_connections: int
    backend_cores: float
    generator_cores: float
    load_average: float
    by_action: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # count, p50, p95

    @property
    def cpu_ms_per_action(self) -> float:
        """The backends' CPU (request path, outbox worker and all) per action: barely moved by a busy machine."""
        return self.backend_cores * 1000 / self.events_per_s if self.events_per_s else float("nan")


@dataclass
class Run:
    workers: int
    rows: list[Row] = field(default_factory=list)
    idle_kib_per_user: float | None = None
    idle_users: int = 0
    baseline_rss_mb: float = 0.0
    setup_failures: int = 0


class Crowd:
    """The connected users of one topology and what they sampled."""

    def __init__(self, topo: Topology, names: dict[str, str], first_id: int) -> None:
        self.topo, self.names = topo, names
        self.users: list[User] = []
        self.samples: list[Sample] = []
        self.next_id = first_id
        self.interval = ARGS.interval
        self.stopping = False
        self.tasks: list[asyncio.Task[None]] = []
        self.failures = 0

    async def grow(self, count: int, act: bool = True) -> None:
        """Up to `count` connected users, each signed in and on its screens (then acting, if `act`)."""
        semaphore = asyncio.Semaphore(ARGS.connect_concurrency)

        async def one() -> None:
            async with semaphore:
                user = User(self.next_id, self.topo.url, self.names, BOT_TOKEN, self.samples)
                self.next_id += 1
                try:
                    await user.connect()
                    await user.prepare()
                except (SetupFailed, TimeoutError, OSError, Exception) as error:  # noqa: BLE001 - counted
                    self.failures += 1
                    log(f"user {user.user_id} setup failed: {type(error).__name__}: {str(error)[:160]}")
                    await user.close()
                    return
                self.users.append(user)
                if act:
                    self.tasks.append(asyncio.create_task(user.run(self._interval, lambda: self.stopping)))

        await asyncio.gather(*(one() for _ in range(max(0, count - len(self.live())))))

    def _interval(self) -> tuple[float, float]:
        return self.interval

    def live(self) -> list[User]:
        return [u for u in self.users if u.connected and not u.stopped]

    async def shrink(self, count: int) -> None:
        extra = self.live()[count:]
        await asyncio.gather(*(u.close() for u in extra))

    async def close(self) -> None:
        self.stopping = True
        await asyncio.gather(*(u.close() for u in self.users), return_exceptions=True)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def backend_roots(topo: Topology) -> list[int]:
    return [b.process.pid for b in topo.backends.values() if b.process is not None]


def backend_rss(topo: Topology) -> int:
    return rss_bytes([p for root in backend_roots(topo) for p in tree(root)])


async def measure(crowd: Crowd, run: Run, phase: str, users: int, hold: float, counter: LogCounter,
                  sampler: Sampler, baseline_rss: int) -> Row:
    counter.take()
    usage = Usage(backend_roots(crowd.topo))
    sampler.start()
    profilers = start_profilers(crowd.topo, users, hold) if ARGS.profile_at == users and phase == "ramp" else []
    start = time.perf_counter()
    await asyncio.sleep(hold)
    end = time.perf_counter()
    backend_cores, generator_cores = usage.cores()
    await sampler.stop()
    for profiler in profilers:
        profiler.wait(timeout=60)
    held, expired = counter.take()
    window = [s for s in crowd.samples if start <= s.sent < end]
    ok = [s.rtt_ms for s in window if s.rtt_ms is not None]
    errors = Counter(f"{s.action}:{s.error}" for s in window if s.rtt_ms is None)
    live = len(crowd.live())
    rss = backend_rss(crowd.topo)
    row = Row(run.workers, phase, users, live, len(window), len(window) / (end - start), percentile(ok, 50),
              percentile(ok, 95), percentile(ok, 99), errors, held, expired, rss / 2**20,
              (rss - baseline_rss) / max(live, 1) / 1024, sampler.most, sampler.most_active, sampler.most_redis,
              backend_cores,
              generator_cores, os.getloadavg()[0])
    for action in sorted({s.action for s in window}):
        times = [s.rtt_ms for s in window if s.action == action and s.rtt_ms is not None]
        row.by_action[action] = (len(times), percentile(times, 50), percentile(times, 95))
    log(f"{run.workers}w {phase} {users} users ({live} held): {row.events_per_s:.1f} actions/s, p50 {row.p50:.0f} "
        f"p95 {row.p95:.0f} p99 {row.p99:.0f} ms, {sum(errors.values())} errors {dict(errors)}, lock held {held} "
        f"expired {expired}, RSS {row.rss_mb:.0f} MB, pg {row.pg_connections} ({row.pg_active} active), redis "
        f"{row.redis_connections}, "
        f"backends {backend_cores:.2f} cores ({row.cpu_ms_per_action:.1f} ms per action), generator "
        f"{generator_cores:.2f}, load {row.load_average:.2f}; p95 by "
        "action: " + ", ".join(f"{a} {p95:.0f}" for a, (_n, _p50, p95) in row.by_action.items()))
    return row


def start_profilers(topo: Topology, users: int, hold: float) -> list[subprocess.Popen[bytes]]:
    """py-spy on each backend's Granian worker (its largest process) for the step: samples of the thread holding
    the GIL only, so they show where the worker's one core of Python goes."""
    py_spy = Path(sys.executable).parent / "py-spy"
    if not py_spy.exists():
        log("--profile-at: py-spy not installed (.venv/bin/pip install py-spy); not profiling")
        return []
    profilers = []
    for backend in topo.backends.values():
        assert backend.process is not None
        workers = descendants(backend.process.pid)
        if not workers:
            continue
        target = max(workers, key=lambda pid: rss_bytes([pid]))
        out = WORK / f"profile-{len(topo.backends)}w-{users}u-{backend.name}.txt"
        profilers.append(subprocess.Popen([str(py_spy), "record", "--pid", str(target), "--duration",
                                           str(int(hold)), "--rate", "100", "--format", "raw", "--gil", "--nonblocking",
                                           "--output", str(out)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        log(f"py-spy on {backend.name} (pid {target}) -> {out}")
    return profilers


async def exercise(topo: Topology, workers: int, database: str, first_id: int, idle: bool) -> Run:
    run = Run(workers)
    names = state_names()
    counter = LogCounter([b.log for b in topo.backends.values()])
    sampler = Sampler(ARGS.pg_url, database, urlsplit(ARGS.redis_url).port or 6379,
                      lambda: [p for root in backend_roots(topo) for p in tree(root)])

    # Warm-up: every handler once, so lazily imported code and caches are in before the baseline.
    warm = Crowd(topo, names, first_id)
    await warm.grow(3, act=False)
    for user in warm.users:
        for action in ("browse_menu", "open_dish", "add_to_cart", "open_cart", "change_quantity", "log_set",
                       "profile", "leaderboard", "place_order"):
            await user.act(action)
    await warm.close()
    await asyncio.sleep(2)
    baseline = backend_rss(topo)
    run.baseline_rss_mb = baseline / 2**20

    if idle and ARGS.idle_users:
        crowd = Crowd(topo, names, first_id + 1000)
        await crowd.grow(ARGS.idle_users, act=False)
        await asyncio.sleep(5)
        held = len(crowd.live())
        run.idle_users = held
        run.idle_kib_per_user = (backend_rss(topo) - baseline) / max(held, 1) / 1024
        log(f"{workers}w idle: {held} users, {run.idle_kib_per_user:.0f} KiB each over a {baseline / 2**20:.0f} MB "
            "baseline")
        await crowd.close()

    crowd = Crowd(topo, names, first_id + 10_000)
    try:
        for users in ARGS.steps:
            started = time.perf_counter()
            await crowd.grow(users)
            log(f"{workers}w: {len(crowd.live())} users connected in {time.perf_counter() - started:.0f}s")
            row = await measure(crowd, run, "ramp", users, ARGS.hold, counter, sampler, baseline)
            run.rows.append(row)
            if row.p95 > ARGS.stop_p95 or sum(row.errors.values()) > 0.05 * max(row.actions, 1):
                break
        if workers >= 2 and ARGS.target_users:
            await crowd.shrink(ARGS.target_users)
            await crowd.grow(ARGS.target_users)
            crowd.interval = (ARGS.target_interval, ARGS.target_interval)
            await asyncio.sleep(ARGS.target_interval)  # every user's next action on the new pace
            run.rows.append(await measure(crowd, run, "target", ARGS.target_users, ARGS.target_hold, counter,
                                          sampler, baseline))
    finally:
        run.setup_failures = crowd.failures
        await crowd.close()
    return run


# --------------------------------------------------------------------------- databases, Redis, topology


def admin_execute(sql: str) -> None:
    with psycopg.connect(ARGS.pg_url, autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def clean_redis(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(ARGS.redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# The Bot API the backends send order notifications to: the loopback fake (tests/support/fake_bot_api.py), in a
# process of its own so that its work is charged to neither the generator nor the backends.
FAKE_BOT_API = """
import threading
from tests.support.fake_bot_api import FakeBotApi

with FakeBotApi() as fake:
    print(fake.base_url, flush=True)
    threading.Event().wait()
"""


def start_fake_bot_api() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-c", FAKE_BOT_API], cwd=ROOT, stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        sys.exit("bench/load/run.py: the fake Bot API did not start")
    return proc, url


def deployment_env(database: str, prefix: str, proxy_port: int) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_")}
    for name in ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "REDIS_KEY_PREFIX"):
        env.pop(name, None)
    base = ARGS.pg_url.replace("postgresql://", "postgresql+psycopg://", 1).rsplit("/", 1)[0]
    env.update({
        "PATH": f"{venv_bin}:{env.get('PATH', '')}",
        "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_CHECK_LATEST_VERSION": "false", "REFLEX_TELEMETRY_ENABLED": "false",
        "APP_ENV": "prod", "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "PUBLIC_URL": f"http://127.0.0.1:{proxy_port}",
        "DATABASE_URL": f"{base}/{database}", "REDIS_URL": ARGS.redis_url, "REDIS_KEY_PREFIX": prefix,
        "SENTRY_DSN": "", "LOG_LEVEL": "WARNING", "GRANIAN_WORKERS": "1", "TELEGRAM_BOT_API_URL": BOT_API_URL,
    })
    return env


def run_topology(app_dir: Path, workers: int, first_id: int, idle: bool) -> Run:
    database, prefix = f"tma_load_{secrets.token_hex(4)}", f"tma-load-{secrets.token_hex(4)}:"
    work = WORK / f"{workers}w"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    admin_execute(f'CREATE DATABASE "{database}"')
    proxy_port = free_port()
    env = deployment_env(database, prefix, proxy_port)
    try:
        ports = {chr(ord("a") + i): free_port() for i in range(workers)}
        with build(app_dir, work, env, proxy_port, ports, export=False, worker_connections=8192) as topo:
            log(f"{workers} backend(s) behind {topo.url}")
            return asyncio.run(exercise(topo, workers, database, first_id, idle))
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        clean_redis(prefix)


# --------------------------------------------------------------------------- report


def knee(run: Run) -> str:
    ramp = [r for r in run.rows if r.phase == "ramp"]
    for before, row in zip([None, *ramp], ramp, strict=False):
        if row.p95 > KNEE_MS:
            return f"{before.users}-{row.users}" if before else f"< {row.users}"
    return f"> {ramp[-1].users} (not reached)" if ramp else "-"


def capacity(run: Run) -> str:
    """What one worker can take by CPU alone: little moved by a busy machine, unlike the round trips. Taken at the
    ramp's busiest step, where the idle work of the backends (outbox polls, health) weighs least per action."""
    ramp = [r for r in run.rows if r.phase == "ramp"]
    if not ramp:
        return ""
    busiest = max(ramp, key=lambda r: r.events_per_s)
    cost = busiest.cpu_ms_per_action
    busy = 0.6 * 1000 / cost
    seconds = sum(ARGS.interval) / 2
    return (f"- {run.workers} worker(s), by CPU: at {busiest.events_per_s:.0f} actions/s the backends spent "
            f"**{cost:.1f} ms of CPU per action**; so a worker (one core at most) is saturated at "
            f"{1000 / cost:.0f} actions/s, and 60 % busy at **{busy:.0f} actions/s, {busy * seconds:.0f} users** "
            f"acting every {seconds:g} s.")


def render(runs: list[Run], minutes: int) -> str:
    lines = [
        f"Command: `{COMMAND}` (about {minutes} min; aiohttp from bench/requirements.txt; PostgreSQL and Redis on "
        "127.0.0.1, Debian's nginx).",
        "Source: `bench/load/` (run.py says what each phase does, scenario.py what a user does), "
        "`bench/reflex_client.py`, `tests/support/topology.py`.",
        "",
        f"- Date: {dt.date.today().isoformat()}; machine: {os.cpu_count()} cores, shared by the generator, nginx, "
        f"the backends, PostgreSQL and Redis; Python {platform.python_version()}, Reflex "
        f"{importlib.metadata.version('reflex')}, python-socketio {importlib.metadata.version('python-socketio')}.",
        "- Topology: nginx -> N backends (`reflex run --env prod --backend-only`, one Granian worker each) sharing "
        "PostgreSQL and Redis (state manager, rate limits).",
        f"- Users: each signs in with its own initData, then one action every {ARGS.interval[0]:g}-"
        f"{ARGS.interval[1]:g} s (start to start): menu, category filter, dish, add to cart, cart, quantity change, "
        "order, logged set, profile, leaderboard (events a handler chains, such as haptics, run on the server "
        "in Reflex 0.10).",
        "- Round trip: the action's event handed to the websocket to the first message changing its state. "
        f"Each step holds {ARGS.hold:g} s after its users are in; the load average is the machine's (1 min) at "
        "its end.",
        "",
        "| Workers | Phase | Users | Held | Actions/s | p50 ms | p95 ms | p99 ms | Errors | Lock held too long "
        "| LockExpired | Backend RSS MB | RSS over warm baseline per user KiB | PG conns (active) | Redis conns "
        "| Backend cores "
        "| Generator cores "
        "| Backend CPU ms per action | Load avg |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for r in run.rows:
            errors = sum(r.errors.values())
            lines.append(
                f"| {r.workers} | {r.phase} | {r.users} | {r.held} | {r.events_per_s:.1f} | {r.p50:.0f} | "
                f"{r.p95:.0f} | {r.p99:.0f} | {errors} | {r.lock_held} | {r.lock_expired} | {r.rss_mb:.0f} | "
                f"{r.rss_per_user_kib:.0f} | {r.pg_connections} ({r.pg_active}) | {r.redis_connections} | "
                f"{r.backend_cores:.2f} | "
                f"{r.generator_cores:.2f} | {r.cpu_ms_per_action:.1f} | {r.load_average:.2f} |")
    lines.append("")
    for run in runs:
        lines.append(f"- {run.workers} worker(s): knee (p95 passes {KNEE_MS:.0f} ms) at **{knee(run)} users**; "
                     f"users that failed to sign in or reach their screens: {run.setup_failures}.")
        if line := capacity(run):
            lines.append(line)
        if run.idle_kib_per_user is not None:
            lines.append(f"- Memory per idle connected user ({run.workers} worker(s), {run.idle_users} users signed "
                         f"in, on the menu and in a workout): **{run.idle_kib_per_user:.0f} KiB** of backend RSS, "
                         f"over a {run.baseline_rss_mb:.0f} MB baseline.")
        errors = Counter[str]()
        for r in run.rows:
            errors.update(r.errors)
        if errors:
            lines.append(f"- Errors on {run.workers} worker(s), by action and kind: "
                         + ", ".join(f"{k} {v}" for k, v in errors.most_common()))
        for r in run.rows:
            if r.phase == "target":
                met = r.p95 <= TARGET_P95_MS and not r.errors and r.held >= r.users
                lines.append(f"- Target ({r.users} users at one action per {ARGS.target_interval:g} s on {r.workers} "
                             f"workers: p95 <= {TARGET_P95_MS:.0f} ms, zero errors): **{'met' if met else 'MISSED'}** "
                             f"(p95 {r.p95:.0f} ms, {sum(r.errors.values())} errors, {r.held} users held, load "
                             f"average {r.load_average:.2f}).")
    lines += by_action(runs)
    return "\n".join(lines) + "\n"


def by_action(runs: list[Run]) -> list[str]:
    """Round trips per action at the busiest step of each topology's ramp below the knee (else its first), and at
    the target."""
    picked = []
    for run in runs:
        ramp = [r for r in run.rows if r.phase == "ramp"]
        below = [r for r in ramp if r.p95 <= KNEE_MS] or ramp[:1]
        picked += below[-1:] + [r for r in run.rows if r.phase == "target"]
    if not picked:
        return []
    actions = sorted({a for r in picked for a in r.by_action})
    heads = [f"{r.workers} w, {r.users} users{' (target)' if r.phase == 'target' else ''}" for r in picked]
    lines = ["", "Round trip by action, p50 / p95 ms (count):", "",
             "| Action | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(picked)]
    for action in actions:
        cells = []
        for r in picked:
            n, p50, p95 = r.by_action.get(action, (0, float("nan"), float("nan")))
            cells.append(f"{p50:.0f} / {p95:.0f} ({n})" if n else "-")
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    return lines


def copy_app(app_dir: Path) -> None:
    """The app to run: the working tree's files, or those committed at --app-ref."""
    from tests.support.topology import app_copy_with_deploy

    shutil.rmtree(app_dir, ignore_errors=True)
    if not ARGS.app_ref:
        app_copy_with_deploy(app_dir, ROOT, APP_FILES)
        return
    app_dir.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ARGS.app_ref, *APP_FILES, "deploy"], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(app_dir)], input=archive, check=True)


BOT_API_URL = ""


def main() -> int:
    global BOT_API_URL
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    app_dir = WORK / "app"
    copy_app(app_dir)
    bot_api, BOT_API_URL = start_fake_bot_api()
    runs = []
    try:
        for number, workers in enumerate(ARGS.workers):
            runs.append(run_topology(app_dir, workers, 900_000_000 + number * 1_000_000, idle=number == 0))
    finally:
        bot_api.kill()
        bot_api.wait()
    body = render(runs, -(-int(time.monotonic() - started) // 60))
    print(f"\n{SECTION_TITLE}\n\n{body}")
    if not ARGS.no_doc:
        update_section(SECTION_TITLE, f"{SECTION_TITLE}\n\n{body}")
        print("written to docs/perf.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
