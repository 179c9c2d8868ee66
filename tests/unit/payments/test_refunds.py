"""Refunds from the admin screens: Telegram first for Stars, the grant revoked, audited, the buyer told."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.unit.payments.conftest import BotError
from tests.unit.payments.steps import invoice_payment, restaurant_order, successful_payment
from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, bus
from tma_app.demo_catalog.events import ORDER_STATUS
from tma_app.demos.fitness.errors import ProgramLocked
from tma_app.demos.fitness.premium import owned_programs
from tma_app.demos.fitness.workouts import start_workout
from tma_app.demos.restaurant.models import Order
from tma_app.gamification.ledger import grant
from tma_app.gamification.models import Profile
from tma_app.payments.checkout import record_successful_payment
from tma_app.payments.errors import RefundRefused
from tma_app.payments.models import Payment
from tma_app.payments.refunds import refund
from tma_app.security import audit
from tma_app.security.models import AuditLog
from tma_app.users.models import User

ADMIN = 424242


async def paid(user_id: int, kind: str, ref: str, charge: str) -> Payment:
    payment = await invoice_payment(user_id, kind, ref)
    with session_scope() as session:
        record_successful_payment(session, successful_payment(payment, charge))
        stored = session.get(Payment, payment.id)
        assert stored is not None
        return stored


def start(user_id: int, key: str):
    with session_scope() as session:
        return start_workout(session, user_id, "hiit-premium", key, language="en")


async def test_a_bought_program_unlocks_and_a_refund_locks_it_again(bot, user_id):
    with pytest.raises(ProgramLocked):
        start(user_id, "start-before-buying")
    payment = await paid(user_id, "fitness_program", "hiit-premium", "stx-program-refund")
    assert start(user_id, "start-after-buying").started

    result = await refund(payment.id, ADMIN)

    assert bot.called("refundStarPayment") == [{"user_id": user_id, "telegram_payment_charge_id":
                                               "stx-program-refund"}]
    with session_scope() as session:
        assert owned_programs(session, user_id) == frozenset()
        stored = session.get(Payment, payment.id)
    assert (stored.status, stored.refund_reference, stored.refunded_by) == ("refunded", "stx-program-refund", ADMIN)
    with pytest.raises(ProgramLocked):
        start(user_id, "start-after-refund")
    assert result.notified
    [message] = bot.called("sendMessage")
    assert message["chat_id"] == user_id and "HIIT burner" in message["text"] and "50 ⭐" in message["text"]
    audit.flush()
    with session_scope() as session:
        entry = session.exec(select(AuditLog).where(AuditLog.action == "payment_refunded",
                                                    AuditLog.resource_id == str(payment.id))).one()
    assert entry.telegram_id == ADMIN and entry.details["taken_back"].startswith("access")


async def test_a_refunded_coin_pack_takes_the_coins_back_through_the_ledger_as_far_as_they_are_left(bot, user_id):
    payment = await paid(user_id, "coin_pack", "coins-100", "stx-coins-refund")
    with session_scope() as session:
        grant(session, user_id, "streak_freeze", "spent-some", coins=-30)  # 30 already spent
    result = await refund(payment.id, ADMIN)
    assert result.taken_back == "70 of 100 coins taken back"
    with session_scope() as session:
        assert session.get(Profile, user_id).coins == 0


async def test_telegram_refusing_the_refund_changes_nothing(bot, user_id):
    payment = await paid(user_id, "coin_pack", "coins-100", "stx-refused-refund")
    bot.fail["refundStarPayment"] = BotError("Bad Request: CHARGE_ALREADY_REFUNDED")
    with pytest.raises(RefundRefused, match="CHARGE_ALREADY_REFUNDED"):
        await refund(payment.id, ADMIN)
    with session_scope() as session:
        assert session.get(Payment, payment.id).status == "paid" and session.get(Profile, user_id).coins == 100


async def test_a_provider_payment_is_marked_refunded_with_the_providers_reference(bot, user_id):
    order_id = restaurant_order(user_id)
    payment = await paid(user_id, "restaurant_order", str(order_id), "prov-charge-1")
    with pytest.raises(RefundRefused, match="reference"):
        await refund(payment.id, ADMIN)
    seen: list[DomainEvent] = []
    unsubscribe = bus.subscribe(ORDER_STATUS, seen.append)
    try:
        await refund(payment.id, ADMIN, "yookassa-rf-2f9c")
    finally:
        unsubscribe()
    # No Stars to return, and the buyer hears of it as the order's new status (the bot's notification).
    assert bot.called("refundStarPayment") == [] and bot.called("sendMessage") == []
    assert [(e.user_id, dict(e.data)) for e in seen] == [
        (user_id, {"demo": "restaurant", "order": order_id, "status": "refunded"})]
    with session_scope() as session:
        assert session.get(Order, order_id).payment == "refunded"
        assert session.get(Payment, payment.id).refund_reference == "yookassa-rf-2f9c"


async def test_a_buyer_who_did_not_allow_messages_is_not_written_to(bot, user_id):
    payment = await paid(user_id, "coin_pack", "coins-100", "stx-quiet")
    with session_scope() as session:
        session.get(User, user_id).allows_write_to_pm = False
    assert not (await refund(payment.id, ADMIN)).notified and bot.called("sendMessage") == []


async def test_only_a_paid_payment_can_be_refunded_and_only_once(bot, user_id):
    unpaid = await invoice_payment(user_id, "coin_pack", "coins-100")
    with pytest.raises(RefundRefused):
        await refund(unpaid.id, ADMIN)
    payment = await paid(user_id, "fitness_program", "hiit-premium", "stx-twice")
    await refund(payment.id, ADMIN)
    with pytest.raises(RefundRefused):
        await refund(payment.id, ADMIN)
    assert len(bot.called("refundStarPayment")) == 1
