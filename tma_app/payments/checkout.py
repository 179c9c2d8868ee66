"""The two updates Telegram sends around a charge: the pre-checkout question and the charge itself.

`answer_for_pre_checkout` re-checks, just before Telegram charges, everything the invoice was
issued for: ours, the same user, the same price, still open, and the product's own conditions
(the order still open, the dish not sold out meanwhile). `record_successful_payment` is the only
place a purchase is granted: once per `telegram_payment_charge_id`, however often and in
whatever order Telegram delivers it (the payment row is locked, the charge id is unique in the
table, and the grant runs under `run_once`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, select

from tma_app.core.i18n import Language, text
from tma_app.core.idempotency import run_once
from tma_app.core.time import utcnow
from tma_app.payments.models import Payment
from tma_app.payments.products import Refusal, product_of
from tma_app.users.service import language_of

log = logging.getLogger(__name__)

GRANT_SCOPE = "payments.grant"


@dataclass(frozen=True, slots=True)
class PreCheckoutAnswer:
    ok: bool
    error_message: str | None = None
    code: str = "ok"


@dataclass(frozen=True, slots=True)
class Recorded:
    outcome: Literal["granted", "already_granted", "unknown_payload", "second_charge"]
    payment_id: int | None = None
    user_id: int | None = None


def payment_by_payload(session: Session, payload: object, *, lock: bool = False) -> Payment | None:
    if not isinstance(payload, str) or not payload or len(payload) > 128:
        return None
    statement = select(Payment).where(Payment.payload == payload)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).first()


def answer_for_pre_checkout(session: Session, query: dict[str, Any]) -> PreCheckoutAnswer:
    """Whether Telegram may charge this pre_checkout_query; a refusal carries the user's message."""
    buyer = (query.get("from") or {}).get("id")
    language = language_of(session, buyer) if isinstance(buyer, int) else "en"
    payment = payment_by_payload(session, query.get("invoice_payload"))
    if payment is None:
        return _refuse("unknown", text("pay_refused_unknown", language))
    if payment.user_id != buyer:
        return _refuse("other_user", text("pay_refused_other_user", language))
    if payment.status != "open":
        return _refuse("not_open", text("pay_refused_not_open", language))
    if query.get("currency") != payment.currency or query.get("total_amount") != payment.amount:
        return _refuse("price_changed", text("pay_refused_price", language))
    product = product_of(payment.kind)
    if product is None:
        return _refuse("unknown", text("pay_refused_unknown", language))
    try:
        product.recheck(session, payment, language)
    except Refusal as refusal:
        return _refuse(refusal.code, refusal.message)
    return PreCheckoutAnswer(ok=True)


def refusal_for_failure(language: Language = "en") -> PreCheckoutAnswer:
    """What Telegram is told when the check itself failed: nothing is charged."""
    return _refuse("check_failed", text("pay_refused_error", language))


def _refuse(code: str, message: str) -> PreCheckoutAnswer:
    return PreCheckoutAnswer(ok=False, error_message=message[:255], code=code)


def charge_key(telegram_charge_id: str) -> str:
    """run_once keys are short and plain; Telegram's charge ids are neither, so they are hashed."""
    return hashlib.sha256(telegram_charge_id.encode()).hexdigest()[:48]


def record_successful_payment(session: Session, message: dict[str, Any]) -> Recorded:
    """Grant what a `successful_payment` message paid for, exactly once per charge id."""
    paid = message.get("successful_payment") or {}
    charge = paid.get("telegram_payment_charge_id")
    if not isinstance(charge, str) or not charge:
        raise ValueError("a successful_payment without telegram_payment_charge_id")
    payment = payment_by_payload(session, paid.get("invoice_payload"), lock=True)
    if payment is None:
        log.error("successful_payment %s for a payload we never issued", charge)
        return Recorded("unknown_payload")
    if payment.telegram_charge_id == charge:
        return Recorded("already_granted", payment.id, payment.user_id)
    if payment.status not in ("open", "void"):
        # Charged twice for one invoice: the second charge is not granted again; an admin refunds it.
        log.error("payment %s charged again (%s) after %s", payment.id, charge, payment.telegram_charge_id)
        return Recorded("second_charge", payment.id, payment.user_id)
    payer = (message.get("from") or {}).get("id")
    if payer != payment.user_id or paid.get("total_amount") != payment.amount:
        log.warning("payment %s: charge %s differs from the invoice (payer %s, amount %s)", payment.id, charge,
                    payer, paid.get("total_amount"))
    product = product_of(payment.kind)
    if product is None:
        raise LookupError(f"no product registered for kind {payment.kind!r}")

    def grant(tx: Session) -> dict[str, Any]:
        payment.status = "paid"
        payment.telegram_charge_id = charge
        provider_charge = paid.get("provider_payment_charge_id")
        payment.provider_charge_id = provider_charge[:255] if isinstance(provider_charge, str) else None
        payment.paid_at = utcnow()
        tx.add(payment)
        tx.flush()
        product.grant(tx, payment)
        return {"payment_id": payment.id}

    _, ran = run_once(session, user_id=payment.user_id, scope=GRANT_SCOPE, key=charge_key(charge),
                      payload={"charge": charge}, action=grant)
    return Recorded("granted" if ran else "already_granted", payment.id, payment.user_id)
