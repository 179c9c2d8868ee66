"""Refunds, started by an admin: Telegram gives the Stars back, or the admin records the provider's
refund reference; then the grant is revoked, the refund audited and the buyer told.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from tma_app.core.db import in_session
from tma_app.core.i18n import text
from tma_app.core.money import format_money
from tma_app.core.time import utcnow
from tma_app.payments.bot_link import payments_bot
from tma_app.payments.checkout import payment_by_payload
from tma_app.payments.errors import PaymentNotFound, RefundRefused
from tma_app.payments.models import STARS, Payment
from tma_app.payments.products import product_of
from tma_app.security import audit
from tma_app.users.service import allows_messages, language_of

log = logging.getLogger(__name__)

_REFERENCE = re.compile(r"^[\w.:/#-]{3,128}$")


@dataclass(frozen=True, slots=True)
class Refunded:
    payment_id: int
    user_id: int
    taken_back: str
    notified: bool


def refundable(session: Session, payment_id: int, *, lock: bool = False) -> Payment:
    # Locked when refunding: two admins pressing Refund at once revoke the grant once.
    payment = session.get(Payment, payment_id, with_for_update=lock, populate_existing=lock)
    if payment is None:
        raise PaymentNotFound("no such payment")
    if payment.status != "paid" or not payment.telegram_charge_id:
        raise RefundRefused("only a paid payment can be refunded")
    return payment


def mark_refunded(session: Session, payment_id: int, admin_id: int | None, reference: str) -> tuple[Payment, str]:
    """The payment refunded and its grant revoked, in one transaction; (payment, what was taken back)."""
    payment = refundable(session, payment_id, lock=True)
    product = product_of(payment.kind)
    taken_back = product.revoke(session, payment) if product is not None else "nothing (kind not registered)"
    payment.status = "refunded"
    payment.refund_reference = reference[:255]
    payment.refunded_by = admin_id
    payment.refunded_at = utcnow()
    session.add(payment)
    session.flush()
    return payment, taken_back


def refunded_by_telegram(session: Session, refunded: dict[str, Any]) -> tuple[Payment, str] | None:
    """A `refunded_payment` Telegram reports (a refund made outside this app, or our own coming back):
    the payment refunded and its grant revoked, once; None when there is nothing left to do."""
    payment = payment_by_payload(session, refunded.get("invoice_payload"), lock=True)
    charge = refunded.get("telegram_payment_charge_id")
    if payment is None or payment.status != "paid" or payment.telegram_charge_id != charge:
        return None
    return mark_refunded(session, payment.id, None, str(charge))


def refund_message(session: Session, payment: Payment) -> tuple[str, bool]:
    """What the buyer is told, and whether they let the bot write to them."""
    language = language_of(session, payment.user_id)
    amount = f"{payment.amount} ⭐" if payment.currency == STARS else format_money(payment.amount, language)
    return text("pay_refund_notice", language, title=payment.title, amount=amount), allows_messages(
        session, payment.user_id)


async def refund(payment_id: int, admin_id: int, provider_reference: str | None = None) -> Refunded:
    """Refund a paid payment. Stars: refundStarPayment first, so a refusal by Telegram changes
    nothing here. Provider payments: the refund happened at the provider; its reference is kept.

    Raises PaymentNotFound, RefundRefused, BotNeeded.
    """
    payment = await in_session(refundable, payment_id)
    if payment.currency == STARS:
        bot = payments_bot()
        try:
            await bot.refund_star_payment(payment.user_id, payment.telegram_charge_id or "")
        except Exception as exc:  # noqa: BLE001 - Telegram's refusal, shown to the admin
            reason = getattr(exc, "description", None) or str(exc)
            audit.record("payment_refund_failed", "payment", telegram_id=admin_id, resource_id=payment_id,
                         metadata={"reason": reason[:200]})
            raise RefundRefused(f"Telegram refused the refund: {reason}") from exc
        reference = payment.telegram_charge_id or ""
    else:
        reference = (provider_reference or "").strip()
        if not _REFERENCE.fullmatch(reference):
            raise RefundRefused("enter the provider's refund reference (3-128 letters, digits, . : / # - _)")
    refunded, taken_back = await in_session(mark_refunded, payment_id, admin_id, reference)
    audit.record("payment_refunded", "payment", telegram_id=admin_id, resource_id=payment_id,
                 metadata={"user_id": refunded.user_id, "kind": refunded.kind, "ref": refunded.ref,
                           "amount": refunded.amount, "currency": refunded.currency, "reference": reference,
                           "taken_back": taken_back})
    product = product_of(refunded.kind)
    # An order's own "refunded" status reaches the buyer through the bot's order notifications.
    notified = bool(getattr(product, "announces_refund", False)) or await notify_buyer(refunded)
    return Refunded(payment_id, refunded.user_id, taken_back, notified)


async def notify_buyer(payment: Payment) -> bool:
    message, allowed = await in_session(refund_message, payment)
    if not allowed:
        return False
    try:
        await payments_bot().send_message(payment.user_id, message)
    except Exception as exc:  # noqa: BLE001 - the refund stands even if the message does not arrive
        log.warning("could not tell user %s about refund of payment %s: %s", payment.user_id, payment.id, exc)
        return False
    return True
