"""Gamification in Chromium inside the fake Telegram: a completed demo on the profile, tasks, level-up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_restaurant import add_first_dish, sql, telegram
from tests.support.fake_telegram import fire

pytestmark = pytest.mark.e2e


def base_url(page) -> str:
    return page.url.split("/demos/")[0].split("/tasks")[0].split("/profile")[0].rstrip("/")


def place_restaurant_order(page) -> None:
    add_first_dish(page)
    page.goto(base_url(page) + "/demos/restaurant/cart")
    page.get_by_test_id("slot").first.click()
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()


def test_a_completed_demo_shows_on_the_profile_and_a_claim_levels_up(open_app, prod_database_url):
    page = open_app(telegram(880101), "/demos/restaurant")
    place_restaurant_order(page)
    page.goto(base_url(page) + "/profile")
    # 10 for opening the demo, 25 + 50 (first demo) for the order, 5 for day one of the streak.
    expect(page.get_by_test_id("profile-xp")).to_have_text("90", timeout=10_000)
    expect(page.get_by_test_id("profile-level")).to_have_text("1")
    expect(page.get_by_test_id("level-progress")).to_have_attribute("aria-valuenow", "90")
    expect(page.locator("[data-badge='first_demo']")).to_contain_text("First steps")
    expect(page.get_by_test_id("profile-streak")).to_contain_text("1")
    expect(page.get_by_test_id("referral-link")).to_contain_text("https://t.me/")

    page.goto(base_url(page) + "/tasks")
    task = page.locator("[data-task='complete_demo']")
    claim = task.get_by_test_id("claim-task")
    expect(claim).to_be_enabled(timeout=10_000)
    claim.click()
    expect(task.get_by_test_id("task-claimed")).to_be_visible()
    # 90 + 25 for the task: level 2, congratulated with a toast and a success haptic.
    expect(page.get_by_test_id("level-up")).to_contain_text("Level 2")
    page.wait_for_function(
        "() => window.__tgCalls.some(c => c.path === 'HapticFeedback.notificationOccurred' && c.args[0] === 'success')"
    )
    page.reload()
    expect(page.get_by_test_id("task")).to_have_count(3)
    expect(page.get_by_test_id("level-up")).to_have_count(0)  # congratulated once, not on every visit


def test_a_daily_task_tapped_twice_is_claimed_and_paid_once(open_app, prod_database_url):
    page = open_app(telegram(880102), "/demos/restaurant")
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    page.goto(base_url(page) + "/tasks")
    claim = page.locator("[data-task='open_demo']").get_by_test_id("claim-task")
    expect(claim).to_be_enabled(timeout=10_000)
    claim.dblclick()
    expect(page.locator("[data-task='open_demo']").get_by_test_id("task-claimed")).to_be_visible()
    page.wait_for_timeout(500)
    claims = sql(prod_database_url, "SELECT COUNT(*) FROM gamification_ledger WHERE user_id = :u AND rule_id = 'daily_task'",
                 u=880102)
    assert claims[0][0] == 1
    coins = sql(prod_database_url, "SELECT coins FROM gamification_profiles WHERE user_id = :u", u=880102)
    assert coins[0][0] == 5


def test_the_leaderboard_pins_the_users_own_rank(open_app):
    page = open_app(telegram(880101), "/leaderboard")
    expect(page.get_by_test_id("board-row").first).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("my-rank")).to_contain_text("#")
    page.get_by_test_id("board-weekly").click()
    expect(page.get_by_test_id("board-weekly")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("my-rank")).to_contain_text("XP")
