"""A demo visit starts once per demo per tab, on whichever screen loads first, and only for a verified user."""

import pytest

from tma_app.core.events import subscribe
from tma_app.demos.visit import DemoVisitState


class FakeSession:
    notice = ""
    lang = "en"

    def __init__(self, user_id):
        self._user_id = user_id

    @property
    def user_id(self):
        return self._user_id


def tab(user_id=5150):
    """One browser tab's visit state, its session stood in by a plain object."""
    state = DemoVisitState(_reflex_internal_init=True)
    session = FakeSession(user_id)

    async def get_state(_cls):
        return session

    object.__setattr__(state, "get_state", get_state)
    return state


@pytest.fixture
def starts():
    seen = []
    unsubscribe = subscribe("demo_start", seen.append)
    yield seen
    unsubscribe()


async def enter(state, demo_id):
    await DemoVisitState.enter.fn(state, demo_id)


async def test_the_first_screen_of_each_demo_starts_its_visit_once_per_tab(starts):
    first, second = tab(), tab()
    for demo_id in ("restaurant", "restaurant", "ecommerce", "restaurant"):
        await enter(first, demo_id)
    await enter(second, "restaurant")
    assert [(e.user_id, e.data["demo_id"]) for e in starts] == [(5150, "restaurant"), (5150, "ecommerce"),
                                                        (5150, "restaurant")]


async def test_an_unknown_demo_or_an_unverified_user_starts_nothing(starts):
    await enter(tab(), "casino")
    await enter(tab(user_id=None), "fitness")
    assert starts == []
