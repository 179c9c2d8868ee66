"""Issuing an invoice: a payment row first (the opaque payload bound to user, product and amount),
then Telegram's invoice link for it.

The page asks only "I want to buy <kind>/<ref>"; the price, the currency and the payload are
decided here. An open invoice for the same thing at the same price is reused, so tapping Pay
again after a cancelled invoice opens the same one; one at an old price is voided.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from tma_app.core.db import in_session
from tma_app.core.i18n import Language
from tma_app.core.settings import get_settings
from tma_app.payments.bot_link import bot_ready, payments_bot
from tma_app.payments.errors import InvoiceFailed, ProductUnknown, ProviderNotConfigured
from tma_app.payments.models import STARS, Payment
from tma_app.payments.products import Offer, product_of

log = logging.getLogger(__name__)

_REF_MAX = 64


@dataclass(frozen=True, slots=True)
class Invoice:
    payment_id: int
    url: str


def online_payment_offered() -> bool:
    """Whether physical orders may be paid online: a bot and a payment provider are configured."""
    return bot_ready() and get_settings().payment_provider_token is not None


def new_payload() -> str:
    """Opaque and unguessable: 24 random bytes, URL-safe (Telegram allows 1-128 bytes)."""
    return secrets.token_urlsafe(24)


def check_offer(offer: Offer) -> None:
    """Telegram's invoice rules, checked before anything is stored."""
    if not 1 <= len(offer.title) <= 32 or not 1 <= len(offer.description) <= 255:
        raise ValueError("an invoice title is 1-32 characters and its description 1-255")
    if offer.amount <= 0:
        raise ValueError("an invoice amount is positive")
    if offer.currency != STARS and len(offer.currency) != 3:
        raise ValueError("a currency is a 3-letter code")


def prepare_payment(session: Session, user_id: int, kind: str, ref: str, language: Language) -> Payment:
    """The open payment for this user and product at today's offer, made if there is none.

    Raises ProductUnknown, Refusal (the product's own reasons) and ProviderNotConfigured.
    """
    product = product_of(kind)
    if product is None or not isinstance(ref, str) or not 1 <= len(ref) <= _REF_MAX:
        raise ProductUnknown("no such product")
    offer = product.offer(session, user_id, ref, language)
    check_offer(offer)
    if offer.currency != STARS and get_settings().payment_provider_token is None:
        raise ProviderNotConfigured("online payment needs TELEGRAM_PAYMENT_PROVIDER_TOKEN")
    open_ones = session.exec(
        select(Payment)
        .where(Payment.user_id == user_id, Payment.kind == kind, Payment.ref == ref, Payment.status == "open")
        .order_by(col(Payment.id).desc())
    ).all()
    for payment in open_ones:
        if payment.amount == offer.amount and payment.currency == offer.currency:
            return payment
        # The price moved: the old invoice must not be charged (pre-checkout refuses a void payment).
        payment.status = "void"
        session.add(payment)
    payment = Payment(payload=new_payload(), user_id=user_id, kind=kind, ref=ref, title=offer.title,
                      description=offer.description, amount=offer.amount, currency=offer.currency)
    session.add(payment)
    session.flush()
    return payment


def attach_invoice_url(session: Session, payment_id: int, url: str) -> None:
    payment = session.get(Payment, payment_id)
    if payment is not None and payment.invoice_url is None:
        payment.invoice_url = url[:512]
        session.add(payment)


async def issue_invoice(user_id: int, kind: str, ref: str, language: Language) -> Invoice:
    """The invoice link the page opens for this user and product; the same link while it stays open.

    Raises BotNeeded (no bot configured), ProductUnknown, Refusal, ProviderNotConfigured,
    InvoiceFailed (Telegram refused).
    """
    bot = payments_bot()
    payment = await in_session(prepare_payment, user_id, kind, ref, language)
    if payment.invoice_url:
        return Invoice(payment.id, payment.invoice_url)
    provider_token = "" if payment.currency == STARS else (get_settings().payment_provider_token or "")
    try:
        url = await bot.create_invoice_link(
            title=payment.title, description=payment.description, payload=payment.payload, currency=payment.currency,
            prices=[{"label": payment.title, "amount": payment.amount}], provider_token=provider_token,
        )
    except Exception as exc:  # noqa: BLE001 - any Bot API failure is one answer to the user
        log.warning("createInvoiceLink failed for payment %s: %s", payment.id, exc)
        raise InvoiceFailed("Telegram did not create the invoice") from exc
    await in_session(attach_invoice_url, payment.id, url)
    return Invoice(payment.id, url)
