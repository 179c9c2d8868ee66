"""The bot wired to the suite's SQLite database and a loopback fake Bot API, with no sending waits."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete

from tests.conftest import TEST_BOT_TOKEN
from tests.support.fake_bot_api import FakeBotApi
from tma_app.bot import inbox, notifications, send_limit, subscribers
from tma_app.core.db import session_scope
from tma_app.core.outbox import OutboxRow, consumers
from tma_app.core.outbox_worker import Drained, drain_batch
from tma_app.core.settings import get_settings

PUBLIC_URL = "https://tma.example.com"
SECRET = "s3cret-for-tests_only"


async def _no_wait(_seconds: float) -> None:
    pass


@pytest.fixture
def fake_bot(fresh_settings, monkeypatch) -> Iterator[FakeBotApi]:
    """A fake Bot API the app calls, PUBLIC_URL and the webhook secret set, sends never held back."""
    with FakeBotApi(token=TEST_BOT_TOKEN) as fake:
        fresh_settings.setenv("TELEGRAM_BOT_API_URL", fake.base_url)
        fresh_settings.setenv("PUBLIC_URL", PUBLIC_URL)
        fresh_settings.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
        get_settings.cache_clear()  # whatever read the settings before sees these
        limiter = send_limit.SendLimiter(send_limit.MemorySchedule(), sleep=_no_wait)
        monkeypatch.setattr(send_limit, "_limiters", {None: limiter})
        yield fake


@pytest.fixture
def wired(migrated_engine, fake_bot) -> Iterator[None]:
    """The bot's consumers and handlers registered, their queues empty."""
    unregister = subscribers.register()
    with session_scope() as session:
        session.execute(delete(OutboxRow).where(
            OutboxRow.consumer.in_([inbox.CONSUMER, notifications.CONSUMER])))  # type: ignore[attr-defined]
    yield
    unregister()


def drain_bot(consumer: str = inbox.CONSUMER, **kwargs) -> Drained:
    """Deliver what the bot's consumer has queued (and only that: the suite shares one database)."""
    total = Drained()
    while (batch := drain_batch(consumers()[consumer], **kwargs)).applied + batch.failed:
        total += batch
        if batch.applied == 0:
            break
    return total


@pytest.fixture
def user_id() -> int:
    return uuid.uuid4().int % 2**50 + 1
