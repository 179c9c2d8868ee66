"""The bot's handlers: every pre-checkout query is answered, even when the check itself fails."""

from __future__ import annotations

from sqlmodel import select

from tests.unit.payments.steps import invoice_payment, pre_checkout_query, successful_payment
from tma_app.core.db import session_scope
from tma_app.gamification.models import Profile
from tma_app.payments import checkout, updates
from tma_app.payments.models import Payment


async def test_a_good_query_is_answered_ok_and_a_bad_one_with_its_message(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    good = pre_checkout_query(payment)
    await updates.on_pre_checkout_query(good)
    await updates.on_pre_checkout_query({"update_id": 5, "pre_checkout_query": pre_checkout_query(payment, amount=2)})
    first, second = bot.called("answerPreCheckoutQuery")
    assert first == {"pre_checkout_query_id": good["id"], "ok": True, "error_message": None}
    assert second["ok"] is False and "price has changed" in second["error_message"]


async def test_a_failing_check_is_still_answered_and_charges_nothing(bot, user_id, monkeypatch):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")

    def broken(session, query):
        raise RuntimeError("database went away")

    monkeypatch.setattr(updates, "answer_for_pre_checkout", broken)
    await updates.on_pre_checkout_query(pre_checkout_query(payment))
    [answer] = bot.called("answerPreCheckoutQuery")
    assert answer["ok"] is False and "Nothing was charged" in answer["error_message"]


async def test_successful_payment_from_the_dispatcher_grants_once(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    message = successful_payment(payment)
    await updates.on_successful_payment(message)
    await updates.on_successful_payment({"update_id": 9, "message": message})
    with session_scope() as session:
        assert session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one() == 100


def test_both_handlers_are_registered_with_the_dispatcher():
    registered = {}
    updates.register(lambda kind, handler: registered.setdefault(kind, handler))
    assert registered == {"pre_checkout_query": updates.on_pre_checkout_query,
                          "successful_payment": updates.on_successful_payment, "message": updates.on_message}
    assert checkout.GRANT_SCOPE == "payments.grant"


async def test_stars_refunded_outside_the_app_are_revoked_once_and_other_messages_ignored(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    await updates.on_successful_payment(successful_payment(payment, "stx-outside"))
    await updates.on_message({"message_id": 1, "text": "/start", "chat": {"id": user_id}})
    refunded = {"message_id": 2, "chat": {"id": user_id}, "refunded_payment": {
        "currency": "XTR", "total_amount": 25, "invoice_payload": payment.payload,
        "telegram_payment_charge_id": "stx-outside"}}
    await updates.on_message(refunded)
    await updates.on_message(refunded)  # redelivered, or our own refund coming back
    with session_scope() as session:
        assert session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one() == 0
        assert session.get(Payment, payment.id).status == "refunded"
