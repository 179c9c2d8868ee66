"""The demos' first screens inside Telegram hold still while they load.

The demo_flow onboarding (a card or a tip above the screen) is known only once the server has
assigned the variant. Shown as it arrived, it pushed the whole screen down: Lighthouse measured
a layout shift of 0.05-0.2 on the restaurant menu. Every element that moves while the screen
loads is recorded by Chromium's layout-shift entries, with its rectangles before and after.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.fake_telegram import signed_in
from tma_app.experiments.assignment import choose_variant, user_unit
from tma_app.experiments.registry import REGISTRY

pytestmark = pytest.mark.e2e

FIRST_SCREENS = {
    "restaurant": ("/demos/restaurant", "dish-row"),
    "fitness": ("/demos/fitness", "program-row"),
    "ecommerce": ("/demos/ecommerce", "product-card"),
}
# Installed before any page script; buffered, so nothing from before it ran is missed.
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shifts.push({
      value: entry.value,
      sources: (entry.sources || []).map((s) => ({
        node: s.node && `${s.node.nodeName} ${s.node.getAttribute?.("data-testid") || ""}`
          + ` ${(s.node.textContent || "").slice(0, 40)}`,
        from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height],
        to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height],
      })),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""


def user_in(variant: str, start: int) -> int:
    """The first user id from `start` on whom demo_flow assigns `variant`."""
    experiment = REGISTRY.get("demo_flow")
    return next(u for u in range(start, start + 1000) if choose_variant(experiment, user_unit(u)) == variant)


@pytest.mark.parametrize("variant", ["standard", "simplified"])
@pytest.mark.parametrize("demo", sorted(FIRST_SCREENS))
def test_the_onboarding_arrives_with_the_screen_and_nothing_moves(open_app, demo, variant):
    path, content = FIRST_SCREENS[demo]
    user = user_in(variant, 7_300_000 + 10_000 * sorted(FIRST_SCREENS).index(demo))
    page = open_app(signed_in(user, first_name="Still"), path, init_script=RECORD_SHIFTS)

    expect(page.get_by_test_id(f"onboarding-{variant}")).to_be_visible()
    expect(page.get_by_test_id(content).first).to_be_visible()
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    shifts = page.evaluate("() => window.__shifts")
    assert shifts == [], f"{demo} moved while loading: {shifts}"
