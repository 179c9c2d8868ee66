"""POST /api/telegram/webhook: the secret, exactly once per update_id, malformed updates acknowledged."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tests.support.fake_bot_api import (
    WEBHOOK_SECRET_HEADER,
    message_update,
    pre_checkout_update,
    successful_payment_update,
)
from tests.unit.bot.conftest import SECRET, drain_bot
from tma_app.bot import inbox
from tma_app.bot.api import get_bot_api
from tma_app.bot.models import BotUpdate
from tma_app.bot.updates import handlers, off_update, on_update
from tma_app.core.db import session_scope
from tma_app.core.outbox import OutboxRow
from tma_app.core.settings import get_settings
from tma_app.security import audit
from tma_app.security.models import AuditLog

URL = "/api/telegram/webhook"


@pytest.fixture
def client(wired, api_client):
    return api_client


@pytest.fixture
def heard():
    """Every message and successful_payment the handlers get, by kind."""
    got: list[tuple[str, dict]] = []

    async def on_message(message: dict) -> None:
        got.append(("message", message))

    async def on_payment(message: dict) -> None:
        got.append(("successful_payment", message))

    on_update("message", on_message)
    on_update("successful_payment", on_payment)
    yield got
    off_update("message", on_message)
    off_update("successful_payment", on_payment)


def post(client, update, secret: str | None = SECRET):
    headers = {WEBHOOK_SECRET_HEADER: secret} if secret is not None else {}
    return client.post(URL, json=update, headers=headers) if not isinstance(update, bytes) else client.post(
        URL, content=update, headers={**headers, "Content-Type": "application/json"})


def next_update_id() -> int:
    import uuid
    return uuid.uuid4().int % 2**40


def claims(*update_ids: int) -> int:
    with session_scope() as session:
        return len(session.exec(select(BotUpdate).where(col(BotUpdate.update_id).in_(update_ids))).all())


def queued(update_id: int) -> int:
    with session_scope() as session:
        return len(session.exec(select(OutboxRow).where(OutboxRow.event_id == f"tg:{update_id}")).all())


@pytest.mark.parametrize("secret", [None, "wrong", SECRET + "x", ""])
def test_without_the_right_secret_it_is_401_and_audited(client, user_id, secret):
    update_id = next_update_id()
    response = post(client, message_update(update_id, user_id, "/help"), secret=secret)
    assert response.status_code == 401
    assert claims(update_id) == 0
    audit.flush()
    with session_scope() as session:
        last = session.exec(select(AuditLog).order_by(col(AuditLog.id).desc())).first()
    assert last is not None and last.action == "bot.webhook_refused"
    assert last.details["reason"] == ("missing" if secret is None else "wrong")


def test_without_a_configured_secret_every_call_is_refused(client, fresh_settings, user_id):
    fresh_settings.setenv("TELEGRAM_WEBHOOK_SECRET", "")
    get_settings.cache_clear()
    assert post(client, message_update(next_update_id(), user_id, "/help")).status_code == 401


def test_an_update_is_taken_in_once_however_often_it_is_delivered(client, heard, user_id):
    update_id = next_update_id()
    update = message_update(update_id, user_id, "hello")
    assert [post(client, update).status_code for _ in range(3)] == [200, 200, 200]
    assert claims(update_id) == 1 and queued(update_id) == 1
    assert drain_bot().applied == 1
    assert post(client, update).status_code == 200  # redelivered after it was handled
    drain_bot()
    assert [(kind, message["text"]) for kind, message in heard] == [("message", "hello")]


def test_a_payment_goes_to_the_payment_handlers_only(client, heard, user_id):
    post(client, successful_payment_update(next_update_id(), user_id, charge_id="ch-9"))
    drain_bot()
    assert [(kind, m["successful_payment"]["telegram_payment_charge_id"]) for kind, m in heard] == [
        ("successful_payment", "ch-9")]


@pytest.mark.parametrize("body", [
    b"not json", b"[1, 2]", b'{"message": {}}', b'{"update_id": "7"}', b'{"update_id": true}',
    b'{"update_id": -1}', b"\xff\xfe", b'{"update_id": 1' + b" " * 1_000_001 + b"}",
])
def test_a_malformed_update_is_acknowledged_and_dropped(client, heard, body):
    assert post(client, body).status_code == 200
    drain_bot()
    assert heard == []


def test_an_update_of_a_kind_the_bot_does_not_handle_is_claimed_not_queued(client, user_id):
    update_id = next_update_id()
    update = {"update_id": update_id, "edited_message": message_update(update_id, user_id, "x")["message"]}
    assert post(client, update).status_code == 200
    assert claims(update_id) == 1 and queued(update_id) == 0


def test_a_handler_that_fails_is_retried_and_the_others_still_run(client, heard, user_id):
    attempts = []

    async def flaky(message: dict) -> None:
        attempts.append(message["message_id"])
        if len(attempts) == 1:
            raise RuntimeError("first time fails")

    on_update("message", flaky)
    try:
        update_id = next_update_id()
        post(client, message_update(update_id, user_id, "hi"))
        assert drain_bot().failed == 1
        assert queued(update_id) == 1, "kept for a retry"
        with session_scope() as session:
            row = session.exec(select(OutboxRow).where(OutboxRow.event_id == f"tg:{update_id}")).one()
        drain_bot(now=row.available_at)
        assert queued(update_id) == 0 and len(attempts) == 2
    finally:
        off_update("message", flaky)


def test_pre_checkout_is_answered_inside_the_request_once(client, fake_bot, user_id):
    async def approve(query: dict) -> None:
        await get_bot_api().answer_pre_checkout_query(query["id"], True)

    # Alone: the assembly (imported with the app) registered payments' own pre-checkout handler.
    others = handlers("pre_checkout_query")
    for other in others:
        off_update("pre_checkout_query", other)
    on_update("pre_checkout_query", approve)
    try:
        update_id = next_update_id()
        update = pre_checkout_update(update_id, user_id, query_id="q-42")
        assert post(client, update).status_code == 200
        # Answered before the webhook returned: no queue between Telegram's 10 s and the handler.
        assert fake_bot.calls_to("answerPreCheckoutQuery") == [{"pre_checkout_query_id": "q-42", "ok": True}]
        assert post(client, update).status_code == 200
        assert len(fake_bot.calls_to("answerPreCheckoutQuery")) == 1
        assert queued(update_id) == 0
    finally:
        off_update("pre_checkout_query", approve)
        for other in others:
            on_update("pre_checkout_query", other)


def test_updates_queue_under_the_bot_consumer(client, user_id):
    update_id = next_update_id()
    post(client, message_update(update_id, user_id, "x"))
    with session_scope() as session:
        row = session.exec(select(OutboxRow).where(OutboxRow.event_id == f"tg:{update_id}")).one()
    assert (row.consumer, row.name, row.user_id) == (inbox.CONSUMER, inbox.UPDATE_EVENT, user_id)


def test_a_pre_checkout_nobody_handles_is_refused_at_once(client, fake_bot, user_id):
    # Nobody: the assembly (imported with the app) registered payments' own pre-checkout handler.
    others = handlers("pre_checkout_query")
    for other in others:
        off_update("pre_checkout_query", other)
    try:
        update = pre_checkout_update(next_update_id(), user_id, query_id="q-7")
        update["pre_checkout_query"]["from"]["language_code"] = "ru"
        assert post(client, update).status_code == 200
    finally:
        for other in others:
            on_update("pre_checkout_query", other)
    assert fake_bot.calls_to("answerPreCheckoutQuery") == [{
        "pre_checkout_query_id": "q-7", "ok": False, "error_message": "Оплата сейчас недоступна. Попробуйте позже."}]
