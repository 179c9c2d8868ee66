"""What a page's first Intl call costs, against the offsets the bridge reads instead (issue 17).

    .venv/bin/python bench/first_intl_call.py            # 15 fresh pages, rewrites its docs/perf.md section
    .venv/bin/python bench/first_intl_call.py --no-doc

Each round opens a fresh tab in Debian's Chromium (the e2e suite's binary and flags) and times, in
the page, the first `Intl.DateTimeFormat().resolvedOptions().timeZone` (what the first screens used to
send on mount) and, in another fresh tab, January's and July's `getTimezoneOffset()` (what the bridge
reads on every launch to tell whether the zone it kept still holds), then a second Intl call in the
first tab (ICU already started). A fresh tab is a new renderer, as a cold launch inside Telegram is.
Medians of --rounds, the ratio first Intl call / offsets. No CPU slowdown is applied: Lighthouse's
mobile profile multiplies whatever is measured here by 4.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from perf_doc import update_section  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the suite's Chromium and flags)

SECTION_TITLE = "## First Intl call vs the offsets the bridge reads"
FIRST_INTL = """() => {
  const t0 = performance.now();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const t1 = performance.now();
  Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [t1 - t0, performance.now() - t1, zone];
}"""
OFFSETS = """() => {
  const t0 = performance.now(), year = new Date().getFullYear();
  const offsets = new Date(year, 0, 1).getTimezoneOffset() + "," + new Date(year, 6, 1).getTimezoneOffset();
  return [performance.now() - t0, offsets];
}"""


def measure(rounds: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"first Intl call": [], "second Intl call": [], "offsets (Jan, Jul)": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                for script in (FIRST_INTL, OFFSETS):
                    page = browser.new_page()
                    page.set_content("<p>first screen</p>")
                    result = page.evaluate(script)
                    page.close()
                    if script is FIRST_INTL:
                        times["first Intl call"].append(result[0])
                        times["second Intl call"].append(result[1])
                    else:
                        times["offsets (Jan, Jul)"].append(result[0])
        finally:
            browser.close()
    return times


def table(times: dict[str, list[float]]) -> str:
    # performance.now() in a page is coarsened to 0.1 ms: the reference is at least that.
    reference = max(statistics.median(times["offsets (Jan, Jul)"]), 0.1)
    lines = ["| What the page does | Median | Min | Max | Ratio to the offsets |", "|---|---|---|---|---|"]
    for name, values in times.items():
        median = statistics.median(values)
        ratio = "reference" if name.startswith("offsets") else f"{median / reference:.0f}x or more"
        lines.append(f"| {name} | {median:.1f} ms | {min(values):.1f} ms | {max(values):.1f} ms | {ratio} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    times = measure(args.rounds)
    result = table(times)
    print(result)
    if not args.no_doc:
        update_section(SECTION_TITLE, f"""{SECTION_TITLE}

Command: `.venv/bin/python bench/first_intl_call.py` (about 20 s; {args.rounds} fresh tabs of each kind,
Debian's Chromium headless, no CPU slowdown). Date: {time.strftime('%Y-%m-%d')}.

{result}

`performance.now()` in a page is coarsened to 0.1 ms, so the ratios are against at most that.
The first Intl call of a page starts ICU; the first screens sent the zone read that way on mount, inside
the render that shows the content, and Lighthouse's 4x CPU slowdown made it 60-190 ms of one long task.
The bridge now reads it 5 s after `load` at an idle moment, once per device (kept with these
offsets), and screens send the kept zone (docs/telegram-bridge.md). Effect on Lighthouse CI's TBT:
section "First screen in the sign-in answer".
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
