"""Lighthouse CI on the prod build: home and each demo, opened inside the fake Telegram WebApp.

    make lighthouse-ci                        # what .ci/run and the CI workflow run
    .venv/bin/python tools/lighthouse/ci.py --doc   # the same, then rewrite its section of docs/perf.md

1. Installs @lhci/cli and puppeteer-core from tools/lighthouse/package-lock.json with the venv's
   npm (`npm ci`, again only when the lock file changes).
2. Builds and serves a copy of the app with `reflex run --env prod` on a free port (a fresh,
   migrated and seeded SQLite database; a fake bot token), as the e2e suite does.
3. Signs initData for one Telegram user with that token and runs `lhci autorun` with
   lighthouserc.json: three Lighthouse runs per URL, each page opened the way Telegram opens it
   (tools/lighthouse/fake_telegram.js puts the fake WebApp in before the page's scripts), then the
   budgets in lighthouserc.json are asserted on the medians and the reports saved to .lighthouseci/.
4. Prints each URL's scores and metrics and stops the server, also on failure.

Demo URLs end in "/": that is the page the server serves, and how Telegram reaches a demo (the
Mini App opens at PUBLIC_URL and navigates in the page); without it every run would add the
redirect a deep link costs. bench/lighthouse_demos.py records the default slow-4G profile.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from perf_doc import update_section  # noqa: E402  (bench/perf_doc.py)

from tma_app.telegram.init_data import sign_init_data  # noqa: E402

TOOL = ROOT / "tools" / "lighthouse"
VENV_BIN = Path(sys.executable).parent
LHCI = TOOL / "node_modules" / "@lhci" / "cli" / "src" / "cli.js"
RESULTS = ROOT / ".lighthouseci"
MOCK = ROOT / "tma_app" / "devmode" / "telegram_mock.js"
PAGES = {
    "home": "/",
    "restaurant": "/demos/restaurant/",
    "fitness": "/demos/fitness/",
    "ecommerce": "/demos/ecommerce/",
}
APP_PARTS = ("rxconfig.py", "alembic.ini", "tma_app", "assets", "alembic", "reflex.lock")
# A token in the shape @BotFather issues: prod settings refuse to start without one.
BOT_TOKEN = "123456789:AAlhciLhciLhciLhciLhciLhciLhci12345"
USER = {"id": 990_001, "first_name": "Lighthouse", "language_code": "en"}
SECTION_TITLE = "## Lighthouse CI: home and demos inside Telegram"
COMMAND = "make lighthouse-ci"
START_TIMEOUT_S = 600
STEP_TIMEOUT_S = 300
LHCI_TIMEOUT_S = 900
LIGHTHOUSE = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
# The budgets (TBT above all) were set, and passed, on machines whose Lighthouse CPU benchmark index
# was 2,270-2,410. Lantern multiplies the main-thread work it observes by the CPU slowdown, so a
# machine half as fast per core would be judged at 8x: the slowdown is scaled to the machine's index
# (Lighthouse's docs suggest choosing the multiplier from the benchmark index), never above 4x.
REFERENCE_BENCHMARK_INDEX = 2350
CPU_SLOWDOWN = 4.0


def log(message: str) -> None:
    print(f"[lighthouse-ci {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def tool_env(**extra: str) -> dict[str, str]:
    """Node, npm and Reflex from the venv, nothing phoning home, no settings inherited from a .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLEX_")}
    for name in ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN", "PUBLIC_URL"):
        env.pop(name, None)
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_CHECK_LATEST_VERSION="false",
        REFLEX_TELEMETRY_ENABLED="false",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def ensure_node_modules() -> str:
    """`npm ci` from the committed lock file, once per lock file; returns the LHCI version."""
    lock = TOOL / "package-lock.json"
    stamp = TOOL / "node_modules" / f".lock-sha256-{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}"
    if not stamp.exists():
        log("npm ci (tools/lighthouse/package-lock.json)")
        subprocess.run([str(VENV_BIN / "npm"), "ci", "--no-audit", "--no-fund"], cwd=TOOL, env=tool_env(),
                       check=True, timeout=STEP_TIMEOUT_S)
        stamp.touch()
    return str(json.loads((LHCI.parents[1] / "package.json").read_text())["version"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the prod server exited ({process.returncode}); log: {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the prod server was not up after {START_TIMEOUT_S} s; log: {log_path}")


def start_server(app_dir: Path, port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """A copy of the app, migrated and seeded, served by `reflex run --env prod` in its own process group."""
    for part in APP_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, app_dir / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, app_dir / part)
    env = tool_env(APP_ENV="prod", TELEGRAM_BOT_TOKEN=BOT_TOKEN, DATABASE_URL=f"sqlite:///{app_dir / 'lhci.db'}",
                   REDIS_URL="", PUBLIC_URL=f"http://127.0.0.1:{port}")
    for step in (["-m", "alembic", "upgrade", "head"], ["-m", "tma_app.seed"]):
        subprocess.run([sys.executable, *step], cwd=app_dir, env=env, check=True, capture_output=True,
                       timeout=STEP_TIMEOUT_S)
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port)],
            cwd=app_dir, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", process, log_path)
        wait_until_up(f"http://127.0.0.1:{port}/", process, log_path)
    except BaseException:
        stop_server(process)
        raise
    return process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """TERM to the server's process group, KILL after 20 s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def telegram_config() -> str:
    """The fake WebApp's config: initData signed for the served app, a recent iOS client."""
    user = json.dumps(USER, separators=(",", ":"))
    init_data = sign_init_data({"user": user, "auth_date": str(int(time.time())), "chat_type": "sender"},
                               BOT_TOKEN)
    return json.dumps({"initData": init_data, "version": "9.1", "platform": "ios", "colorScheme": "light",
                       "fixedTheme": True})


def benchmark_index(url: str) -> float:
    """This machine's Lighthouse CPU benchmark index now: the median of three quick runs on `url`."""
    indexes = []
    for _ in range(3):
        result = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
             "--only-audits=first-contentful-paint", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            cwd=ROOT, env=tool_env(CHROME_PATH="/usr/bin/chromium"), capture_output=True, check=True,
            timeout=STEP_TIMEOUT_S,
        )
        indexes.append(float(json.loads(result.stdout)["environment"]["benchmarkIndex"]))
    return statistics.median(indexes)


def cpu_slowdown(index: float) -> float:
    """The reference machine's 4x, scaled down on a slower machine (at least 1x: no speed-up)."""
    return round(max(1.0, CPU_SLOWDOWN * min(1.0, index / REFERENCE_BENCHMARK_INDEX)), 2)


def summarize() -> list[dict[str, object]]:
    """One row per URL from the LHRs that `lhci collect` saved: each figure the median of its runs."""
    runs: dict[str, list[dict[str, float]]] = {}
    versions: set[str] = set()
    for path in sorted(RESULTS.glob("lhr-*.json")):
        lhr = json.loads(path.read_text())
        audits = lhr["audits"]
        path_of = urllib.parse.urlsplit(lhr["requestedUrl"]).path
        page = next((name for name, p in PAGES.items() if p == path_of), lhr["requestedUrl"])
        versions.add(lhr["lighthouseVersion"])
        runs.setdefault(page, []).append({
            **{key: lhr["categories"][key]["score"] for key in ("performance", "accessibility", "best-practices",
                                                                 "seo")},
            "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
            "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "kib": audits["total-byte-weight"]["numericValue"] / 1024,
            "cpu_index": lhr["environment"]["benchmarkIndex"],
        })
    rows: list[dict[str, object]] = []
    for page in sorted(runs, key=lambda name: list(PAGES).index(name) if name in PAGES else 99):
        measured = runs[page]
        rows.append({"page": page, "path": PAGES.get(page, ""), "runs": len(measured),
                     "tbt_runs": ", ".join(f"{run['tbt_ms']:.0f}" for run in measured),
                     "lighthouse": ", ".join(sorted(versions)),
                     **{key: statistics.median(run[key] for run in measured) for key in measured[0]}})
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| Page | URL | Performance | Accessibility | Best practices | SEO | FCP | LCP | CLS | TBT (runs) "
             "| Transfer |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['page']} | `{r['path']}` | {r['performance']:.2f} | {r['accessibility']:.2f} "
            f"| {r['best-practices']:.2f} | {r['seo']:.2f} | {r['fcp_s']:.2f} s | {r['lcp_s']:.2f} s "
            f"| {r['cls']:.3f} | {r['tbt_ms']:.0f} ms ({r['tbt_runs']}) | {r['kib']:.0f} KiB |"
        )
    return "\n".join(lines)


def doc_section(rows: list[dict[str, object]], passed: bool, lhci_version: str, slowdown: float) -> str:
    settings = json.loads((ROOT / "lighthouserc.json").read_text())["ci"]["collect"]["settings"]
    throttling = settings["throttling"]
    cpu = ", ".join(f"{r['page']} {r['cpu_index']:.0f}" for r in rows)
    return f"""{SECTION_TITLE}

Command: `{COMMAND}` (about 3 min: prod build, then three Lighthouse runs per URL; `.ci/run` and the CI
workflow run it; `LHCI_ARGS=--doc` rewrites this section). Budgets and settings: `lighthouserc.json`;
reports: `.lighthouseci/`.

- Date: {time.strftime('%Y-%m-%d')}; @lhci/cli {lhci_version} (Lighthouse {rows[0]['lighthouse'] if rows else '?'}), \
headless Chromium, three runs per URL:
  each figure below and each assertion is the median of the three (a single run's TBT swung between
  57 and 444 ms for the same build on this shared 2-core machine). Lighthouse's CPU benchmark index,
  median per URL: {cpu} (lower = busier machine).
- Each page is opened as Telegram opens it: the fake WebApp (initData signed for the served app's bot
  token) is in the tab before any of the page's scripts, so the demos are measured as their first
  screens, not the sign-in screen. `*telegram.org*` is blocked (Telegram serves and caches that script).
- Mobile form factor and screen, {slowdown}x CPU slowdown (4x on a machine of CPU benchmark index
  {REFERENCE_BENCHMARK_INDEX}, where the budgets were set; scaled down on a slower one, since Lantern
  multiplies the main-thread work it observes), simulated network of {throttling['rttMs']} ms RTT and \
{throttling['throughputKbps'] / 1024:.0f} Mbit/s
  (Lighthouse's "dense 4G" constants). On Lighthouse's default slow-4G network (150 ms, 1.6 Mbit/s) the
  first contentful paint of every page is about 2.2 s, the same as a blank Reflex app's
  (section "Lighthouse: home page vs blank Reflex app"): Lantern counts the framework's preloaded
  modules and the hydration that runs before the first paint of a fast local load, so no page of this
  stack meets the 1.8 s budget there; `bench/lighthouse_demos.py` records those figures.
- Budgets (asserted, every URL): performance, accessibility, best practices and SEO >= 0.9;
  FCP <= 1.8 s, LCP <= 2.5 s, TBT <= 300 ms (medians), CLS <= 0.02 in every run; the home's transfer
  <= 200 KiB (median; Telegram's script blocked, so our bytes only). Result: **{'all met' if passed else 'NOT met'}**.

{table(rows)}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", action="store_true", help="rewrite this run's section of docs/perf.md")
    args = parser.parse_args()
    lhci_version = ensure_node_modules()
    RESULTS.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    slowdown = CPU_SLOWDOWN
    with tempfile.TemporaryDirectory(prefix="tma_app-lhci-") as work:
        log(f"building and serving the prod app on {base}")
        server = start_server(Path(work), port, RESULTS / "server.log")
        try:
            config = Path(work) / "telegram.json"
            config.write_text(telegram_config())
            index = benchmark_index(f"{base}/")
            slowdown = cpu_slowdown(index)
            log(f"CPU benchmark index {index:.0f} (reference {REFERENCE_BENCHMARK_INDEX}): CPU slowdown {slowdown}x")
            command = ["node", str(LHCI), "autorun", "--config=lighthouserc.json",
                       f"--collect.settings.throttling.cpuSlowdownMultiplier={slowdown}",
                       *[f"--collect.url={base}{path}" for path in PAGES.values()]]
            log("$ " + " ".join(command))
            code = subprocess.run(
                command, cwd=ROOT, timeout=LHCI_TIMEOUT_S,
                env=tool_env(TMA_FAKE_TELEGRAM_CONFIG=str(config), TMA_FAKE_TELEGRAM_MOCK=str(MOCK)),
            ).returncode
        finally:
            stop_server(server)
    rows = summarize()
    print(table(rows))
    if args.doc and len(rows) == len(PAGES):
        update_section(SECTION_TITLE, doc_section(rows, code == 0, lhci_version, slowdown))
        log("updated docs/perf.md")
    return code


if __name__ == "__main__":
    sys.exit(main())
