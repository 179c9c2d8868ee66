"""The one-line guards on Reflex handlers, with the session stood in by plain objects."""

from types import SimpleNamespace

import pytest

from tma_app.security import rate_limit
from tma_app.session.guards import rate_limited_event, requires_user


class FakeSession:
    def __init__(self, user_id):
        self._user_id = user_id
        self.notice = ""
        self.lang = "en"


class FakePageState:
    """Stands in for an rx.State subclass: guards reach the session through get_state."""

    def __init__(self, user_id=None):
        self.session = FakeSession(user_id)
        self.router = SimpleNamespace(session=SimpleNamespace(client_ip="198.51.100.7"))
        self.done = []

    async def get_state(self, _cls):
        return self.session


@pytest.fixture(autouse=True)
def memory_limiter():
    rate_limit.reset_rate_limiter()
    yield
    rate_limit.reset_rate_limiter()


@requires_user
async def claim(self, task: str):
    self.done.append(task)
    return "claimed"


@rate_limited_event(rate_limit.Tier("guard-test", 2, 60_000, fail_open=True))
def tap(self):
    self.done.append("tap")


async def test_requires_user_does_nothing_without_a_verified_user():
    state = FakePageState(user_id=None)
    assert await claim(state, "daily") is None
    assert state.done == [] and "Open the app from Telegram" in state.session.notice


async def test_requires_user_runs_the_handler_for_a_verified_user():
    state = FakePageState(user_id=42)
    assert await claim(state, "daily") == "claimed"
    assert state.done == ["daily"] and state.session.notice == ""


async def test_rate_limited_handler_is_refused_with_a_message_past_the_limit():
    import asyncio

    state = FakePageState(user_id=43)
    for _ in range(3):
        await tap(state)
        await asyncio.sleep(0.11)
    assert state.done == ["tap", "tap"]
    assert "Too many actions" in state.session.notice


def test_guards_keep_the_handler_signature_for_reflex():
    import inspect

    assert list(inspect.signature(claim).parameters) == ["self", "task"]
    assert claim.__name__ == "claim"
