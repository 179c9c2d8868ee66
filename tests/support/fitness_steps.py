"""A user's steps through the fitness demo, shared by the browser tests that log sets."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.app_database import count, rows
from tests.support.fake_telegram import fire


def press_main_button(page, label: str) -> None:
    page.wait_for_function(
        "(label) => window.Telegram.WebApp.MainButton.isVisible && window.Telegram.WebApp.MainButton.text === label",
        arg=label,
    )
    fire(page, "mainButtonClicked")


def start_first_program(page) -> None:
    """From the programs list into a fresh workout of the first program (goblet squats first)."""
    expect(page.get_by_test_id("program-row").first).to_be_visible()
    page.get_by_test_id("program-row").first.click()
    expect(page.get_by_test_id("program-name")).to_have_text("Full body beginner")
    press_main_button(page, "Start workout")
    expect(page.get_by_test_id("exercise-name")).to_have_text("Goblet squat")
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.text === 'Log set'")


def workouts_of(database_url: str, user_id: int) -> list[tuple]:
    return rows(database_url, "SELECT id, status, total_sets, total_volume_g FROM fitness_workouts WHERE user_id = :u",
                u=user_id)


def sets_of(database_url: str, user_id: int) -> int:
    return count(database_url, "SELECT COUNT(*) FROM fitness_sets s JOIN fitness_workouts w ON w.id = s.workout_id "
                 "WHERE w.user_id = :u", u=user_id)
