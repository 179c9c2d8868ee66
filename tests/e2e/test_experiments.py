"""Experiments in Chromium inside the fake Telegram: each user sees their own variant, and keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.app_database import rows
from tests.support.fake_telegram import FakeTelegram, signed_in
from tests.support.restaurant_steps import place_order_of_first_dish
from tests.support.waiting import eventually
from tma_app.experiments.registry import REGISTRY

pytestmark = pytest.mark.e2e
VECTORS = json.loads((Path(__file__).resolve().parents[1] / "support" / "experiment_vectors.json").read_text())
CTA_TEXT = {
    "control": "Try the restaurant demo",
    "variant_a": "Order lunch in 3 taps",
    "variant_b": "See what your mini app could do",
}


def users_by_variant(experiment_id: str, exclude: tuple[int, ...] = ()) -> dict[str, int]:
    """The first user of the vectors' 100000.. range in each variant (ids no other e2e test uses)."""
    found: dict[str, int] = {}
    for vector in VECTORS["assignments"]:
        unit = vector["unit_id"]
        if vector["experiment"] == experiment_id and unit.isdigit() and 100_000 <= int(unit) < 200_000 \
                and int(unit) not in exclude:
            found.setdefault(vector["variant"], int(unit))
    return found


# Three disjoint groups of users, one test each.
CTA_USERS = users_by_variant("homepage_cta")
FLOW_USERS = users_by_variant("demo_flow", exclude=tuple(CTA_USERS.values()))
COMPLETING_USERS = users_by_variant("demo_flow", exclude=(*CTA_USERS.values(), *FLOW_USERS.values()))


def telegram(user_id: int) -> FakeTelegram:
    return signed_in(user_id, first_name="Ab")


def test_users_in_different_variants_see_different_calls_to_action_that_stay_on_reload(open_app, prod_database_url):
    users = CTA_USERS
    assert set(users) == set(CTA_TEXT)
    for variant, user in users.items():
        page = open_app(telegram(user))
        for _ in range(2):  # first load, then a reload: the stored variant comes back
            cta = page.get_by_test_id("home-cta")
            expect(cta).to_have_attribute("data-variant", variant)
            expect(cta).to_contain_text(CTA_TEXT[variant])
            for other in set(CTA_TEXT) - {variant}:
                expect(page.get_by_text(CTA_TEXT[other])).to_have_count(0)
            page.reload()
        expect(page.get_by_test_id("home-cta")).to_have_attribute("data-variant", variant)
        # The browser's own hash (the served asset, under the page's CSP) agrees with the server.
        page.add_script_tag(url="/experiments/assign.js")
        in_browser = page.evaluate(
            "([e, u]) => window.tmaExperiments.chooseVariant(e, window.tmaExperiments.userUnit(u))",
            [REGISTRY.get("homepage_cta").public(), user],
        )
        assert in_browser == variant
    # Only these users: other tests share the server and open the home page too.
    exposed = [row for row in rows(prod_database_url, "SELECT user_id, variant FROM experiment_exposures "
                                                      "WHERE experiment_id = 'homepage_cta'")
               if row[0] in set(users.values())]
    assert sorted(exposed) == sorted((user, variant) for variant, user in users.items()), "exposed once each"


def test_the_cta_converts_and_the_demo_onboarding_follows_demo_flow(open_app, prod_database_url):
    flow = FLOW_USERS
    assert set(flow) == {"standard", "simplified"}
    for variant, user in flow.items():
        page = open_app(telegram(user))
        page.get_by_test_id("home-cta").click()
        page.wait_for_url("**/demos/restaurant")
        shown = f"onboarding-{variant}"
        hidden = "onboarding-simplified" if variant == "standard" else "onboarding-standard"
        expect(page.get_by_test_id(shown)).to_be_visible()
        expect(page.get_by_test_id(hidden)).to_have_count(0)
        expect(page.get_by_test_id("dish-row").first).to_be_visible()
        page.get_by_test_id("onboarding-done").click()
        expect(page.get_by_test_id(shown)).to_have_count(0)
        page.reload()
        expect(page.get_by_test_id("dish-row").first).to_be_visible()
        expect(page.get_by_test_id(shown)).to_have_count(0)  # dismissed on this device
        converted = rows(prod_database_url, "SELECT experiment_id, goal FROM experiment_conversions WHERE user_id = :u",
                         u=user)
        assert converted == [("homepage_cta", "cta_click")]
        exposed = rows(prod_database_url, "SELECT variant FROM experiment_exposures "
                       "WHERE user_id = :u AND experiment_id = 'demo_flow'", u=user)
        assert exposed == [(variant,)]
    standard = open_app(telegram(flow["standard"]), "/demos/fitness")
    expect(standard.get_by_test_id("onboarding-standard")).to_contain_text("How this demo works")


def test_a_completed_demo_is_a_demo_flow_conversion_in_the_exposed_variant(open_app, prod_database_url):
    variant, user = next(iter(COMPLETING_USERS.items()))
    page = open_app(telegram(user), "/demos/restaurant")
    expect(page.get_by_test_id(f"onboarding-{variant}")).to_be_visible()
    place_order_of_first_dish(page)
    # The outbox worker applies demo_complete off the request path: wait for it, then check once.
    query = "SELECT experiment_id, goal, variant FROM experiment_conversions WHERE user_id = :u"
    converted = eventually(lambda: rows(prod_database_url, query, u=user), what="the demo_flow conversion")
    assert converted == [("demo_flow", "demo_complete", variant)]
