"""A repeat launch with a warm service worker cache against one without a service worker, side by
side in one run, on a throttled network.

Run from the repository root:

    .venv/bin/python bench/sw_repeat_launch.py [--rounds 7] [--rtt-ms 150] [--down-kbps 1600] [--up-kbps 750]

1. The working tree's app (the e2e suite's APP_FILES) is copied under bench/.work/sw_repeat_launch/
   and started as the e2e suite starts it: migrations, seed, `reflex run --env prod --single-port`.
2. The browser reaches it only through a loopback forwarder that adds the round-trip time and
   shares one downlink and one uplink between all connections (Lighthouse's mobile profile by
   default: 150 ms, 1.6 Mbit/s down, 750 kbit/s up). Chromium's own throttling
   (`Network.emulateNetworkConditions`) applies per DevTools target and does not reach a service
   worker's fetches, which would favour the worker; the forwarder throttles everything alike.
3. Two browser contexts (two "phones") inside the fake Telegram, both with the HTTP cache on (no
   Playwright routes, which turn it off): "no SW" blocks service workers, so its repeat launches
   get what iOS gets, Vite's immutable chunks from the HTTP cache and the page revalidated; "warm SW"
   registers the worker and waits for its precache. One online launch in each warms it.
4. Then `--rounds` repeat launches in each, alternating: a new page (the previous one closed), and
   from the navigation's start: first paint and first contentful paint (the Paint Timing entries),
   the load event, and the greeting (the signed-in home screen, which needs the websocket).
   Medians, and the ratio warm SW / no SW (below 1: the worker is faster).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402  (sets the suite's test environment on import)
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _server_env,
    copy_app,
    start_prod_server,
)
from tests.support.fake_telegram import signed_in  # noqa: E402
from tests.support.loopback_link import LoopbackLink  # noqa: E402

WORK = ROOT / "bench" / ".work" / "sw_repeat_launch"
USER_ID, FIRST_NAME = 525252, "Bench"
PAGE_TIMEOUT_MS = 60_000
METRICS = ("first-paint", "first-contentful-paint", "load", "greeting")


def log(message: str) -> None:
    print(f"[sw_repeat_launch {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def launch(context, url: str) -> dict[str, float]:
    for page in context.pages:
        page.close()
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(url, wait_until="load")
    page.get_by_test_id("greeting").filter(has_text=FIRST_NAME).wait_for()
    greeting_ms = page.evaluate("() => performance.now()")
    page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
    timing = page.evaluate("""() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
      return {'first-paint': paint['first-paint'], 'first-contentful-paint': paint['first-contentful-paint'],
              load: nav.loadEventStart, served_by_worker: nav.workerStart > 0};
    }""")
    timing["greeting"] = greeting_ms
    return timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--rtt-ms", type=float, default=150)
    parser.add_argument("--down-kbps", type=float, default=1600)
    parser.add_argument("--up-kbps", type=float, default=750)
    parser.add_argument("--keep", action="store_true", help="leave bench/.work/sw_repeat_launch/ behind")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    shutil.rmtree(WORK, ignore_errors=True)
    app_dir = copy_app(WORK / "app")
    server_port, public_port = _free_port(), _free_port()
    env = _server_env(f"sqlite:///{WORK / 'bench.db'}", public_port)
    log("building and starting the prod server (a few minutes)")
    process = start_prod_server(app_dir, env, server_port, WORK / "server.log")
    link = LoopbackLink(public_port, server_port, rtt_ms=args.rtt_ms, down_kbps=args.down_kbps,
                        up_kbps=args.up_kbps)
    link.up()
    url = f"http://127.0.0.1:{public_port}/"
    results: dict[str, list[dict[str, float]]] = {"no SW": [], "warm SW": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            contexts = {}
            for name, workers in (("no SW", "block"), ("warm SW", "allow")):
                context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US",
                                              service_workers=workers)
                signed_in(USER_ID, first_name=FIRST_NAME).install(context)
                contexts[name] = context
                log(f"{name}: first launch (warms the caches)")
                launch(context, url)
                if workers == "allow":
                    page = context.pages[0]
                    page.wait_for_function(
                        "() => navigator.serviceWorker.controller !== null", timeout=PAGE_TIMEOUT_MS)
                    page.evaluate("() => navigator.serviceWorker.ready")
                    page.wait_for_function("""async () => (await caches.keys())
                        .some(n => n.startsWith('tma-precache-'))""", timeout=PAGE_TIMEOUT_MS)
            for round_number in range(1, args.rounds + 1):
                for name in (("no SW", "warm SW") if round_number % 2 else ("warm SW", "no SW")):
                    timing = launch(contexts[name], url)
                    expected = name == "warm SW"
                    if bool(timing.pop("served_by_worker")) != expected:
                        raise RuntimeError(f"{name}: the page was {'not ' if expected else ''}served by the worker")
                    results[name].append(timing)
                log(f"round {round_number}/{args.rounds}: "
                    + ", ".join(f"{n} FCP {results[n][-1]['first-contentful-paint']:.0f} ms" for n in results))
            browser.close()
    finally:
        link.down()
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
        if not args.keep:
            shutil.rmtree(WORK, ignore_errors=True)

    print(f"Repeat launch, {args.rounds} rounds each, RTT {args.rtt_ms:g} ms, "
          f"{args.down_kbps:g}/{args.up_kbps:g} kbit/s down/up (medians, ms from navigation start)")
    print()
    print("| Metric | No service worker (HTTP cache) | Warm service worker | Ratio SW / no SW |")
    print("|---|---:|---:|---:|")
    for metric in METRICS:
        without = statistics.median(t[metric] for t in results["no SW"])
        warm = statistics.median(t[metric] for t in results["warm SW"])
        print(f"| {metric} | {without:.0f} | {warm:.0f} | {warm / without:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
