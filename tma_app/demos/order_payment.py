"""An order of a cart demo (restaurant, shop) paid online: what both sell to payments alike.

Each demo brings what differs: how an order is found open and still payable (its own checks and
refusals) and the invoice's words. Price recheck, grant and refund are the same for both: the
order's `payment` column says paid or refunded, and a refund is the order's "refunded" status,
which the bot tells the customer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from sqlmodel import Session

from tma_app.core.i18n import Language, text
from tma_app.demo_catalog.events import order_status_changed
from tma_app.payments.models import Payment
from tma_app.payments.products import Offer, Refusal

PAID_ONLINE = "paid_online"
REFUNDED = "refunded"


class OrderPayment(ABC):
    kind: str
    demo: str  # the demo id order events carry
    label: str  # how the admin's refund message names an order
    order_model: Any  # the demo's Order table
    # A refund is the order's "refunded" status, which the bot tells the customer about.
    announces_refund = True

    @abstractmethod
    def _open_order(self, session: Session, user_id: int, ref: str, language: Language) -> Any:
        """The buyer's order, still payable online; Refusal otherwise."""

    @abstractmethod
    def _invoice_text(self, order: Any, language: Language) -> tuple[str, str]:
        """The invoice's title and description."""

    def offer(self, session: Session, user_id: int, ref: str, language: Language) -> Offer:
        order = self._open_order(session, user_id, ref, language)
        title, description = self._invoice_text(order, language)
        return Offer(title=title[:32], description=description[:255], amount=order.total, currency=order.currency)

    def recheck(self, session: Session, payment: Payment, language: Language) -> None:
        order = self._open_order(session, payment.user_id, payment.ref, language)
        if order.total != payment.amount or order.currency != payment.currency:
            raise Refusal("price_changed", text("pay_refused_price", language))

    def grant(self, session: Session, payment: Payment) -> None:
        order = session.get(self.order_model, int(payment.ref))
        if order is not None:
            order.payment = PAID_ONLINE
            session.add(order)

    def revoke(self, session: Session, payment: Payment) -> str:
        order = session.get(self.order_model, int(payment.ref))
        if order is not None:
            order.payment = REFUNDED
            session.add(order)
            order_status_changed(order.user_id, self.demo, order.id, "refunded", session=session)
        return f"{self.label} {payment.ref} marked refunded"
