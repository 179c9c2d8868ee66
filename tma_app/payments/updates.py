"""The bot's payment updates, handled: registered with the bot's dispatcher by the assembly.

Telegram gives a pre-checkout query 10 seconds: the check is a few indexed reads, and any
failure of it is still answered (refused, nothing charged) rather than left to time out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tma_app.core.db import in_session
from tma_app.payments.bot_link import payments_bot
from tma_app.payments.checkout import (
    PreCheckoutAnswer,
    answer_for_pre_checkout,
    record_successful_payment,
    refusal_for_failure,
)
from tma_app.payments.refunds import refunded_by_telegram
from tma_app.security import audit

log = logging.getLogger(__name__)

# Leaves room inside Telegram's 10 s for the answer itself to travel.
CHECK_BUDGET_S = 6.0

UpdateHandler = Callable[[dict[str, Any]], Awaitable[None]]


async def on_pre_checkout_query(query: dict[str, Any]) -> None:
    query = query.get("pre_checkout_query", query)  # the query itself, or the update around it
    query_id = str(query.get("id") or "")
    if not query_id:
        log.warning("pre_checkout_query without an id ignored")
        return
    try:
        answer = await asyncio.wait_for(in_session(answer_for_pre_checkout, query), CHECK_BUDGET_S)
    except Exception:  # noqa: BLE001 - answered below whatever went wrong
        log.exception("pre-checkout check failed for query %s", query_id)
        answer = refusal_for_failure()
    await _answer(query_id, answer)
    if not answer.ok:
        audit.record("payment_precheckout_refused", "payment", telegram_id=(query.get("from") or {}).get("id"),
                     metadata={"code": answer.code})


async def _answer(query_id: str, answer: PreCheckoutAnswer) -> None:
    await payments_bot().answer_pre_checkout_query(query_id, answer.ok,
                                                   None if answer.ok else answer.error_message)


async def on_successful_payment(message: dict[str, Any]) -> None:
    message = message.get("message", message)  # the message itself, or the update around it
    recorded = await in_session(record_successful_payment, message)
    if recorded.outcome == "granted":
        audit.record("payment_granted", "payment", telegram_id=recorded.user_id, resource_id=recorded.payment_id)
    elif recorded.outcome in ("second_charge", "unknown_payload"):
        audit.record(f"payment_{recorded.outcome}", "payment", telegram_id=recorded.user_id,
                     resource_id=recorded.payment_id,
                     metadata={"charge": (message.get("successful_payment") or {}).get("telegram_payment_charge_id")})


async def on_message(message: dict[str, Any]) -> None:
    """Only `refunded_payment` matters here: Stars refunded outside the app are revoked here too."""
    refunded = message.get("refunded_payment")
    if not isinstance(refunded, dict):
        return
    done = await in_session(refunded_by_telegram, refunded)
    if done is not None:
        payment, taken_back = done
        audit.record("payment_refunded_by_telegram", "payment", telegram_id=payment.user_id, resource_id=payment.id,
                     metadata={"taken_back": taken_back})


def register(on_update: Callable[[str, UpdateHandler], None]) -> None:
    """Hand the handlers to the bot's dispatcher (`tma_app.bot.updates.on_update`)."""
    on_update("pre_checkout_query", on_pre_checkout_query)
    on_update("successful_payment", on_successful_payment)
    on_update("message", on_message)
