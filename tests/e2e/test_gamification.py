"""Gamification in Chromium inside the fake Telegram: a completed demo on the profile, tasks, level-up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.app_database import count
from tests.support.fake_telegram import haptic_played, signed_in
from tests.support.restaurant_steps import base_url, place_order_of_first_dish

pytestmark = pytest.mark.e2e


def test_a_completed_demo_shows_on_the_profile_and_a_claim_levels_up(open_app, prod_database_url):
    page = open_app(signed_in(880101), "/demos/restaurant")
    place_order_of_first_dish(page)
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
    haptic_played(page, "notificationOccurred", "success")
    page.reload()
    expect(page.get_by_test_id("task")).to_have_count(3)
    expect(page.get_by_test_id("level-up")).to_have_count(0)  # congratulated once, not on every visit


def test_a_daily_task_tapped_twice_is_claimed_and_paid_once(open_app, prod_database_url):
    page = open_app(signed_in(880102), "/demos/restaurant")
    expect(page.get_by_test_id("dish-row").first).to_be_visible()
    page.goto(base_url(page) + "/tasks")
    claim = page.locator("[data-task='open_demo']").get_by_test_id("claim-task")
    expect(claim).to_be_enabled(timeout=10_000)
    claim.dblclick()
    expect(page.locator("[data-task='open_demo']").get_by_test_id("task-claimed")).to_be_visible()
    # The reloaded screen's state comes after both taps' events (a tab's events are handled one at a
    # time, in order): once it shows the claim, the second tap has been handled too.
    page.reload()
    expect(page.locator("[data-task='open_demo']").get_by_test_id("task-claimed")).to_be_visible()
    assert count(prod_database_url, "SELECT COUNT(*) FROM gamification_ledger WHERE user_id = :u "
                 "AND rule_id = 'daily_task'", u=880102) == 1
    assert count(prod_database_url, "SELECT coins FROM gamification_profiles WHERE user_id = :u", u=880102) == 5


def test_the_leaderboard_pins_the_users_own_rank(open_app):
    page = open_app(signed_in(880101), "/leaderboard")
    expect(page.get_by_test_id("board-row").first).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("my-rank")).to_contain_text("#")
    page.get_by_test_id("board-weekly").click()
    expect(page.get_by_test_id("board-weekly")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_test_id("my-rank")).to_contain_text("XP")
