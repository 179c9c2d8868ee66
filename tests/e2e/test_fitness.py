"""The fitness demo in Chromium inside the fake Telegram: a workout from start to chart, double
taps, an optimistic set rolled back, the streak."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.support.app_database import execute
from tests.support.fake_telegram import fire, haptic_played, signed_in
from tests.support.fitness_steps import press_main_button, sets_of, start_first_program, workouts_of
from tests.support.reflex_socket import EventSocket
from tma_app.core.db import make_engine, session_scope
from tma_app.demos.fitness.sets import log_set
from tma_app.demos.fitness.workouts import finish_workout, start_workout

pytestmark = pytest.mark.e2e
SETTLED_SET = "[data-testid=set-row][data-pending=false]"
PENDING_SET = "[data-testid=set-row][data-pending=true]"


def test_a_finished_workout_shows_on_the_chart_in_history_and_as_a_streak(open_app, prod_database_url):
    page = open_app(signed_in(890001), "/demos/fitness")
    start_first_program(page)
    expect(page.get_by_test_id("no-sets")).to_be_visible()
    assert page.evaluate("() => window.Telegram.WebApp.isVerticalSwipesEnabled") is False
    for _ in range(4):
        page.get_by_test_id("weight-plus").click()
    expect(page.get_by_test_id("weight")).to_have_text("2")
    page.wait_for_function("() => window.__tgCalls.some(c => c.path === 'HapticFeedback.selectionChanged')")
    press_main_button(page, "Log set")
    expect(page.locator(SETTLED_SET)).to_have_count(1)
    expect(page.locator(SETTLED_SET)).to_contain_text("10 × 2 kg")
    expect(page.get_by_test_id("rest")).to_be_visible()
    expect(page.get_by_test_id("next-set")).to_have_text("Set 2 of 3")

    fire(page, "secondaryButtonClicked")
    expect(page.get_by_test_id("workout-done")).to_have_text("Workout complete!")
    expect(page.get_by_test_id("total-sets")).to_have_text("1")
    expect(page.get_by_test_id("total-volume")).to_have_text("20\u00a0kg")
    haptic_played(page, "notificationOccurred", "success")
    assert workouts_of(prod_database_url, 890001)[0][1:] == ("finished", 1, 20_000)

    press_main_button(page, "See progress")
    expect(page.get_by_test_id("streak")).to_have_text("1 day in a row")
    expect(page.get_by_test_id("history-row")).to_have_count(1)
    expect(page.get_by_test_id("history-row")).to_contain_text("Full body beginner")
    bars = page.get_by_test_id("chart-bar")
    expect(bars).to_have_count(30)
    today = page.locator("[data-testid=chart-bar][data-today=true]")
    assert float(today.get_attribute("height")) > 0, "today's bar shows the workout"
    assert today.bounding_box()["height"] > 0
    assert float(bars.first.get_attribute("height")) == 0, "a day without a workout has no bar"
    expect(page.get_by_test_id("chart-summary")).to_contain_text("20\u00a0kg over 1 day")


def test_double_tap_on_log_set_logs_one_set(open_app, prod_database_url):
    page = open_app(signed_in(890002), "/demos/fitness")
    socket = EventSocket(page)
    page.reload()  # the page's socket is opened again, now through the test
    start_first_program(page)
    with socket.holding("log_set"):  # both taps happen before the server answers the first
        fire(page, "mainButtonClicked")
        fire(page, "mainButtonClicked")
    expect(page.locator(SETTLED_SET)).to_have_count(1)
    # A tab's events are handled one at a time, in order: once a later tap is answered, both taps are handled.
    page.get_by_test_id("weight-plus").click()
    expect(page.get_by_test_id("weight")).to_have_text("0.5")
    expect(page.locator("[data-testid=set-row]")).to_have_count(1)
    assert sets_of(prod_database_url, 890002) == 1


def test_an_optimistic_set_rolls_back_when_the_server_refuses(open_app, prod_database_url):
    page = open_app(signed_in(890003), "/demos/fitness")
    start_first_program(page)
    press_main_button(page, "Log set")
    expect(page.locator(SETTLED_SET)).to_have_count(1)
    # The workout disappears behind the page's back: the next set must be refused and undone.
    execute(prod_database_url, "DELETE FROM fitness_sets WHERE workout_id IN "
        "(SELECT id FROM fitness_workouts WHERE user_id = :u)", u=890003)
    execute(prod_database_url, "DELETE FROM fitness_workouts WHERE user_id = :u", u=890003)
    page.evaluate("""() => {
        window.__sawPendingSet = false;
        new MutationObserver(() => {
            if (document.querySelector('[data-testid=set-row][data-pending=true]')) window.__sawPendingSet = true;
        }).observe(document.body, {subtree: true, childList: true, attributes: true});
    }""")
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("no longer under way")
    haptic_played(page, "notificationOccurred", "error")
    assert page.evaluate("() => window.__sawPendingSet"), "the set showed at once, before the server answered"
    expect(page.locator(PENDING_SET)).to_have_count(0)
    expect(page.locator("[data-testid=set-row]")).to_have_count(1)
    assert sets_of(prod_database_url, 890003) == 0


def test_finishing_without_sets_is_refused_with_a_message(open_app, prod_database_url):
    page = open_app(signed_in(890004), "/demos/fitness")
    start_first_program(page)
    fire(page, "secondaryButtonClicked")
    expect(page.get_by_test_id("notice")).to_contain_text("Log at least one set")
    haptic_played(page, "notificationOccurred", "error")
    assert workouts_of(prod_database_url, 890004)[0][1] == "active"
    page.goto(page.url.split("/demos/")[0] + "/demos/fitness")
    expect(page.get_by_test_id("continue-workout")).to_contain_text("Full body beginner")


def test_the_streak_counts_days_in_a_row(open_app, prod_database_url):
    user_id = 890005
    engine = make_engine(prod_database_url)  # the app's own settings: writers wait their turn
    now = datetime.now(UTC)
    for days_ago in (1, 2, 3):
        finished_at = now - timedelta(days=days_ago)
        with session_scope(engine) as session:
            started = start_workout(session, user_id, "core-mobility", uuid.uuid4().hex,
                                    finished_at - timedelta(minutes=15), language="en")
            log_set(session, user_id, started.workout.id, "cat-cow", 10, None, uuid.uuid4().hex,
                    language="en", now=finished_at - timedelta(minutes=10))
            finish_workout(session, user_id, started.workout.id, uuid.uuid4().hex, finished_at,
                           language="en")
    engine.dispose()
    page = open_app(signed_in(user_id), "/demos/fitness/history")
    expect(page.get_by_test_id("streak")).to_have_text("3 days in a row")
    expect(page.get_by_test_id("history-row")).to_have_count(3)
    # Bodyweight sets have no volume, but a day with a workout still gets a bar.
    heights = [float(h) for h in page.locator("[data-testid=chart-bar]").evaluate_all(
        "bars => bars.map(b => b.getAttribute('height'))")]
    assert sum(1 for h in heights if h > 0) == 3
