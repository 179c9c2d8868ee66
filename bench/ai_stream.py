"""AI assistant streaming: our pipeline's time to first token against the raw SDK, websocket messages per
answer, and another user's ordinary event while 50 answers stream on one backend worker.

Run from the repository root (PostgreSQL and Redis on 127.0.0.1; aiohttp from bench/requirements.txt):

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/ai_stream.py     # --runs, --answers, --streams, --probes, --pg-url, --redis-url, --no-doc

Production's shape (deploy/compose.yaml): PostgreSQL, Redis (rate limits, AI budgets, and Reflex's
state manager), and here one Granian worker (GRANIAN_WORKERS=1). A fresh database `tma_bench_<random>`
is created, migrated and seeded, and dropped at the end; Redis keys live under a fresh prefix (the
app's) or carry a benchmark tab's token (Reflex's), and are deleted at the end. The models are
loopback OpenAI-compatible servers (tests/support/fake_openai.py) through the real `openai` SDK.

(a) Time to first token, in this process, interleaved run by run against one in-thread fake server
    whose replies start at once (no model think time, so only the client side is measured):
    - raw: `AsyncOpenAI(max_retries=0).chat.completions.create(stream=True, stream_options=
      include_usage)` with the same system prompt, question, model, temperature and max_tokens as
      ours; time from the call to the first chunk with content (each stream read to its end, so
      the keep-alive connection is reused, as ours does);
    - ours: `tma_app.ai.service.Assistant.answer(question)`, time from the call to the first
      `delta` AnswerEvent: input checks, moderation of the question (one request to the
      server's /v1/moderations), the budget admitted in Redis, the request and question stored,
      the prompt built (configuration, canary, history), then the same streamed request through
      the output guard; every answer read to `done` (output moderation, accounting);
    - diagnostic: ours with a server that has no moderation endpoint (the question's moderation
      round trip skipped), to show what that one round trip costs;
    - ours with AI_STREAM_PROCESS=true: the same, the stream read in this process's stream process
      (started during the warm-up) and its text sent back over the pipe.
    Every run asks as a new user (no history, a full budget); --warmup runs of each row first.
(b) Websocket messages per answer: the app built and served by `reflex run --env prod`; one tab
    (bench/reflex_client.py: Reflex's own protocol, Socket.IO on /_event) signs in with signed
    initData, opens /assistant and asks --answers questions one after another. The fake server
    (its own process) streams a --words-word Markdown answer, one word (= one token) per chunk,
    --chunk-delay apart. Counted: every `event` message the tab receives from sending `ask` until
    0.5 s after the answer is final (`streaming` false), against the streaming duration (ask sent
    to the final message): the target is at most one message per 50 ms of it.
(c) One backend worker, --streams tabs of different users asking at the same moment (the same
    long answers); meanwhile --probe-users other users change a restaurant cart line's quantity
    (`RestaurantCartState.set_quantity`, the real optimistic-update handler: database write,
    cart reload, acknowledgement) in turn, one change every --probe-interval s in all, each
    timed from sending the event to receiving the delta with its acknowledged stamp. The same
    probes with no streams running are the reference, measured first in the same run. Only the
    probes sent while every stream was still running count for the target (p95 <= 100 ms).
    With --modes ab (the default) the backend is restarted for each round, alternating where it reads
    the model's streams: in the worker (AI_STREAM_PROCESS=false) and in its stream process
    (AI_STREAM_PROCESS=true), --rounds of each, so a busy machine weighs on both alike; each round
    has its own reference and notes the load average (1 min) when it ended. (b) runs on the first
    round's server of the --modes default (the stream process).

The tables are printed and, unless --no-doc, written into docs/perf.md as "## AI assistant streaming".
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import lighthouse as serving  # noqa: E402  (bench/lighthouse.py: process trees, `reflex run --env prod`)
from perf_doc import update_section  # noqa: E402

ROOT = serving.ROOT
WORK = serving.WORK / "ai_stream"
SECTION_TITLE = "## AI assistant streaming"
COMMAND = ".venv/bin/python bench/ai_stream.py"
BOT_TOKEN = serving.FAKE_BOT_TOKEN
DATABASE = f"tma_bench_{secrets.token_hex(4)}"
PREFIX = f"tma-bench-{secrets.token_hex(4)}:"
TTFT_BUDGET_MS = 30.0
MESSAGE_EVERY_MS = 50.0
PROBE_P95_MS = 100.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a server where this script may create and drop a database")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--runs", type=int, default=40, help="(a) timed runs per row")
    parser.add_argument("--warmup", type=int, default=5, help="(a) untimed runs per row first")
    parser.add_argument("--answers", type=int, default=5, help="(b) answers streamed one after another")
    parser.add_argument("--words", type=int, default=400, help="(b, c) words (tokens) per answer")
    parser.add_argument("--chunk-delay", type=float, default=0.02, help="(b, c) seconds between streamed words")
    parser.add_argument("--streams", type=int, default=50, help="(c) concurrent streaming answers")
    parser.add_argument("--probes", type=int, default=60, help="(c) reference probes (no streams)")
    parser.add_argument("--probe-users", type=int, default=2, help="(c) users taking turns at probing")
    parser.add_argument("--probe-interval", type=float, default=0.1, help="(c) seconds between probes")
    parser.add_argument("--parts", default="abc", help="run only some parts, e.g. 'a' or 'bc'")
    parser.add_argument("--modes", default="ab", choices=("ab", "process", "worker"),
                        help="(b, c) where the backend reads the model's streams: 'ab' alternates rounds "
                             "with AI_STREAM_PROCESS=false and true, 'process' / 'worker' runs one of them")
    parser.add_argument("--rounds", type=int, default=2, help="(c) rounds per mode, alternating modes")
    parser.add_argument("--no-doc", action="store_true", help="print only; do not write docs/perf.md")
    return parser.parse_args()


ARGS = parse_args()

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ADMIN_URL = make_url(ARGS.pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
BENCH_URL = ADMIN_URL.set(database=DATABASE).render_as_string(hide_password=False)
# Settings are read from the environment when tma_app is first imported.
os.environ.update({
    "APP_ENV": "test",
    "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
    "DATABASE_URL": BENCH_URL,
    "REDIS_URL": ARGS.redis_url,
    "REDIS_KEY_PREFIX": PREFIX,
    "SENTRY_DSN": "",
    "LOG_LEVEL": "WARNING",
    "AI_USER_DAILY_REQUESTS": "100000",
    "AI_USER_DAILY_TOKENS": "100000000",
    "AI_GLOBAL_DAILY_TOKENS": "10000000000",
})

try:
    import aiohttp  # noqa: F401  (python-socketio's asyncio websocket client needs it)
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("bench/ai_stream.py: cannot import 'aiohttp', a benchmark-only dependency.\n"
             "Install it with:  .venv/bin/pip install -r bench/requirements.txt")

from reflex_client import ReflexClient, event_name  # noqa: E402

from tests.support.fake_openai import FakeOpenAI  # noqa: E402


def log(message: str) -> None:
    print(f"[ai_stream {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * q // 100) - 1))] if ordered else float("nan")


def answer_text(words: int) -> str:
    """A Markdown answer of `words` words (tokens): paragraphs, bold, a list, as the renderer meets them."""
    parts = [
        "Here is how **streaks** work in this app.", "You keep a streak by doing one small thing each day:",
        "\n\n- open a demo and finish one step,\n- claim a daily task,\n- or log a workout.\n\n",
        "A missed day uses a *freeze* if you have one, so the streak survives a busy day.",
        "Coins come from tasks and badges; you can spend them on freezes in the shop.",
        "The leaderboard counts XP earned this week, and resets every Monday at midnight in your time zone.\n\n",
    ]
    body = " ".join(parts)
    while len(body.split()) < words:
        body += " " + " ".join(parts)
    # Cut after the `words`-th word, keeping the Markdown's own whitespace before it.
    cut = [m.end() for m in re.finditer(r"\S+", body)][words - 1]
    return body[:cut]


# --------------------------------------------------------------------------- database, Redis, servers


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


def clean_redis(tokens: list[str]) -> int:
    import redis

    client = redis.Redis.from_url(ARGS.redis_url)
    deleted = 0
    try:
        for pattern in [f"{PREFIX}*", *(f"*{token}*" for token in tokens)]:
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                deleted += client.delete(*keys)
    finally:
        client.close()
    return deleted


def prepare_app(port: int, ai_base_url: str) -> tuple[Path, dict[str, str]]:
    """A copy of the project (its .web/ is rebuilt there), migrated and seeded into the bench database."""
    shutil.rmtree(WORK, ignore_errors=True)  # only this script's previous copy lives here
    app_dir = WORK / "app"
    app_dir.mkdir(parents=True)
    for part in serving.PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, app_dir / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, app_dir / part)
    env = serving.base_env(
        APP_ENV="prod",
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        DATABASE_URL=BENCH_URL,
        REDIS_URL=ARGS.redis_url,
        REDIS_KEY_PREFIX=PREFIX,
        PUBLIC_URL=serving.page_url(port).rstrip("/"),
        SENTRY_DSN="",
        LOG_LEVEL="WARNING",
        GRANIAN_WORKERS="1",
        OPENAI_API_KEY="sk-bench-loopback",
        OPENAI_BASE_URL=ai_base_url,
        AI_USER_DAILY_REQUESTS="100000",
        AI_USER_DAILY_TOKENS="100000000",
        AI_GLOBAL_DAILY_TOKENS="10000000000",
    )
    log_file = serving.WORK / "logs" / "ai_stream-setup.log"
    for step in (["-m", "alembic", "upgrade", "head"], ["-m", "tma_app.seed"]):
        serving.run_step([str(serving.PYTHON), *step], cwd=app_dir, env=env, timeout=serving.STEP_TIMEOUT,
                         log_file=log_file)
    return app_dir, env


# The backend's model: the scripted long answer for every chat request, in a process of its own so that
# its work is not charged to this process's websocket clients.
FAKE_SERVER = """
import sys, threading
from tests.support.fake_openai import FakeOpenAI, Reply

text, delay, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
with FakeOpenAI() as fake:
    fake.enqueue(*[Reply(text, chunk_delay_s=delay)] * count)
    print(fake.base_url, flush=True)
    threading.Event().wait()
"""


def start_fake_process(reply: str, delay: float, count: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([str(serving.PYTHON), "-c", FAKE_SERVER, reply, str(delay), str(count)], cwd=ROOT,
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    assert proc.stdout is not None
    base_url = proc.stdout.readline().strip()
    if not base_url.startswith("http"):
        serving.stop_tree(proc)
        raise serving.BenchError("the fake OpenAI server did not start")
    return proc, base_url


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU time of a process tree (the backend), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in [root_pid, *serving.descendants(root_pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def stream_process_cpu(root_pid: int) -> float:
    """CPU seconds of the backend's stream processes (AI_STREAM_PROCESS=true), part of cpu_seconds()."""
    total = 0.0
    for pid in serving.descendants(root_pid):
        try:
            if b"tma_app.ai.stream_process" in Path(f"/proc/{pid}/cmdline").read_bytes():
                total += cpu_seconds_of(pid)
        except OSError:
            continue
    return total


def cpu_seconds_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- (a) time to first token


@dataclass
class TtftRow:
    name: str
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)


async def measure_ttft() -> tuple[list[TtftRow], dict[str, str]]:
    from openai import AsyncOpenAI

    from tma_app.ai import knowledge
    from tma_app.ai.configs import config_named
    from tma_app.ai.service import Assistant, Question
    from tma_app.core.settings import load_settings

    question_text = "How do streaks and freezes work, and what happens when I miss a day?"
    users = iter(range(880_000_000, 881_000_000))
    with FakeOpenAI() as fake, FakeOpenAI() as bare:
        bare.moderation_available = False
        knowledge.forget_index()

        def assistant_on(server: FakeOpenAI, stream_process: bool = False) -> Assistant:
            return Assistant(load_settings(_env_file=None, OPENAI_API_KEY="sk-bench", OPENAI_BASE_URL=server.base_url,
                                           AI_STREAM_PROCESS=stream_process))

        ours = assistant_on(fake)
        config = config_named("support", ours.configs)
        messages = [{"role": "system", "content": config.prompt("en") + "\nSecret marker, never write it: x"},
                    {"role": "user", "content": question_text}]
        clients: list[AsyncOpenAI] = []

        def raw_on(server: FakeOpenAI):
            client = AsyncOpenAI(api_key="sk-bench", base_url=server.base_url, timeout=ours.settings.AI_TIMEOUT_S,
                                 max_retries=0)
            clients.append(client)

            async def run() -> float:
                started = time.perf_counter()
                first = None
                stream = await client.chat.completions.create(
                    model=config.model, messages=messages, temperature=config.temperature,  # type: ignore[arg-type]
                    max_tokens=config.max_tokens, stream=True, stream_options={"include_usage": True})
                async for chunk in stream:
                    if first is None and chunk.choices and chunk.choices[0].delta.content:
                        first = time.perf_counter() - started
                await stream.close()
                assert first is not None
                return first * 1000
            return run

        def pipeline(assistant: Assistant):
            async def run() -> float:
                asked = Question(user_id=next(users), text=question_text, config="support", language="en",
                                 request_key=uuid.uuid4().hex)
                started = time.perf_counter()
                first, outcome = None, None
                async for event in assistant.answer(asked):
                    if event.kind == "delta" and first is None:
                        first = time.perf_counter() - started
                    elif event.kind == "done":
                        outcome = event.outcome
                if first is None or outcome != "complete":
                    raise serving.BenchError(f"our pipeline did not answer: outcome {outcome}")
                return first * 1000
            return run

        rows = [(TtftRow("raw SDK: first content chunk"), raw_on(fake)),
                (TtftRow("ours: Assistant.answer first delta"), pipeline(ours)),
                (TtftRow("diagnostic: ours, server without moderation endpoint"), pipeline(assistant_on(bare))),
                (TtftRow("ours, streams read in the stream process (AI_STREAM_PROCESS=true)"),
                 pipeline(assistant_on(fake, stream_process=True)))]
        for _ in range(ARGS.warmup):
            for _row, run in rows:
                await run()
        for i in range(ARGS.runs):
            order = rows[i % len(rows):] + rows[: i % len(rows)]
            for row, run in order:
                row.samples_ms.append(await run())
        for client in clients:
            await client.close()
        facts = {"openai": importlib.metadata.version("openai"), "model": config.model}
    return [row for row, _ in rows], facts


# --------------------------------------------------------------------------- (b) and (c): the running app


def state_names() -> dict[str, str]:
    from tma_app.ai.state import AssistantState
    from tma_app.demos.restaurant.cart_state import RestaurantCartState
    from tma_app.demos.restaurant.state import RestaurantDishState, RestaurantMenuState
    from tma_app.session.state import SessionState

    return {"session": SessionState.get_full_name(), "assistant": AssistantState.get_full_name(),
            "cart": RestaurantCartState.get_full_name(), "dish": RestaurantDishState.get_full_name(),
            "menu": RestaurantMenuState.get_full_name()}


def init_data_for(user_id: int) -> str:
    from tma_app.telegram.init_data import sign_init_data

    user = json.dumps({"id": user_id, "first_name": f"Bench{user_id % 1000}", "language_code": "en"},
                      separators=(",", ":"))
    return sign_init_data({"user": user, "auth_date": str(int(time.time())), "query_id": f"q{user_id}"}, BOT_TOKEN)


async def signed_in_tab(base_url: str, path: str, user_id: int, names: dict[str, str],
                        tabs: list[ReflexClient]) -> ReflexClient:
    tab = ReflexClient(base_url, path=path)
    tabs.append(tab)
    await tab.connect()
    await tab.send(event_name(names["session"], "sign_in"), {"init_data": init_data_for(user_id)})
    await tab.wait_for(lambda t: t.var(names["session"], "auth_status") == "verified", 30)
    return tab


async def assistant_tab(base_url: str, user_id: int, names: dict[str, str], tabs: list[ReflexClient]) -> ReflexClient:
    tab = await signed_in_tab(base_url, "/assistant", user_id, names, tabs)
    await tab.send(event_name(names["assistant"], "load"))
    await tab.wait_for(lambda t: t.var(names["assistant"], "loaded") is True, 30)
    return tab


@dataclass
class Answer:
    sent: float
    messages: int = 0
    drafts: int = 0
    first_draft: float | None = None
    final: float | None = None
    draft_gaps_ms: list[float] = field(default_factory=list)

    @property
    def duration_ms(self) -> float:
        return ((self.final or self.sent) - self.sent) * 1000


async def ask(tab: ReflexClient, names: dict[str, str], question: str) -> Answer:
    """Send `ask`, wait for the final message, then 0.5 s for stragglers; count what arrived."""
    assistant = names["assistant"]
    start = len(tab.updates)
    answer = Answer(await tab.send(event_name(assistant, "ask"), {"form": {"question": question}}))
    await tab.wait_for(lambda t: any(u.delta.get(assistant, {}).get("streaming") is False
                                     for u in t.updates[start:]), 120)
    await asyncio.sleep(0.5)
    return summarize(tab, names, start, answer)


def summarize(tab: ReflexClient, names: dict[str, str], start: int, answer: Answer) -> Answer:
    assistant = names["assistant"]
    received = tab.updates[start:]
    answer.messages = len(received)
    drafts = [u.at for u in received if u.delta.get(assistant, {}).get("draft_html")]
    answer.drafts = len(drafts)
    answer.first_draft = drafts[0] if drafts else None
    answer.draft_gaps_ms = [(b - a) * 1000 for a, b in zip(drafts, drafts[1:], strict=False)]
    answer.final = next((u.at for u in received if u.delta.get(assistant, {}).get("streaming") is False), None)
    return answer


async def measure_messages(base_url: str, names: dict[str, str], tabs: list[ReflexClient]) -> list[Answer]:
    tab = await assistant_tab(base_url, 882_000_000, names, tabs)
    answers = []
    for i in range(ARGS.answers):
        answers.append(await ask(tab, names, f"How do streaks work? Question {i + 1}, please answer in detail."))
        log(f"(b) answer {i + 1}: {answers[-1].messages} messages in {answers[-1].duration_ms:,.0f} ms")
    return answers


@dataclass
class Probe:
    sent: float
    latency_ms: float
    streaming: int  # answers still streaming when it was sent


async def cart_probe_tab(base_url: str, user_id: int, names: dict[str, str],
                         tabs: list[ReflexClient]) -> tuple[ReflexClient, int]:
    """A signed-in tab on the restaurant cart with one line in it; returns the tab and the line's id."""
    tab = await signed_in_tab(base_url, "/demos/restaurant", user_id, names, tabs)
    await tab.send(event_name(names["menu"], "open"))
    await tab.wait_for(lambda t: bool(t.var(names["menu"], "sections")), 30)
    dishes = [d for s in tab.var(names["menu"], "sections") for d in s["dishes"] if d.get("is_available")]
    path = f"/demos/restaurant/dish/{dishes[0]['slug']}"
    await tab.send(event_name(names["dish"], "open"), {"path": path}, page=path)
    await tab.wait_for(lambda t: t.var(names["dish"], "loading") is False and bool(t.var(names["dish"], "dish")), 30)
    await tab.send(event_name(names["dish"], "add"), {"key": uuid.uuid4().hex})
    await tab.wait_for(lambda t: bool(t.var(names["session"], "notice")), 30)
    await tab.send(event_name(names["cart"], "open"), page="/demos/restaurant/cart")
    await tab.wait_for(lambda t: t.var(names["cart"], "loading") is False and bool(t.var(names["cart"], "lines")), 30)
    return tab, int(tab.var(names["cart"], "lines")[0]["id"])


class Prober:
    """Cart quantity changes from a few users in turn, each timed from send to its acknowledgement."""

    def __init__(self, carts: list[tuple[ReflexClient, int]], names: dict[str, str]) -> None:
        self.carts, self.names = carts, names
        self.turn = 0
        self.stamp = int(time.time() * 1000)

    async def one(self, streaming: int) -> Probe:
        tab, line = self.carts[self.turn % len(self.carts)]
        quantity = 2 if (self.turn // len(self.carts)) % 2 == 0 else 1
        self.turn += 1
        self.stamp += 1
        stamp, cart = self.stamp, self.names["cart"]
        sent = await tab.send(event_name(cart, "set_quantity"), {"line_id": line, "quantity": quantity, "stamp": stamp})
        update = await tab.wait_for(lambda t: (t.var(cart, "acked") or {}).get(str(line)) == stamp, 30)
        assert update is not None
        return Probe(sent, (update.at - sent) * 1000, streaming)


@dataclass
class LoadResult:
    reference: list[Probe]
    loaded: list[Probe]
    answers: list[Answer]
    all_streaming_s: float
    backend_cores_reference: float
    backend_cores_loaded: float
    stream_process_cores: float = 0.0  # of backend_cores_loaded
    worker_cpu_ms_per_answer: float = 0.0  # the worker's own CPU (not its stream process) over the phase / answers
    mode: str = "worker"
    load_average: float = 0.0  # 1 min, when the round ended


async def measure_load(base_url: str, names: dict[str, str], tabs: list[ReflexClient], server_pid: int,
                       number: int = 0, mode: str = "worker") -> LoadResult:
    users = 10_000 * number  # each round's users are new: no history, no cart lines from before
    carts = [await cart_probe_tab(base_url, 883_000_000 + users + i, names, tabs) for i in range(ARGS.probe_users)]
    prober = Prober(carts, names)
    for _ in range(5):  # warm-up
        await prober.one(0)
        await asyncio.sleep(ARGS.probe_interval)
    cpu0, wall0 = cpu_seconds(server_pid), time.perf_counter()
    reference = []
    for _ in range(ARGS.probes):
        reference.append(await prober.one(0))
        await asyncio.sleep(ARGS.probe_interval)
    cores_reference = (cpu_seconds(server_pid) - cpu0) / (time.perf_counter() - wall0)
    log(f"(c) reference: p95 {percentile([p.latency_ms for p in reference], 95):.0f} ms over {len(reference)} probes")

    semaphore = asyncio.Semaphore(10)

    async def opened(i: int) -> ReflexClient:
        async with semaphore:
            return await assistant_tab(base_url, 884_000_000 + users + i, names, tabs)

    streamers = await asyncio.gather(*(opened(i) for i in range(ARGS.streams)))
    log(f"(c) {len(streamers)} assistant tabs signed in; asking all at once")
    assistant = names["assistant"]
    starts = [len(t.updates) for t in streamers]

    def finished(i: int) -> bool:
        return any(u.delta.get(assistant, {}).get("streaming") is False for u in streamers[i].updates[starts[i]:])

    def drafting(i: int) -> bool:
        return any(u.delta.get(assistant, {}).get("draft_html") for u in streamers[i].updates[starts[i]:])

    sent = await asyncio.gather(*(t.send(event_name(assistant, "ask"),
                                         {"form": {"question": f"How do streaks work? I am user {i}, in detail."}})
                                  for i, t in enumerate(streamers)))
    cpu0, wall0 = cpu_seconds(server_pid), time.perf_counter()
    streamer_cpu0 = stream_process_cpu(server_pid)
    loaded: list[Probe] = []
    all_streaming_since = all_streaming_until = None
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline:
        done = sum(finished(i) for i in range(len(streamers)))
        if done == len(streamers):
            break
        streaming = sum(drafting(i) and not finished(i) for i in range(len(streamers)))
        if streaming == len(streamers) and all_streaming_since is None:
            all_streaming_since = time.perf_counter()
        if all_streaming_since is not None and all_streaming_until is None and streaming < len(streamers):
            all_streaming_until = time.perf_counter()
        loaded.append(await prober.one(streaming))
        await asyncio.sleep(ARGS.probe_interval)
    wall = time.perf_counter() - wall0
    cores_loaded = (cpu_seconds(server_pid) - cpu0) / wall
    streamer_cores = (stream_process_cpu(server_pid) - streamer_cpu0) / wall
    worker_ms = (cores_loaded - streamer_cores) * wall * 1000 / len(streamers)
    await asyncio.sleep(0.5)
    answers = [summarize(t, names, starts[i], Answer(sent[i])) for i, t in enumerate(streamers)]
    span = ((all_streaming_until or time.perf_counter()) - all_streaming_since) if all_streaming_since else 0.0
    log(f"(c) {mode}: p95 {percentile([p.latency_ms for p in loaded if p.streaming == ARGS.streams], 95):.0f} ms "
        f"while all streamed; backend {cores_loaded:.2f} cores, of which stream process {streamer_cores:.2f}; "
        f"worker CPU per answer {worker_ms:.0f} ms; load average {os.getloadavg()[0]:.2f}")
    return LoadResult(reference, loaded, answers, span, cores_reference, cores_loaded, streamer_cores,
                      worker_ms, mode, os.getloadavg()[0])


# --------------------------------------------------------------------------- report


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


MODE_NAMES = {"worker": "in the worker (AI_STREAM_PROCESS=false)", "process": "stream process (AI_STREAM_PROCESS=true)"}


def all_streaming(result: LoadResult) -> list[float]:
    return [p.latency_ms for p in result.loaded if p.streaming == ARGS.streams]


def load_passed(result: LoadResult) -> bool:
    values = all_streaming(result)
    return bool(values) and percentile(values, 95) <= PROBE_P95_MS


def render_load(results: list[LoadResult]) -> list[str]:
    lines = [
        "",
        f"### (c) Another user's cart change while {ARGS.streams} answers stream on one backend worker",
        "",
        f"Probes: `RestaurantCartState.set_quantity` by {ARGS.probe_users} other users in turn, one every "
        f"{ARGS.probe_interval * 1000:.0f} ms, timed from sending the event to the delta acknowledging it. "
        f"{ARGS.streams} tabs (different users) asked at once; answers of {ARGS.words} words at one every "
        f"{ARGS.chunk_delay * 1000:.0f} ms. Rounds in the order run, the backend restarted for each; each "
        "round's reference is the same probes with no streams, just before. Backend CPU is the worker's "
        "process tree's user+system time over the wall time of the phase (the stream process included, "
        "and shown on its own); worker CPU per answer is the worker's own share of it (the stream process "
        "left out) over the whole phase, divided by the answers: it depends little on how busy the machine is.",
        "",
        "| Round | Streams read | Reference p95 ms | p50 ms while all streamed | p95 ms while all streamed | "
        "Probes | Max ms | p95 vs reference | Whole load p95 ms | Backend CPU (cores) | of it stream process "
        "| Worker CPU per answer (ms) | Answers completed | Ask to first draft, median ms | Load average (1 min) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, r in enumerate(results, 1):
        ref = [p.latency_ms for p in r.reference]
        on = all_streaming(r)
        whole = [p.latency_ms for p in r.loaded]
        p95 = percentile(on, 95) if on else float("nan")
        complete = sum(1 for a in r.answers if a.final is not None and a.drafts > 0)
        ttfts = [((a.first_draft or a.sent) - a.sent) * 1000 for a in r.answers]
        lines.append(
            f"| {number} | {MODE_NAMES[r.mode]} | {percentile(ref, 95):.0f} | "
            f"{percentile(on, 50) if on else float('nan'):.0f} | {p95:.0f} | {len(on)} | "
            f"{max(on) if on else float('nan'):.0f} | {p95 / percentile(ref, 95):.1f}x | "
            f"{percentile(whole, 95):.0f} | {r.backend_cores_loaded:.2f} | "
            f"{r.stream_process_cores:.2f} | {r.worker_cpu_ms_per_answer:.0f} | {complete}/{ARGS.streams} | "
            f"{statistics.median(ttfts):,.0f} | "
            f"{r.load_average:.2f} |")
    lines.append("")
    for mode in ("process", "worker"):
        rounds = [r for r in results if r.mode == mode]
        if not rounds:
            continue
        p95s = ", ".join(f"{percentile(all_streaming(r), 95):.0f}" for r in rounds)
        verdict = "met" if all(load_passed(r) for r in rounds) else "MISSED"
        cpu = statistics.median(r.worker_cpu_ms_per_answer for r in rounds)
        lines.append(f"- {MODE_NAMES[mode]}: p95 while all {ARGS.streams} streamed {p95s} ms: target "
                     f"(p95 <= {PROBE_P95_MS:.0f} ms) **{verdict}**; the worker's own CPU per answer {cpu:.0f} ms "
                     "(median of rounds).")
    process = [r for r in results if r.mode == "process"]
    worker = [r for r in results if r.mode == "worker"]
    if process and not all(load_passed(r) for r in process):
        met = [r for r in process if load_passed(r)]
        over = [r for r in process if not load_passed(r)]
        cpu = f"{statistics.median(r.worker_cpu_ms_per_answer for r in process):.0f} ms"
        if worker:
            cpu += f" against {statistics.median(r.worker_cpu_ms_per_answer for r in worker):.0f} ms in the worker"
        reference = max(percentile([p.latency_ms for p in r.reference], 95) for r in results)
        lines += [
            "",
            f"**Missed on this run, and what remains.** With the streams in the stream process the worker's own CPU "
            f"per answer is {cpu}, and its p95 met the target in {len(met)} of {len(process)} rounds "
            f"({', '.join(f'{percentile(all_streaming(r), 95):.0f}' for r in met) or 'none'} ms, at load averages "
            f"{', '.join(f'{r.load_average:.1f}' for r in met) or '-'}); the rounds over it "
            f"({', '.join(f'{percentile(all_streaming(r), 95):.0f}' for r in over)} ms) ran at load averages "
            f"{', '.join(f'{r.load_average:.1f}' for r in over)} on 2 cores, and the reference with no streams "
            f"reached p95 {reference:.0f} ms in this run. What the worker still does per streamed answer: each draft "
            "(rendering the Markdown that can still change, one socket.io message) and the answer's bookkeeping "
            "(moderation of the question and the answer, the budget, its SQL rows and analytics); per token, "
            "nothing. Whether p95 <= 100 ms holds needs this command on a quiet machine (load average under 1, as "
            "for the 226 ms run recorded before); this shared one had no such window before the deadline.",
        ]
    lines += [
        "",
        "What the worker does per streamed answer now (ai/stream_process.py, ai/process_provider.py, ai/state.py, "
        "ai/markdown.py): the stream process reads the model's streams (socket reads, SSE parsing, retries before "
        "the first token) and sends each answer's new text merged every 40 ms, each answer on a phase of its own "
        "(with all answers on one tick, bursts the probes could wait behind, a loaded run gave the stream process "
        "p95 750-1,350 ms against 290-1,050 ms in the worker); each draft goes straight to its tab as the delta "
        "`draft_html` (no `async with self`: "
        "the lock and the state's read and write in Redis were a third of the worker's loop in py-spy once the "
        "streams had left it); and a draft re-renders only the Markdown blocks that can still change "
        "(`DraftRenderer`; rendering the whole answer per draft was then half of what was left). Before all "
        "of this, the recorded quiet run was p95 226 ms against a 20 ms reference, the worker at 0.87 cores. "
        "Tried and dropped earlier: reading the streams on a thread of the worker (one GIL: no gain), a shorter GIL "
        "switch interval.",
        "",
        "This machine has 2 cores shared with other engineers' builds and browser tests; the load average next to "
        "each round says how busy it was. The reference p95 follows it (18-370 ms across runs of the same "
        "command), and so does the loaded p95 in both modes; the worker's CPU per answer barely does, which is why "
        "it is shown.",
    ]
    return lines


def render(ttft: tuple[list[TtftRow], dict[str, str]] | None, answers: list[Answer] | None,
           load: list[LoadResult] | None, facts: dict[str, str]) -> tuple[str, bool]:
    lines = [
        f"Command: `{COMMAND}` (about {facts.get('minutes', '4')} min; aiohttp from bench/requirements.txt; "
        "needs PostgreSQL and Redis on 127.0.0.1).",
        "Source: `bench/ai_stream.py` (its docstring says exactly what each row does) and `bench/reflex_client.py`.",
        "",
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores (shared, noisy: the backend, the fake model servers, "
        f"PostgreSQL, Redis and the benchmark's clients all run on them); Python {platform.python_version()}, "
        f"Reflex {importlib.metadata.version('reflex')}, openai {importlib.metadata.version('openai')}, "
        f"python-socketio {importlib.metadata.version('python-socketio')}.",
        "- The app as deployed: PostgreSQL (fresh database, migrated and seeded), Redis (rate limits, AI budgets, "
        "Reflex's state manager), `reflex run --env prod` with GRANIAN_WORKERS=1; the model is the loopback "
        "OpenAI-compatible server of tests/support/fake_openai.py, through the real SDK.",
    ]
    ok = True
    if ttft is not None:
        rows, info = ttft
        raw, ours, in_process = rows[0], rows[1], rows[3]
        diff = ours.median - raw.median
        diff_process = in_process.median - raw.median
        passed = diff <= TTFT_BUDGET_MS and diff_process <= TTFT_BUDGET_MS
        ok &= passed
        paired = statistics.median(o - r for o, r in zip(ours.samples_ms, raw.samples_ms, strict=True))
        lines += [
            "",
            f"### (a) Time to first token: our pipeline against the raw SDK ({ARGS.runs} interleaved runs per row "
            f"after {ARGS.warmup} warm-up runs; replies start at once, so only client-side work is timed)",
            "",
            "| Path | Median ms | p90 ms | Min ms | vs raw (median) | Difference (median) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            lines.append(f"| {row.name} | {row.median:.1f} | {percentile(row.samples_ms, 90):.1f} | "
                         f"{min(row.samples_ms):.1f} | {row.median / raw.median:.1f}x | "
                         f"{row.median - raw.median:+.1f} ms |")
        lines += [
            "",
            f"Target (ours <= raw + {TTFT_BUDGET_MS:.0f} ms, medians): **{'met' if passed else 'MISSED'}** "
            f"(in the worker {ours.median:.1f} ms, through the stream process {in_process.median:.1f} ms, against "
            f"{raw.median:.1f} ms: {diff:+.1f} and {diff_process:+.1f} ms; median of same-round differences in the "
            f"worker {paired:+.1f} ms). Model `{info['model']}` (support configuration), a new user each run.",
        ]
    if answers is not None:
        budget = [a.duration_ms / MESSAGE_EVERY_MS for a in answers]
        passed = all(a.messages <= b for a, b in zip(answers, budget, strict=True))
        ok &= passed
        gaps = [g for a in answers for g in a.draft_gaps_ms]
        lines += [
            "",
            f"### (b) Websocket messages per answer ({ARGS.answers} answers of {ARGS.words} words, one word = one "
            f"token per chunk every {ARGS.chunk_delay * 1000:.0f} ms, one tab)",
            "",
            "| Answer | Tokens | Streaming (ask sent to final message) | Messages received | Of them draft renders "
            "| Budget (1 per 50 ms) | Messages / budget | One per token would be |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for i, (a, b) in enumerate(zip(answers, budget, strict=True)):
            lines.append(f"| {i + 1} | {ARGS.words} | {a.duration_ms:,.0f} ms | {a.messages} | {a.drafts} | "
                         f"{b:.0f} | {a.messages / b:.2f}x | {ARGS.words} |")
        lines += [
            "",
            f"Target (at most one message per {MESSAGE_EVERY_MS:.0f} ms of streaming): "
            f"**{'met' if passed else 'MISSED'}**. Gaps between draft renders: median "
            f"{statistics.median(gaps):.0f} ms, min {min(gaps):.0f} ms (AssistantState flushes at most every 75 ms). "
            "The other messages: `ask`'s own (the question shown, `streaming` on), the admitted budget, the final "
            "answer, the completion haptic.",
        ]
    if load:
        lines += render_load(load)
        ok &= all(load_passed(r) for r in load if r.mode == "process") and any(r.mode == "process" for r in load)
    return "\n".join(lines) + "\n", ok


# --------------------------------------------------------------------------- main


def round_modes() -> list[str]:
    """Where each round's backend reads the model's streams, alternating for --modes ab."""
    if ARGS.modes != "ab":
        return [ARGS.modes] * (ARGS.rounds if "c" in ARGS.parts else 1)
    if "c" not in ARGS.parts:
        return ["process"]
    return [("process", "worker")[i % 2] for i in range(2 * ARGS.rounds)]


async def run_app_parts(base_url: str, server_pid: int, tabs: list[ReflexClient], number: int, mode: str):
    names = state_names()
    answers = await measure_messages(base_url, names, tabs) if "b" in ARGS.parts and number == 0 else None
    load = await measure_load(base_url, names, tabs, server_pid, number, mode) if "c" in ARGS.parts else None
    return answers, load


async def close_tabs(tabs: list[ReflexClient]) -> None:
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)


def main() -> int:
    started = time.monotonic()
    (serving.WORK / "logs").mkdir(parents=True, exist_ok=True)
    create_database()
    tabs: list[ReflexClient] = []
    fake_proc = server = None
    ttft = answers = load = None
    try:
        need_app = bool(set(ARGS.parts) & {"b", "c"})
        if need_app:
            count = ARGS.answers + (ARGS.streams + 100) * len(round_modes())
            fake_proc, ai_url = start_fake_process(answer_text(ARGS.words), ARGS.chunk_delay, count)
            port = serving.free_port()
            app_dir, env = prepare_app(port, ai_url)
        else:
            from alembic import command
            from alembic.config import Config

            config = Config(str(ROOT / "alembic.ini"))
            config.set_main_option("script_location", str(ROOT / "alembic"))
            config.attributes["configure_logger"] = False
            command.upgrade(config, "head")
        if "a" in ARGS.parts:
            log("(a) time to first token")
            ttft = asyncio.run(measure_ttft())
        if need_app:
            load = []
            for number, mode in enumerate(round_modes()):
                server = serving.Server(f"ai_stream-{mode}", app_dir,
                                        env | {"AI_STREAM_PROCESS": str(mode == "process").lower()}, port=port)
                server.start()
                assert server.proc is not None
                base_url, pid = server.url.rstrip("/"), server.proc.pid

                async def app_parts(number: int = number, mode: str = mode, base_url: str = base_url,
                                    pid: int = pid):
                    try:
                        return await run_app_parts(base_url, pid, tabs, number, mode)
                    finally:
                        await close_tabs(tabs)

                round_answers, round_load = asyncio.run(app_parts())
                answers = answers or round_answers
                if round_load is not None:
                    load.append(round_load)
                server.check_alive()
                server.stop()
                server = None
    finally:
        if server is not None:
            server.stop()
        if fake_proc is not None:
            serving.stop_tree(fake_proc)
        drop_database()
        cleaned = clean_redis([t.token for t in tabs])
        log(f"dropped {DATABASE}; deleted {cleaned} Redis keys")
    facts = {"minutes": str(-(-int(time.monotonic() - started) // 60))}
    body, ok = render(ttft, answers, load, facts)
    print()
    print(SECTION_TITLE)
    print()
    print(body)
    if not ARGS.no_doc and ARGS.parts == "abc":
        update_section(SECTION_TITLE, f"{SECTION_TITLE}\n\n{body}")
        print("written to docs/perf.md")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
