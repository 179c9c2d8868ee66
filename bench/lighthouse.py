"""Lighthouse (mobile) on our home page against a blank Reflex app, side by side in one run.

Run from the repository root:

    .venv/bin/python bench/lighthouse.py

What it does, and why:

1. Installs Lighthouse into bench/.work/node_modules with the venv's npm (the system Node is too
   old for Lighthouse 13, and nothing may be downloaded from outside the package registries).
2. Builds and serves three apps in Reflex prod mode, one at a time (2 cores: builds must not fight
   for CPU), each on its own free port:
     - "tma_app": a copy of this project (so its .web/ and data/ are never touched), with a fake
       bot token in the right shape, a throwaway SQLite database, migrations and seed data;
     - "blank": `reflex init --template blank`, Reflex's own starting point (Radix Themes);
     - "blank-no-radix": the same blank app with its index page rebuilt from `rx.el.*` only and
       Radix Themes off, which is the target our shell is held to.
3. Runs Lighthouse N times per page, interleaved (A, B, C, A, B, C, ...) so that drift on the
   machine hits every page alike, and takes per-metric medians.
4. Prints a markdown table and writes it into docs/perf.md.

Every server and browser it starts is stopped again (whole process trees), even on error or
Ctrl-C, and every external step has a timeout.

Our page's <head> loads https://telegram.org/js/telegram-web-app.js, which this machine cannot
reach; every run blocks `*telegram.org*` so that no page waits on a dead host. Inside Telegram
that script is served (and cached) by Telegram itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from perf_doc import update_section

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
NODE = VENV_BIN / "node"
NPM = VENV_BIN / "npm"
LIGHTHOUSE_JS = WORK / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_SPEC = "lighthouse@13"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
BLOCKED_URL_PATTERN = "*telegram.org*"
PERF_DOC = ROOT / "docs" / "perf.md"
SECTION_TITLE = "## Lighthouse: home page vs blank Reflex app"
COMMAND = ".venv/bin/python bench/lighthouse.py"
TARGET_RATIO = 1.25  # our transfer size may exceed the no-Radix blank app's by at most 25 %

# A fake token in the shape @BotFather issues: prod settings refuse to start without one.
FAKE_BOT_TOKEN = "123456789:AAbenchBenchBenchBenchBenchBench12345"
# What the project copy needs to build and run; never .web/, .venv/ or data/.
PROJECT_PARTS = ("rxconfig.py", "tma_app", "assets", "alembic", "alembic.ini", "reflex.lock")

SERVER_READY_TIMEOUT = 900  # first prod build installs frontend packages with bun
SERVER_STOP_GRACE = 15
LIGHTHOUSE_TIMEOUT = 240
NPM_TIMEOUT = 600
STEP_TIMEOUT = 300


class BenchError(RuntimeError):
    """A step failed; the message says which and where its log is."""


# --------------------------------------------------------------------------- processes


def log(message: str) -> None:
    """Progress goes to stderr so stdout carries only the result table."""
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def base_env(**extra: str) -> dict[str, str]:
    """The environment TOOLCHAIN.md requires for Reflex here, minus anything inherited that
    would change how an app runs (REFLEX_* overrides, Redis, Sentry, a real .env's values)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_")}
    for name in ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "PUBLIC_URL"):
        env.pop(name, None)
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_CHECK_LATEST_VERSION="false",
        REFLEX_TELEMETRY_ENABLED="false",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_step(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float, log_file: Path) -> None:
    """Run a short command to completion; on failure show the tail of its log, not a traceback."""
    log(f"$ {' '.join(cmd)}  (in {cwd.relative_to(ROOT)})")
    with log_file.open("ab") as out:
        out.write(f"\n$ {' '.join(cmd)}\n".encode())
        out.flush()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_tree(proc)
            raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}; log: {log_file}") from None
        finally:
            if proc.poll() is None:
                stop_tree(proc)
    if code != 0:
        raise BenchError(f"exit {code}: {' '.join(cmd)}\n{tail(log_file)}\nlog: {log_file}")


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def descendants(root_pid: int) -> list[int]:
    """All live descendants of a process, read from /proc.

    Needed because Chromium is started by chrome-launcher as the leader of its own process
    group, so killing Lighthouse's group alone would leave browsers behind.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """True unless the process is gone or a zombie (which nobody here may be able to reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def stop_tree(proc: subprocess.Popen) -> None:
    """Stop a process we started together with everything it spawned: TERM to each process
    group in the tree, a grace period, then KILL. Never touches our own process group."""
    pids = [proc.pid, *descendants(proc.pid)]
    own_group = os.getpgrp()
    groups = {proc.pid}  # we always start with start_new_session=True: its group id is its pid
    for pid in pids:
        try:
            groups.add(os.getpgid(pid))
        except ProcessLookupError:
            pass
    groups.discard(own_group)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for group in groups:
            try:
                os.killpg(group, sig)
            except (ProcessLookupError, PermissionError):
                pass
        if _wait_all_gone(proc, pids, SERVER_STOP_GRACE):
            break
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        log(f"warning: process {proc.pid} did not exit")


def _wait_all_gone(proc: subprocess.Popen, pids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.poll()  # reap our direct child so it does not linger as a zombie
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def page_url(port: int) -> str:
    """The home page as Lighthouse opens it (and as our app's PUBLIC_URL names it)."""
    return f"http://127.0.0.1:{port}/"


def free_port() -> int:
    """A port nobody listens on right now (Reflex prod refuses to auto-pick one we asked for)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    """One Reflex app run with `reflex run --env prod`.

    Reflex 0.10 prod serves the built frontend (.web/build/client, with pre-gzipped files) and
    the backend from one Granian process on ONE port: different --frontend-port and
    --backend-port are refused, so both get the same port.
    """

    name: str
    app_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    ready_after: float = 0.0

    @property
    def url(self) -> str:
        return page_url(self.port)

    @property
    def log_file(self) -> Path:
        return WORK / "logs" / f"{self.name}.log"

    def start(self) -> None:
        """Build and serve; returns once the home page answers (the build happens inside)."""
        port = str(self.port)
        cmd = [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--frontend-port", port, "--backend-port", port]
        log(f"{self.name}: building and serving on :{self.port} (log: {self.log_file.relative_to(ROOT)})")
        started = time.monotonic()
        with self.log_file.open("ab") as out:
            out.write(f"\n$ {' '.join(cmd)}\n".encode())
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.app_dir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(started)
        self.ready_after = time.monotonic() - started
        log(f"{self.name}: up after {self.ready_after:.0f} s")

    def _wait_ready(self, started: float) -> None:
        """Poll the home page: a prod build takes a while, and a crash must not cost the timeout."""
        while time.monotonic() - started < SERVER_READY_TIMEOUT:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name}: `reflex run` exited with {self.proc.returncode}\n{tail(self.log_file)}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200 and b"<html" in response.read(4096).lower():
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise BenchError(f"{self.name}: no answer on {self.url} within {SERVER_READY_TIMEOUT} s\n{tail(self.log_file)}")

    def check_alive(self) -> None:
        """Fail with the server's log rather than with a Lighthouse error page if it died."""
        if self.proc is None or self.proc.poll() is not None:
            raise BenchError(f"{self.name}: server is not running any more\n{tail(self.log_file)}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            log(f"{self.name}: stopping")
        if self.proc is not None:
            stop_tree(self.proc)

    def built_assets_contain(self, needle: bytes) -> bool:
        """Whether any built JS/CSS file contains `needle` (to prove what the page ships)."""
        assets = self.app_dir / ".web" / "build" / "client" / "assets"
        return any(needle in p.read_bytes() for p in assets.glob("*") if p.suffix in (".js", ".css"))


# --------------------------------------------------------------------------- the three apps


def ensure_lighthouse() -> str:
    """Install Lighthouse locally once; returns its version."""
    WORK.mkdir(parents=True, exist_ok=True)
    if not LIGHTHOUSE_JS.exists():
        run_step(
            [str(NPM), "install", "--prefix", str(WORK), LIGHTHOUSE_SPEC, "--no-audit", "--no-fund"],
            cwd=ROOT,
            env=base_env(),
            timeout=NPM_TIMEOUT,
            log_file=WORK / "logs" / "npm.log",
        )
    package = json.loads((LIGHTHOUSE_JS.parents[1] / "package.json").read_text())
    return package["version"]


def prepare_project_copy(port: int) -> tuple[Path, dict[str, str]]:
    """Copy this project into a fresh temp dir and give it a migrated, seeded SQLite database.

    Prod settings need a bot token of the right shape and PUBLIC_URL (the CORS allow-list and
    CSP connect-src): it is the URL Lighthouse opens, so the page may talk to its own backend.

    A copy, because `reflex run` rewrites .web/ and .states/ where it runs, and a prod build
    must not disturb the working tree or a dev server running from it.
    """
    parent = WORK / "app"
    shutil.rmtree(parent, ignore_errors=True)  # only the previous run's copy lives here
    parent.mkdir(parents=True)
    app_dir = Path(tempfile.mkdtemp(prefix="tma_app-", dir=parent))
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, app_dir / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, app_dir / part)
    env = base_env(
        APP_ENV="prod",
        TELEGRAM_BOT_TOKEN=FAKE_BOT_TOKEN,
        DATABASE_URL=f"sqlite:///{app_dir / 'bench.db'}",
        REDIS_URL="",  # disk state manager: one process, nothing shared with the machine's Redis
        PUBLIC_URL=page_url(port).rstrip("/"),
    )
    log_file = WORK / "logs" / "tma_app.log"
    run_step([str(PYTHON), "-m", "alembic", "upgrade", "head"], cwd=app_dir, env=env, timeout=STEP_TIMEOUT,
             log_file=log_file)
    run_step([str(PYTHON), "-m", "tma_app.seed"], cwd=app_dir, env=env, timeout=STEP_TIMEOUT, log_file=log_file)
    return app_dir, env


def prepare_blank() -> Path:
    """`reflex init --template blank` in a folder named `blank` (the app name follows it).

    Two config lines are added so the reference matches what our app already sets and what
    TOOLCHAIN.md asks for: no "Built with Reflex" badge (prod shows one by default, which would
    make the reference heavier) and no telemetry. Plugins and page stay as the template has them.
    """
    app_dir = WORK / "blank"
    shutil.rmtree(app_dir, ignore_errors=True)
    app_dir.mkdir(parents=True)
    run_step(
        [str(VENV_BIN / "reflex"), "init", "--template", "blank", "--no-agents"],
        cwd=app_dir,
        env=base_env(),
        timeout=STEP_TIMEOUT,
        log_file=WORK / "logs" / "blank.log",
    )
    rxconfig = app_dir / "rxconfig.py"
    text = rxconfig.read_text()
    anchor = 'app_name="blank",'
    if anchor not in text:
        raise BenchError(f"unexpected blank template rxconfig.py (no {anchor!r}):\n{text}")
    settings = "\n    show_built_with_reflex=False,\n    telemetry_enabled=False,"
    rxconfig.write_text(text.replace(anchor, anchor + settings, 1))
    return app_dir


NO_RADIX_RXCONFIG = '''import reflex as rx

config = rx.Config(
    app_name="blank",
    show_built_with_reflex=False,
    telemetry_enabled=False,
    plugins=[
        rx.plugins.SitemapPlugin(),
        rx.plugins.TailwindV4Plugin(),
    ],
)
'''

# The template's index page with the same visible text, built from plain elements and Tailwind.
# The template's colour-mode toggle (an icon button, no text) is a Radix component and is left out.
NO_RADIX_PAGE = '''"""The blank template's page rebuilt from rx.el.* only: no Radix Themes."""

import reflex as rx

from rxconfig import config


class State(rx.State):
    """The app state."""


def index() -> rx.Component:
    return rx.el.main(
        rx.el.div(
            rx.el.h1("Welcome to Reflex!", class_name="text-5xl font-bold tracking-tight"),
            rx.el.p(
                "Get started by editing ",
                rx.el.code(
                    f"{config.app_name}/{config.app_name}.py",
                    class_name="rounded bg-gray-100 px-1 font-mono",
                ),
                class_name="text-xl",
            ),
            rx.el.a(
                rx.el.button(
                    "Check out our docs!",
                    class_name="rounded-md bg-blue-600 px-4 py-2 font-medium text-white",
                ),
                href="https://reflex.dev/docs/getting-started/introduction/",
                target="_blank",
                rel="noopener noreferrer",
            ),
            class_name="flex min-h-[85vh] flex-col items-start justify-center gap-6",
        ),
        class_name="mx-auto max-w-3xl px-4",
    )


app = rx.App(theme=None)
app.add_page(index)
'''


def prepare_blank_no_radix(blank_dir: Path) -> Path:
    """The blank app minus Radix Themes: same app name and assets, plain-element page."""
    app_dir = WORK / "blank-no-radix"
    shutil.rmtree(app_dir, ignore_errors=True)
    app_dir.mkdir(parents=True)
    for part in ("assets", "reflex.lock", "blank"):
        shutil.copytree(blank_dir / part, app_dir / part, ignore=shutil.ignore_patterns("__pycache__"))
    (app_dir / "rxconfig.py").write_text(NO_RADIX_RXCONFIG)
    (app_dir / "blank" / "blank.py").write_text(NO_RADIX_PAGE)
    return app_dir


# --------------------------------------------------------------------------- measuring


METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "bytes": "total-byte-weight",
}


def run_lighthouse(url: str, report: Path) -> dict[str, float]:
    """One Lighthouse run (mobile preset, performance only); returns score and metrics."""
    cmd = [
        str(NODE),
        str(LIGHTHOUSE_JS),
        url,
        "--only-categories=performance",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--blocked-url-patterns={BLOCKED_URL_PATTERN}",
        "--quiet",
    ]
    env = base_env(CHROME_PATH=CHROME)
    report.unlink(missing_ok=True)
    run_step(cmd, cwd=WORK, env=env, timeout=LIGHTHOUSE_TIMEOUT, log_file=WORK / "logs" / "lighthouse.log")
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        raise BenchError(f"Lighthouse runtime error on {url}: {data['runtimeError']}")
    score = data["categories"]["performance"]["score"]
    if score is None:
        raise BenchError(f"Lighthouse gave no performance score for {url}; warnings: {data.get('runWarnings')}")
    for warning in data.get("runWarnings", []):
        log(f"Lighthouse warning on {url}: {warning.splitlines()[0][:160]}")
    # Lighthouse's own CPU benchmark of this run: shows how busy the machine was.
    result = {"score": float(score), "cpu_index": float(data["environment"]["benchmarkIndex"])}
    for key, audit in METRICS.items():
        result[key] = float(data["audits"][audit]["numericValue"])
    return result


@dataclass
class PageResult:
    """All runs of one page, summarised by per-metric medians."""

    name: str
    label: str
    runs: list[dict[str, float]] = field(default_factory=list)

    def median(self, key: str) -> float:
        return statistics.median(run[key] for run in self.runs)

    def spread(self, key: str, scale: float) -> str:
        """"min-max" over the runs: simulated FCP moves run to run, the range shows by how much."""
        values = [run[key] / scale for run in self.runs]
        return f"{min(values):.2f}-{max(values):.2f}"


def chromium_version() -> str:
    out = subprocess.run([CHROME, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"Chromium\s+([\d.]+)", out)
    return match.group(1) if match else out.strip() or "unknown"


# --------------------------------------------------------------------------- reporting


def cpu_index_range(results) -> str:
    values = [run["cpu_index"] for page in results for run in page.runs]
    return f"{min(values):.0f}-{max(values):.0f}"


def render_table(results: list[PageResult], reference: PageResult) -> str:
    """Markdown table; ratios are against the no-Radix blank app (the target's reference)."""
    ref_bytes, ref_fcp = reference.median("bytes"), reference.median("fcp_ms")
    rows = [
        "| Page | Performance (median; runs) | FCP (median; range) | LCP | TBT | Transfer "
        "| Transfer vs no-Radix blank | FCP vs no-Radix blank |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in results:
        scores = ", ".join(f"{run['score']:.2f}" for run in page.runs)
        rows.append(
            f"| {page.label} | {page.median('score'):.2f} ({scores}) "
            f"| {page.median('fcp_ms') / 1000:.2f} s ({page.spread('fcp_ms', 1000)}) "
            f"| {page.median('lcp_ms') / 1000:.2f} s "
            f"| {page.median('tbt_ms'):.0f} ms | {page.median('bytes') / 1024:.0f} KiB "
            f"| {page.median('bytes') / ref_bytes:.2f}x | {page.median('fcp_ms') / ref_fcp:.2f}x |"
        )
    return "\n".join(rows)


def verdict(ours: PageResult, reference: PageResult) -> tuple[bool, str]:
    ratio = ours.median("bytes") / reference.median("bytes")
    ok = ratio <= TARGET_RATIO
    limit_kib = reference.median("bytes") * TARGET_RATIO / 1024
    text = (
        f"Target (transfer not more than {TARGET_RATIO - 1:.0%} above the blank app without Radix Themes, "
        f"i.e. <= {limit_kib:.0f} KiB): **{'met' if ok else 'NOT met'}** "
        f"({ours.median('bytes') / 1024:.0f} KiB, {ratio:.2f}x)."
    )
    return ok, text


def render_section(table: str, verdict_text: str, facts: dict[str, str]) -> str:
    return f"""{SECTION_TITLE}

Command: `{COMMAND}` (about {facts['duration']}; installs Lighthouse into `bench/.work/` on first use).

- Date: {facts['date']}
- Machine: {facts['cpus']} cores, headless Chromium {facts['chromium']}, \
Lighthouse {facts['lighthouse']} (mobile preset:
  simulated slow 4G and 4x CPU slowdown), {facts['runs']} runs per page, interleaved; per-metric medians.
  Lighthouse's CPU benchmark index over the runs: {facts['cpu_index']} (lower = busier machine).
- All three apps built and served by `reflex run --env prod` (Reflex {facts['reflex']}, one port, Granian serving
  the pre-gzipped build) on 127.0.0.1.
- `--blocked-url-patterns={BLOCKED_URL_PATTERN}` on every run: our `<head>` loads
  `https://telegram.org/js/telegram-web-app.js`, which this machine cannot reach; inside Telegram that
  script is served by Telegram, so it is neither counted nor waited for here.
- Our page is measured as a browser outside Telegram sees it: the server-rendered loading screen, then
  "Open this app from Telegram" once the backend has refused the empty initData. That is the shell
  every user downloads first.
- FCP and LCP are Lighthouse's simulated (Lantern) values and jump between runs of the same build
  (see the range column: the blank pages have jumped by 2x), so the FCP ratio is indicative
  only; more runs (`--runs 5`) steady it. Transfer bytes are identical run to run, which is why the
  target is set on bytes. Only compare figures from one run of this script.
- References: `reflex init --template blank` (Radix Themes) and the same app with its page rebuilt
  from `rx.el.*` (same visible text, no colour-mode toggle, Radix Themes off). Both with
  `show_built_with_reflex=False` like our app.

{table}

{verdict_text}
"""


def update_perf_doc(section: str) -> None:
    update_section(SECTION_TITLE, section)


# --------------------------------------------------------------------------- main


def _raise_on_signal(signum, _frame) -> None:
    """Turn SIGTERM/SIGHUP into an exception so the `finally` that stops servers runs."""
    raise SystemExit(128 + signum)


def stop_all(servers: list[Server]) -> None:
    """Stop every server; a second Ctrl-C or SIGTERM must not cut this short and leave some running."""
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        for server in reversed(servers):
            server.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--no-doc", action="store_true", help="print the table but leave docs/perf.md alone")
    parser.add_argument("--check", action="store_true", help="exit 1 when the size target is not met")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    signal.signal(signal.SIGTERM, _raise_on_signal)
    signal.signal(signal.SIGHUP, _raise_on_signal)

    begun = time.monotonic()
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    for old in (WORK / "logs").glob("*.log"):
        old.unlink()
    reports = WORK / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)

    lighthouse_version = ensure_lighthouse()
    app_port = free_port()
    app_dir, app_env = prepare_project_copy(app_port)
    blank_dir = prepare_blank()
    no_radix_dir = prepare_blank_no_radix(blank_dir)

    servers = [
        Server("tma_app", app_dir, app_env, port=app_port),
        Server("blank", blank_dir, base_env()),
        Server("blank-no-radix", no_radix_dir, base_env()),
    ]
    labels = {
        "tma_app": "tma_app home (our shell)",
        "blank": "blank Reflex app (Radix Themes)",
        "blank-no-radix": "blank Reflex app without Radix Themes",
    }
    results = {s.name: PageResult(s.name, labels[s.name]) for s in servers}
    try:
        for server in servers:  # one build at a time: 2 cores
            server.start()
        if not servers[1].built_assets_contain(b"radix-themes"):
            raise BenchError("the blank reference does not ship Radix Themes; the template changed?")
        if servers[2].built_assets_contain(b"radix-themes"):
            raise BenchError("the no-Radix reference still ships Radix Themes")
        for server in servers:  # warm each server once, outside the measurement
            with urllib.request.urlopen(server.url, timeout=30) as response:
                response.read()
        for i in range(1, args.runs + 1):
            for server in servers:
                server.check_alive()
                run = run_lighthouse(server.url, reports / f"{server.name}-{i}.json")
                results[server.name].runs.append(run)
                log(
                    f"run {i}/{args.runs} {server.name}: score {run['score']:.2f}, "
                    f"FCP {run['fcp_ms'] / 1000:.2f} s, {run['bytes'] / 1024:.0f} KiB"
                )
    finally:
        stop_all(servers)

    ours, reference = results["tma_app"], results["blank-no-radix"]
    table = render_table(list(results.values()), reference)
    ok, verdict_text = verdict(ours, reference)
    minutes = (time.monotonic() - begun) / 60
    facts = {
        "date": dt.date.today().isoformat(),
        "cpus": str(os.cpu_count()),
        "chromium": chromium_version(),
        "lighthouse": lighthouse_version,
        "reflex": importlib.metadata.version("reflex"),
        "runs": str(args.runs),
        "cpu_index": cpu_index_range(results.values()),
        "duration": f"{max(1, round(minutes))} min",
    }
    print(table)
    print()
    print(verdict_text)
    print()
    print("Server up (build + start): " + ", ".join(f"{s.name} {s.ready_after:.0f} s" for s in servers))
    if not args.no_doc:
        update_perf_doc(render_section(table, verdict_text, facts))
        log(f"updated {PERF_DOC.relative_to(ROOT)}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        log(f"FAILED: {error}")
        sys.exit(2)
