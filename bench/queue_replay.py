"""Replay of 200 queued actions after reconnect: time until the server has confirmed them all.

    .venv/bin/python bench/queue_replay.py [--actions 200] [--no-doc]

A prod build (bench/lighthouse.py's project copy and server) opened in Debian's Chromium inside
the fake Telegram. Each round uses a fresh user with a dish in the restaurant cart and a
workout started; its actions are half logged sets (each one counts) and half cart quantity
changes (absolute values), pushed through the page's queue exactly as the screens push them
(window.tmaQueue.push with the handlers' names and arguments).

- reference: the same actions pushed while online (the queue sends them as they come);
- replay: the network is cut (tests/support/network.py), the actions are pushed, and the
  clock starts when the network returns; it stops when the queue is empty (every action
  answered by the server).

Both are paced by the queue (GAP_MS between sends, so five events never fall within 100 ms
and the anomaly rule does not flag the user): the replay cannot beat GAP_MS x actions, and
the ratio shows what reconnecting costs on top. Afterwards the database must hold every set
once and the last quantity. Results go to docs/perf.md ("Offline queue replay").
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import lighthouse as bench  # noqa: E402  (bench/lighthouse.py)
from perf_doc import update_section  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty, fire  # noqa: E402
from tests.support.network import Network  # noqa: E402
from tests.support.telegram import signed_init_data  # noqa: E402
from tma_app.demos.fitness.workout_state import FitnessWorkoutState  # noqa: E402
from tma_app.demos.restaurant.cart_state import RestaurantCartState  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TITLE = "## Offline queue replay"
GAP_MS = 140  # frontend/workbox/src/queue.js


def _prepare_user(page, url: str, user_id: int) -> None:
    """A dish in the cart and a workout under way, through the screens."""
    page.goto(url + "/demos/restaurant", wait_until="domcontentloaded")
    expect(page.get_by_test_id("dish-row").first).to_be_visible(timeout=60_000)
    page.get_by_test_id("dish-row").first.click()
    expect(page.get_by_test_id("dish-name")).to_be_visible()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("Added to the cart")
    page.goto(url + "/demos/fitness", wait_until="domcontentloaded")
    page.get_by_test_id("program-row").first.click()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.text === 'Start workout'")
    fire(page, "mainButtonClicked")
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.text === 'Log set'")


def _ids(db: Path, user_id: int) -> tuple[int, int, str, int]:
    with sqlite3.connect(db) as connection:
        line = connection.execute("SELECT id FROM restaurant_cart_lines WHERE user_id = ?", (user_id,)).fetchone()[0]
        workout = connection.execute("SELECT id, program_id FROM fitness_workouts WHERE user_id = ? "
                                     "AND status = 'active'", (user_id,)).fetchone()
        exercise = connection.execute("SELECT slug, weighted FROM fitness_exercises WHERE program_id = ? "
                                      "ORDER BY sort_order LIMIT 1", (workout[1],)).fetchone()
    return line, workout[0], exercise[0], 10_000 if exercise[1] else 0


def _stored(db: Path, user_id: int) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        sets = connection.execute("SELECT COUNT(*) FROM fitness_sets s JOIN fitness_workouts w ON w.id = s.workout_id "
                                  "WHERE w.user_id = ?", (user_id,)).fetchone()[0]
        quantity = connection.execute("SELECT quantity FROM restaurant_cart_lines WHERE user_id = ?",
                                      (user_id,)).fetchone()[0]
    return sets, quantity


def _push_all(page, count: int, line: int, workout: int, exercise: str, weight: int) -> int:
    """Push `count` actions as the screens do; returns the cart quantity the last change sets."""
    cart = f"{RestaurantCartState.get_full_name()}.set_quantity"
    log_set = f"{FitnessWorkoutState.get_full_name()}.log_set"
    return page.evaluate(
        """([count, cart, logSet, line, workout, exercise, weight]) => {
            let last = 1;
            for (let i = 0; i < count; i++) {
                const stamp = Date.now() + i;
                if (i % 2 === 0) {
                    window.tmaQueue.push({name: logSet, kind: "add", target: "", payload: {
                        key: crypto.randomUUID().replace(/-/g, ""), stamp, workout_id: workout,
                        exercise, reps: 10, weight_g: weight}});
                } else {
                    last = 1 + ((i >> 1) % 9);
                    window.tmaQueue.push({name: cart, kind: "change", target: "restaurant:line:" + line,
                                          payload: {line_id: line, quantity: last, stamp}});
                }
            }
            return last;
        }""",
        [count, cart, log_set, line, workout, exercise, weight],
    )


def _drained(page, timeout_s: float) -> float:
    started = time.perf_counter()
    page.wait_for_function("() => window.tmaQueue.status().pending === 0", timeout=timeout_s * 1000, polling=50)
    return time.perf_counter() - started


def one_round(browser, url: str, db: Path, user_id: int, actions: int, offline: bool) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 390, "height": 760})
    try:
        answer_telegram_script_empty(context)
        init_data = signed_init_data({"id": user_id, "first_name": "Bench"}, token=bench.FAKE_BOT_TOKEN)
        FakeTelegram(init_data=init_data, version="9.1").install(context)
        network = Network(context)
        page = context.new_page()
        _prepare_user(page, url, user_id)
        line, workout, exercise, weight = _ids(db, user_id)
        if offline:
            network.cut()
            page.wait_for_function("() => window.tmaQueue.status().up === false")
        last = _push_all(page, actions, line, workout, exercise, weight)
        if offline:
            page.wait_for_function(f"() => window.tmaQueue.status().pending === {actions}")
            network.restore()
        seconds = _drained(page, timeout_s=actions * 2)
        sets, quantity = _stored(db, user_id)
        assert sets == (actions + 1) // 2, f"{sets} sets stored for {(actions + 1) // 2} logged"
        assert quantity == last, f"cart holds {quantity}, the last change set {last}"
        sent = len(network.calls("log_set")) + len(network.calls("set_quantity"))
        return {"seconds": seconds, "sent": sent}
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    (bench.WORK / "logs").mkdir(parents=True, exist_ok=True)
    port = bench.free_port()
    app_dir, env = bench.prepare_project_copy(port)
    server = bench.Server("tma_app-queue", app_dir, env, port=port)
    results: dict[str, list[dict[str, float]]] = {"reference": [], "replay": []}
    try:
        server.start()
        url = server.url.rstrip("/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            user = 990_000
            for _ in range(args.rounds):  # alternating, so drift on a shared machine hits both alike
                for kind in ("reference", "replay"):
                    user += 1
                    server.check_alive()
                    result = one_round(browser, url, app_dir / "bench.db", user, args.actions, kind == "replay")
                    results[kind].append(result)
                    bench.log(f"{kind}: {args.actions} actions confirmed in {result['seconds']:.2f} s "
                              f"({result['sent']:.0f} sent)")
            browser.close()
    finally:
        server.stop()
    section = render(results, args.actions, args.rounds)
    print(section)
    if not args.no_doc:
        update_section(TITLE, section)
    return 0


def render(results: dict[str, list[dict[str, float]]], actions: int, rounds: int) -> str:
    reference = statistics.median(r["seconds"] for r in results["reference"])
    replay = statistics.median(r["seconds"] for r in results["replay"])
    floor = actions * GAP_MS / 1000
    rows = [
        f"| reference: pushed while online | {reference:.2f} | {actions / reference:.1f} | 1.00x |",
        f"| replay after reconnect | {replay:.2f} | {actions / replay:.1f} | {replay / reference:.2f}x |",
    ]
    sent = max(r["sent"] for r in results["replay"])
    sets = (actions + 1) // 2
    return "\n".join([
        TITLE,
        "",
        f"Command: `.venv/bin/python bench/queue_replay.py` ({dt.date.today()}, CPython "
        f"{sys.version.split()[0]}, 2 CPUs shared, SQLite, one prod backend, Debian Chromium).",
        "",
        f"{actions} actions per round (half logged sets, half cart quantity changes), pushed through the page's "
        f"queue as the screens push them; medians of {rounds} alternating rounds, each with a fresh user. "
        "Time from the network's return (replay) or the first push (reference) until every action was "
        "answered by the server. Every round checked the database: each set stored once, the cart at the "
        "last value.",
        "",
        "| Run | Seconds | Actions/s | vs reference |",
        "|---|---:|---:|---:|",
        *rows,
        "",
        f"The queue paces its sends {GAP_MS} ms apart (the anomaly rule flags five events less than 100 ms "
        f"apart): {actions} sends would need at least {floor:.1f} s. A quantity change never sent, with a later "
        f"change of the same line queued behind it, is not sent (its value would be overwritten at once): the "
        f"{sets} sets are each sent, the {actions - sets} changes of one line end as one; at most {sent:.0f} "
        f"sends in a replay round.",
    ])


if __name__ == "__main__":
    sys.exit(main())
