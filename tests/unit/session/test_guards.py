"""The one-line guards on Reflex handlers, with the session stood in by plain objects."""

from types import SimpleNamespace

import pytest
import reflex as rx
from reflex.utils.format import format_event

from tma_app.security import rate_limit
from tma_app.session import guards
from tma_app.session.guards import rate_limited_event, requires_admin, requires_user

ADMIN = 8080


class FakeSession:
    def __init__(self, user_id):
        self._user_id = user_id
        self.notice = ""
        self.lang = "en"


class FakePageState:
    """Stands in for an rx.State subclass: guards reach the session through get_state."""

    def __init__(self, user_id=None):
        self.session = FakeSession(user_id)
        self.router = SimpleNamespace(session=SimpleNamespace(client_ip="198.51.100.7"),
                                      url=SimpleNamespace(path="/admin/audit"),
                                      headers=SimpleNamespace(user_agent="TelegramBot-like"))
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


@requires_admin
async def read_audit(self):
    self.done.append("audit")
    return "rows"


@requires_admin
async def watch_audit(self):
    self.done.append("watching")
    yield "update"


def redirects_home(answer) -> bool:
    return format_event(answer) == format_event(rx.redirect("/"))


@pytest.fixture
def audited(fresh_settings, monkeypatch):
    fresh_settings.setenv("ADMIN_TELEGRAM_IDS", str(ADMIN))
    entries = []
    monkeypatch.setattr(guards.audit, "record", lambda action, resource, **fields: entries.append(
        {"action": action, "resource": resource, **fields}))
    return entries


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


async def test_requires_admin_runs_the_handler_for_an_admin(audited):
    state = FakePageState(user_id=ADMIN)
    assert await read_audit(state) == "rows"
    assert [update async for update in watch_audit(state)] == ["update"]
    assert state.done == ["audit", "watching"] and audited == []


@pytest.mark.parametrize("user_id", [4242, None], ids=["not-an-admin", "not-signed-in"])
async def test_requires_admin_sends_anyone_else_home_and_audits_the_attempt(audited, user_id):
    state = FakePageState(user_id=user_id)
    refused = await read_audit(state)
    streamed = [update async for update in watch_audit(state)]
    assert state.done == []
    assert len(streamed) == 1 and all(redirects_home(answer) for answer in (refused, *streamed))
    assert [(e["action"], e["telegram_id"], e["resource_id"], e["ip_address"]) for e in audited] == [
        ("admin.denied", user_id, "/admin/audit", "198.51.100.7")] * 2


def test_guards_keep_the_handler_signature_for_reflex():
    import inspect

    assert list(inspect.signature(claim).parameters) == ["self", "task"]
    assert claim.__name__ == "claim"
