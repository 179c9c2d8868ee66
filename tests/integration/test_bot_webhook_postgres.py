"""The webhook on real PostgreSQL: 1,000 updates, 10% redelivered, shuffled and concurrent, each applied once."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import col, select

from tests.conftest import TEST_BOT_TOKEN
from tests.support.database import upgrade
from tests.support.fake_bot_api import FakeBotApi, message_update, successful_payment_update
from tma_app.bot import inbox
from tma_app.bot.models import BotUpdate
from tma_app.bot.updates import off_update, on_update
from tma_app.core.db import session_scope
from tma_app.core.outbox import consumers
from tma_app.core.outbox_worker import drain_batch
from tma_app.core.settings import get_settings, load_settings
from tma_app.security import audit

pytestmark = pytest.mark.integration

SECRET = "integration-secret"
UPDATES = 1_000
REDELIVERED = 100
CONCURRENCY = 50


@pytest.fixture
def webhook_app(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    with FakeBotApi(token=TEST_BOT_TOKEN) as fake:
        app_on_services.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
        app_on_services.setenv("TELEGRAM_BOT_API_URL", fake.base_url)
        get_settings.cache_clear()
        from tma_app.tma_app import api_app  # the whole app, its middleware included

        unregister = inbox.register()
        yield api_app(load_settings(_env_file=None))
        unregister()


async def test_a_thousand_updates_redelivered_and_shuffled_are_each_applied_once(webhook_app):
    base = uuid.uuid4().int % 2**40
    users = [uuid.uuid4().int % 2**50 + 1 for _ in range(50)]
    updates = [
        successful_payment_update(base + i, users[i % 50], charge_id=f"ch-{base + i}") if i % 10 == 0
        else message_update(base + i, users[i % 50], f"text {i}")
        for i in range(UPDATES)
    ]
    deliveries = updates + random.sample(updates, REDELIVERED)
    random.shuffle(deliveries)
    applied: Counter[int] = Counter()

    async def count(message: dict) -> None:
        applied[message["message_id"]] += 1  # message_update uses the update_id as the message id

    on_update("message", count)
    on_update("successful_payment", count)
    try:
        gate = asyncio.Semaphore(CONCURRENCY)
        transport = httpx.ASGITransport(app=webhook_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:

            async def deliver(update: dict) -> int:
                async with gate:
                    response = await FakeBotApi.post_update_async(client, "/api/telegram/webhook", update, SECRET)
                    return response.status_code

            statuses = await asyncio.gather(*(deliver(update) for update in deliveries))
        assert Counter(statuses) == {200: UPDATES + REDELIVERED}
        with session_scope() as session:
            claimed = session.exec(select(func.count()).select_from(BotUpdate).where(
                col(BotUpdate.update_id).between(base, base + UPDATES - 1))).one()
        assert claimed == UPDATES

        consumer = consumers()[inbox.CONSUMER]
        while (await asyncio.to_thread(drain_batch, consumer)).applied:
            pass
        assert applied == Counter({base + i: 1 for i in range(UPDATES)})
        # Telegram delivers them all again (a webhook reset): nothing is applied twice.
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await asyncio.gather(*(deliver(update) for update in random.sample(updates, 200)))
        while (await asyncio.to_thread(drain_batch, consumer)).applied:
            pass
        assert max(applied.values()) == 1 and len(applied) == UPDATES
    finally:
        off_update("message", count)
        off_update("successful_payment", count)


async def test_wrong_secret_is_refused_on_the_real_app(webhook_app):
    transport = httpx.ASGITransport(app=webhook_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        update = message_update(uuid.uuid4().int % 2**40, 7, "x")
        assert (await FakeBotApi.post_update_async(client, "/api/telegram/webhook", update)).status_code == 401
        assert (await FakeBotApi.post_update_async(client, "/api/telegram/webhook", update, "nope")).status_code == 401
    assert audit.flush(10), "the refusals are audited (in this run's database, before it is dropped)"


def test_old_claims_are_pruned_on_postgresql(webhook_app):
    from datetime import timedelta

    from tma_app.bot.inbox import prune_claims
    from tma_app.core.time import utcnow

    old, recent = (uuid.uuid4().int % 2**40 for _ in range(2))
    with session_scope() as session:
        session.add(BotUpdate(update_id=old, kind="message", received_at=utcnow() - timedelta(days=8)))
        session.add(BotUpdate(update_id=recent, kind="message", received_at=utcnow()))
    with session_scope() as session:
        assert prune_claims(session) >= 1
        assert session.get(BotUpdate, old) is None and session.get(BotUpdate, recent) is not None
