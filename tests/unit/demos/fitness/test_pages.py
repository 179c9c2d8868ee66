"""Every fitness screen starts the demo visit, so a link to an inner screen still counts as a start."""

import pytest

from tma_app.demos.fitness import pages
from tma_app.ui import shell


@pytest.fixture(autouse=True)
def bare_shell(monkeypatch):
    # The pages are rendered here without the assembly: a shell with no contributions frames them.
    monkeypatch.setattr(shell, "_contributions", shell.ShellContributions())


@pytest.mark.parametrize("page", [pages.programs_page, pages.program_page, pages.workout_page, pages.history_page])
def test_every_fitness_screen_enters_the_fitness_visit_once(page):
    effects = [hook for hook in page()._get_all_hooks() if "demo_visit_state.enter" in hook]
    assert len(effects) == 1 and '"fitness"' in effects[0]
