"""Concurrent webhook requests are taken in together, each once, each answered after its commit."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlmodel import col, select

from tests.support.fake_bot_api import message_update, pre_checkout_update
from tma_app.bot import intake
from tma_app.bot.models import BotUpdate
from tma_app.core.db import session_scope
from tma_app.core.outbox import OutboxRow


def base_id() -> int:
    return uuid.uuid4().int % 2**40


async def test_a_burst_with_duplicates_claims_each_update_once(wired, user_id):
    base = base_id()
    updates = [message_update(base + i, user_id, f"m{i}") for i in range(30)]
    burst = updates + updates[:10] + [pre_checkout_update(base + 99, user_id)]
    results = await asyncio.gather(*(intake.take_in(update) for update in burst))
    assert sum(result.new for result in results) == 31
    assert [result.new for result in results[30:40]] == [False] * 10
    with session_scope() as session:
        claimed = session.exec(select(BotUpdate).where(col(BotUpdate.update_id).between(base, base + 99))).all()
        queued = session.exec(select(OutboxRow).where(
            col(OutboxRow.event_id).in_([f"tg:{base + i}" for i in range(100)]))).all()
    assert len(claimed) == 31
    assert len(queued) == 30, "the pre_checkout_query is answered in the request, not queued"


async def test_a_failed_batch_fails_each_of_its_requests(wired, monkeypatch, user_id):
    def down(_session, _updates):
        raise ConnectionError("database down")

    monkeypatch.setattr(intake, "take_in_many", down)
    base = base_id()
    results = await asyncio.gather(*(intake.take_in(message_update(base + i, user_id, "x")) for i in range(5)),
                                   return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in results)


def test_the_database_down_is_a_503_so_telegram_delivers_again(wired, api_client, monkeypatch, user_id):
    from tests.unit.bot.test_webhook import post

    def down(_session, _updates):
        raise ConnectionError("database down")

    monkeypatch.setattr(intake, "take_in_many", down)
    assert post(api_client, message_update(base_id(), user_id, "x")).status_code == 503


@pytest.fixture(autouse=True)
def _quiet_logs(caplog):
    caplog.set_level("CRITICAL", logger="tma_app.bot.webhook")


def test_claims_older_than_a_week_are_forgotten(wired, user_id):
    from datetime import timedelta

    from tma_app.bot.inbox import prune_claims
    from tma_app.core.time import utcnow

    old, recent = base_id(), base_id()
    with session_scope() as session:
        session.add(BotUpdate(update_id=old, kind="message", received_at=utcnow() - timedelta(days=8)))
        session.add(BotUpdate(update_id=recent, kind="message", received_at=utcnow() - timedelta(days=6)))
    with session_scope() as session:
        assert prune_claims(session) >= 1
        assert session.get(BotUpdate, old) is None and session.get(BotUpdate, recent) is not None
