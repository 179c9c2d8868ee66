"""What Telegram sends around a charge, built like Telegram builds it, and the steps of a purchase."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from tma_app.core.db import session_scope
from tma_app.demos.restaurant.cart import add_to_cart
from tma_app.demos.restaurant.orders import available_slots, place_order
from tma_app.payments.invoices import issue_invoice
from tma_app.payments.models import Payment


def pre_checkout_query(payment: Payment, *, user_id: int | None = None, amount: int | None = None,
                       currency: str | None = None) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "from": {"id": user_id or payment.user_id, "is_bot": False, "first_name": "Buyer"},
        "currency": currency or payment.currency,
        "total_amount": payment.amount if amount is None else amount,
        "invoice_payload": payment.payload,
    }


def successful_payment(payment: Payment, charge_id: str | None = None) -> dict[str, Any]:
    charge_id = charge_id or f"stxTEST{uuid.uuid4().hex}"
    return {
        "message_id": 7,
        "date": int(datetime.now(UTC).timestamp()),
        "from": {"id": payment.user_id, "is_bot": False, "first_name": "Buyer"},
        "chat": {"id": payment.user_id, "type": "private"},
        "successful_payment": {
            "currency": payment.currency,
            "total_amount": payment.amount,
            "invoice_payload": payment.payload,
            "telegram_payment_charge_id": charge_id,
            "provider_payment_charge_id": "" if payment.currency == "XTR" else f"prov-{charge_id}",
        },
    }


async def invoice_payment(user_id: int, kind: str, ref: str) -> Payment:
    invoice = await issue_invoice(user_id, kind, ref, "en")
    with session_scope() as session:
        payment = session.get(Payment, invoice.payment_id)
        assert payment is not None
        return payment


def restaurant_order(user_id: int, dish: str = "tonkotsu-ramen") -> int:
    now = datetime.now(UTC)
    with session_scope() as session:
        add_to_cart(session, user_id, dish, quantity=1, idempotency_key=uuid.uuid4().hex, language="en")
    with session_scope() as session:
        placed = place_order(session, user_id, "pickup", available_slots(now, "pickup")[0].id, None,
                             uuid.uuid4().hex, language="en", now=now)
    return placed.order.id


SHOP_FORM = {"name": "Анна Петрова", "phone": "+7 (999) 123-45-67", "address": "Москва, ул. Тверская, д. 1, кв. 5"}


def shop_order(user_id: int, variant_id: int) -> int:
    from tma_app.demos.ecommerce.cart import add_to_cart as add_to_shop_cart
    from tma_app.demos.ecommerce.checkout import submit_checkout

    with session_scope() as session:
        add_to_shop_cart(session, user_id, variant_id, 1, idempotency_key=uuid.uuid4().hex, language="en")
    with session_scope() as session:
        return submit_checkout(session, user_id, SHOP_FORM, uuid.uuid4().hex, language="en").order.id
