"""Lighthouse (mobile) on each shipped demo's first screen, inside the fake Telegram WebApp.

    .venv/bin/python bench/lighthouse_demos.py     # --runs N, --no-doc

A demo's first screen only exists for a verified user, so the page is opened the
way Telegram opens it: the test suite's fake WebApp (tma_app/devmode/telegram_mock.js)
is injected before any script, carrying initData signed for the benchmark's bot
token. Targets (issue: showcase demos): performance >= 0.9 and CLS <= 0.05 per
demo. Builds and serves the app exactly like bench/lighthouse.py (whose helpers
it reuses), in a copy of the project.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import lighthouse as bench  # noqa: E402  (bench/lighthouse.py)
from perf_doc import update_section  # noqa: E402

from tma_app.telegram.init_data import sign_init_data  # noqa: E402

DEMOS = {"restaurant": "/demos/restaurant", "fitness": "/demos/fitness", "ecommerce": "/demos/ecommerce"}
SECTION_TITLE = "## Lighthouse: demo first screens inside Telegram"
COMMAND = ".venv/bin/python bench/lighthouse_demos.py"
FLOW = bench.WORK / "lighthouse_demo_flow.mjs"
MOCK = bench.ROOT / "tma_app" / "devmode" / "telegram_mock.js"


def ensure_puppeteer() -> None:
    if not (bench.WORK / "node_modules" / "puppeteer-core").exists():
        bench.run_step([str(bench.NPM), "install", "--prefix", str(bench.WORK), "puppeteer-core@24", "--no-audit",
                        "--no-fund"], cwd=bench.ROOT, env=bench.base_env(), timeout=bench.NPM_TIMEOUT,
                       log_file=bench.WORK / "logs" / "npm.log")
    FLOW.write_text((Path(__file__).parent / "lighthouse_demo_flow.mjs").read_text())


def telegram_config(user_id: int) -> str:
    user = json.dumps({"id": user_id, "first_name": "Bench", "language_code": "en"}, separators=(",", ":"))
    init_data = sign_init_data({"user": user, "auth_date": str(int(time.time())), "chat_type": "sender"},
                               bench.FAKE_BOT_TOKEN)
    return json.dumps({"initData": init_data, "version": "9.1", "platform": "ios", "fixedTheme": True,
                       "colorScheme": "light"})


def measure(url: str, report: Path, user_id: int) -> dict[str, float]:
    flags = json.dumps(bench.CHROME_FLAGS.split() if isinstance(bench.CHROME_FLAGS, str) else list(bench.CHROME_FLAGS))
    bench.run_step([str(bench.NODE), str(FLOW), url, str(report), str(MOCK), telegram_config(user_id), flags],
                   cwd=bench.WORK, env=bench.base_env(), timeout=bench.LIGHTHOUSE_TIMEOUT,
                   log_file=bench.WORK / "logs" / "lighthouse-demos.log")
    lhr = json.loads(report.read_text())
    audits = lhr["audits"]
    return {
        "score": lhr["categories"]["performance"]["score"],
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    (bench.WORK / "logs").mkdir(parents=True, exist_ok=True)  # a fresh clone has no bench/.work yet
    version = bench.ensure_lighthouse()
    ensure_puppeteer()
    port = bench.free_port()
    app_dir, env = bench.prepare_project_copy(port)
    server = bench.Server("tma_app-demos", app_dir, env, port=port)
    rows, ok = [], True
    try:
        server.start()
        reports = bench.WORK / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        for demo, path in DEMOS.items():
            runs = []
            for run in range(args.runs):
                server.check_alive()
                runs.append(measure(server.url.rstrip("/") + path, reports / f"demo-{demo}-{run}.json", 770000 + run))
                bench.log(f"{demo} run {run + 1}: score {runs[-1]['score']:.2f}, CLS {runs[-1]['cls']:.3f}")
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            passed = median["score"] >= 0.9 and median["cls"] <= 0.05
            ok &= passed
            rows.append((demo, path, median, passed))
    finally:
        server.stop()
    table = ["| Demo | First screen | Performance | FCP | LCP | CLS | TBT | Transfer | Target |",
             "|---|---|---|---|---|---|---|---|---|"]
    for demo, path, m, passed in rows:
        table.append(f"| {demo} | `{path}` | {m['score']:.2f} | {m['fcp_s']:.2f} s | {m['lcp_s']:.2f} s | "
                     f"{m['cls']:.3f} | {m['tbt_ms']:.0f} ms | {m['kib']:.0f} KiB | {'met' if passed else 'MISSED'} |")
    text = "\n".join(table)
    print(text)
    if not args.no_doc:
        update_section(SECTION_TITLE, f"""{SECTION_TITLE}

Command: `{COMMAND}` (reuses bench/lighthouse.py's build-and-serve; adds puppeteer-core to `bench/.work/`).

- Date: {time.strftime('%Y-%m-%d')}; Lighthouse {version}, mobile preset, median of {args.runs} runs per demo.
- Each screen is opened as Telegram opens it: the fake WebApp injected before any script, with initData
  signed for the benchmark's bot token, so the measured page is the demo itself, not the sign-in screen.
  `*telegram.org*` is blocked as in the home-page benchmark.
- Target per demo: performance >= 0.9 and CLS <= 0.05.

{text}
""")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
