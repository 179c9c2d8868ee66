"""Payments on PostgreSQL: a successful_payment redelivered many times at once grants once."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import select

import tma_app.demos.fitness  # noqa: F401 - registers the premium program
import tma_app.gamification  # noqa: F401 - registers the coin pack
from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tests.unit.payments.steps import successful_payment
from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyRecord
from tma_app.demos.fitness.seed import seed_fitness
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.payments.checkout import GRANT_SCOPE, record_successful_payment
from tma_app.payments.errors import RefundRefused
from tma_app.payments.models import Payment
from tma_app.payments.refunds import mark_refunded

pytestmark = pytest.mark.integration

DELIVERIES = 12


@pytest.fixture(scope="module")
def database(postgres_engine):
    upgrade(postgres_engine)
    with session_scope(postgres_engine) as session:
        seed_fitness(session)
    return postgres_engine


def open_payment(engine, user_id: int, kind: str = "coin_pack", ref: str = "coins-100", amount: int = 25) -> Payment:
    with session_scope(engine) as session:
        payment = Payment(payload=uuid.uuid4().hex, user_id=user_id, kind=kind, ref=ref, title="x", description="x",
                          amount=amount, currency="XTR")
        session.add(payment)
        session.flush()
        return payment


def deliver(engine, message):
    with session_scope(engine) as session:
        return record_successful_payment(session, message).outcome


def test_concurrent_redeliveries_of_one_charge_grant_once(database):
    user_id = uuid.uuid4().int % 2**50 + 1
    payment = open_payment(database, user_id)
    message = successful_payment(payment, f"stx-pg-{uuid.uuid4().hex}")

    outcomes, errors = run_at_once(DELIVERIES, lambda _: deliver(database, message))

    assert errors == []
    assert sorted(outcomes) == ["already_granted"] * (DELIVERIES - 1) + ["granted"]
    with session_scope(database) as session:
        assert session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one() == 100
        grants = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == user_id)).all()
        assert [(g.rule_id, g.coins) for g in grants] == [("coin_pack", 100)]
        keys = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.user_id == user_id,
                                                            IdempotencyRecord.scope == GRANT_SCOPE)).all()
        assert len(keys) == 1 and session.get(Payment, payment.id).status == "paid"


def test_two_purchases_of_one_user_delivered_at_once_both_grant(database):
    user_id = uuid.uuid4().int % 2**50 + 1
    payments = [open_payment(database, user_id) for _ in range(2)]
    messages = [successful_payment(p, f"stx-pg-{uuid.uuid4().hex}") for p in payments]

    outcomes, errors = run_at_once(8, lambda i: deliver(database, messages[i % 2]))

    assert errors == [] and sorted(outcomes).count("granted") == 2
    with session_scope(database) as session:
        assert session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one() == 200


def test_a_second_charge_racing_the_first_is_never_granted_twice(database):
    user_id = uuid.uuid4().int % 2**50 + 1
    payment = open_payment(database, user_id, "fitness_program", "hiit-premium", 50)
    charges = [successful_payment(payment, f"stx-pg-a-{uuid.uuid4().hex}"),
               successful_payment(payment, f"stx-pg-b-{uuid.uuid4().hex}")]

    outcomes, errors = run_at_once(6, lambda i: deliver(database, charges[i % 2]))

    assert errors == []
    assert outcomes.count("granted") == 1 and outcomes.count("second_charge") >= 1
    with session_scope(database) as session:
        stored = session.get(Payment, payment.id)
    assert stored.status == "paid" and stored.telegram_charge_id in {
        c["successful_payment"]["telegram_payment_charge_id"] for c in charges}


def test_two_admins_refunding_at_once_revoke_once(database):
    user_id = uuid.uuid4().int % 2**50 + 1
    payment = open_payment(database, user_id)
    deliver(database, successful_payment(payment, f"stx-pg-{uuid.uuid4().hex}"))

    def refund_as(admin: int):
        with session_scope(database) as session:
            return mark_refunded(session, payment.id, admin, "ref-1")[1]

    taken, errors = run_at_once(4, refund_as)

    assert taken == ["100 of 100 coins taken back"] and len(errors) == 3
    assert all(isinstance(error, RefundRefused) for error in errors)
    with session_scope(database) as session:
        assert session.exec(select(Profile.coins).where(Profile.user_id == user_id)).one() == 0
