"""Pre-checkout re-checks, and the grant: once per charge, whatever Telegram redelivers or reorders."""

from __future__ import annotations

from sqlmodel import select

from tests.unit.payments.steps import invoice_payment, pre_checkout_query, restaurant_order, successful_payment
from tma_app.core.db import session_scope
from tma_app.demos.fitness.models import Program
from tma_app.demos.fitness.premium import owned_programs
from tma_app.demos.restaurant.models import Dish, Order
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.payments.checkout import answer_for_pre_checkout, record_successful_payment
from tma_app.payments.models import Payment
from tma_app.payments.queries import status_for_buyer


def check(query):
    with session_scope() as session:
        return answer_for_pre_checkout(session, query)


def record(message):
    with session_scope() as session:
        return record_successful_payment(session, message)


def coins(user_id: int) -> int:
    with session_scope() as session:
        return session.exec(select(Profile.coins).where(Profile.user_id == user_id)).first() or 0


async def test_an_open_invoice_at_its_price_for_its_buyer_may_be_charged(bot, user_id):
    payment = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    assert check(pre_checkout_query(payment)).ok


async def test_pre_checkout_refuses_with_a_message_the_buyer_understands(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    cases = {
        "unknown": {**pre_checkout_query(payment), "invoice_payload": "forged-payload"},
        "other_user": pre_checkout_query(payment, user_id=user_id + 1),
        "price_changed": pre_checkout_query(payment, amount=1),
    }
    for code, query in cases.items():
        answer = check(query)
        assert not answer.ok and answer.code == code and 0 < len(answer.error_message) <= 255, code
    assert "another Telegram account" in check(cases["other_user"]).error_message


async def test_a_premium_program_whose_price_changed_meanwhile_is_refused(bot, user_id):
    payment = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    with session_scope() as session:
        session.exec(select(Program).where(Program.slug == "hiit-premium")).one().premium_stars = 75
    try:
        answer = check(pre_checkout_query(payment))
    finally:
        with session_scope() as session:
            session.exec(select(Program).where(Program.slug == "hiit-premium")).one().premium_stars = 50
    assert not answer.ok and answer.code == "price_changed" and "price has changed" in answer.error_message


async def test_an_order_whose_last_portion_sold_meanwhile_is_refused_naming_the_dish(bot, user_id):
    order_id = restaurant_order(user_id, "pork-gyoza")
    payment = await invoice_payment(user_id, "restaurant_order", str(order_id))
    with session_scope() as session:
        session.exec(select(Dish).where(Dish.slug == "pork-gyoza")).one().is_available = False
    try:
        answer = check(pre_checkout_query(payment))
    finally:
        with session_scope() as session:
            session.exec(select(Dish).where(Dish.slug == "pork-gyoza")).one().is_available = True
    assert not answer.ok and answer.code == "sold_out"
    assert answer.error_message == "Sorry, Pork gyoza has just sold out. Nothing was charged."
    assert check(pre_checkout_query(payment)).ok  # back on the menu: payable again


async def test_an_order_paid_on_another_invoice_is_not_charged_again(bot, user_id):
    order_id = restaurant_order(user_id)
    first = await invoice_payment(user_id, "restaurant_order", str(order_id))
    record(successful_payment(first))
    with session_scope() as session:
        assert session.get(Order, order_id).payment == "paid_online"
        # A second invoice for the same order, made before the first was paid.
        second = Payment(payload="second-invoice-" + str(order_id), user_id=user_id, kind="restaurant_order",
                         ref=str(order_id), title="x", description="x", amount=first.amount, currency="RUB")
        session.add(second)
    answer = check(pre_checkout_query(second))
    assert not answer.ok and answer.code == "already_paid"


async def test_the_coins_are_credited_once_however_often_the_payment_is_delivered(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    message = successful_payment(payment)
    outcomes = [record(message).outcome for _ in range(3)]
    assert outcomes == ["granted", "already_granted", "already_granted"]
    assert coins(user_id) == 100
    with session_scope() as session:
        grants = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user_id)).all()
        stored = session.get(Payment, payment.id)
    assert [(g.rule_id, g.coins) for g in grants] == [("coin_pack", 100)]
    assert stored.status == "paid" and stored.telegram_charge_id == message["successful_payment"][
        "telegram_payment_charge_id"] and stored.paid_at is not None


async def test_out_of_order_updates_grant_once_and_the_late_pre_checkout_is_refused(bot, user_id):
    program = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    pack = await invoice_payment(user_id, "coin_pack", "coins-100")
    # Both charges arrive before anyone looked at the screen, in the reverse order, one redelivered.
    for message in (successful_payment(pack, "stx-pack"), successful_payment(program, "stx-program"),
                    successful_payment(pack, "stx-pack")):
        record(message)
    assert coins(user_id) == 100
    with session_scope() as session:
        assert owned_programs(session, user_id) == {"hiit-premium"}
        # The page asks after invoiceClosed: the payment is already paid.
        assert status_for_buyer(session, user_id, program.id) == "paid"
        assert status_for_buyer(session, user_id + 1, program.id) is None
    late = check(pre_checkout_query(program))
    assert not late.ok and late.code == "not_open"


async def test_a_second_charge_of_a_paid_invoice_is_not_granted_again(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    record(successful_payment(payment, "stx-first"))
    assert record(successful_payment(payment, "stx-second")).outcome == "second_charge"
    assert coins(user_id) == 100


async def test_a_payment_for_a_payload_we_never_issued_grants_nothing(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    forged = successful_payment(payment)
    forged["successful_payment"]["invoice_payload"] = "never-issued"
    assert record(forged).outcome == "unknown_payload"
    assert coins(user_id) == 0
