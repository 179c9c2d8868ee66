"""Today's tasks as the screen shows them: titles in the user's language, progress and reward."""

from __future__ import annotations

import pytest

from tma_app.gamification.tasks.presenter import claimable, reward_label, task_rows
from tma_app.gamification.tasks.service import TaskView


def test_rows_carry_the_title_in_the_users_language_the_progress_and_the_reward():
    views = [TaskView("open_demo", "task_open_demo", 1, 1, True, False, 10, 5),
             TaskView("complete_demo", "task_complete_demo", 4, 1, False, False, 25, 0)]
    rows = task_rows(views, "ru")
    assert [(r.id, r.title, r.percent, r.reward) for r in rows] == [
        ("open_demo", "Откройте демо", 100, "+10 XP · +5 🪙"), ("complete_demo", "Пройдите демо", 25, "+25 XP")]


@pytest.mark.parametrize(("xp", "coins", "label"), [(10, 5, "+10 XP · +5 🪙"), (0, 5, "+5 🪙"), (10, 0, "+10 XP")])
def test_reward_label(xp, coins, label):
    assert reward_label(xp, coins) == label


def test_only_a_done_unclaimed_task_on_the_screen_can_be_claimed():
    rows = task_rows([TaskView("a", "task_open_demo", 1, 1, True, False, 10, 0),
                      TaskView("b", "task_open_demo", 1, 1, True, True, 10, 0),
                      TaskView("c", "task_open_demo", 1, 0, False, False, 10, 0)], "en")
    assert [claimable(rows, task_id) for task_id in ("a", "b", "c", "missing")] == [True, False, False, False]
