"""Paying a restaurant order online, through the payment provider (RUB): what payments asks the demo.

An order can be paid online while it is unpaid and not yet done. Just before Telegram charges,
the order is checked again: still the buyer's, still unpaid and open, the same total, and no dish
of it sold out meanwhile (the kitchen's last portion went to someone else). The grant marks the
order paid; a refund marks it refunded. Without a provider token the order page offers nothing
new: it is paid on pickup/delivery as before.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language, text
from tma_app.core.time import utcnow
from tma_app.demos.order_payment import OrderPayment
from tma_app.demos.ordering import order_number
from tma_app.demos.restaurant.models import Dish, Order, OrderLine
from tma_app.demos.restaurant.orders import PAYMENT, order_status
from tma_app.payments.products import Refusal, register_product

KIND = "restaurant_order"
UNPAID = frozenset(PAYMENT.values())


def payable_online(order_payment: str, status_is_final: bool) -> bool:
    return order_payment in UNPAID and not status_is_final


class RestaurantOrderPayment(OrderPayment):
    kind = KIND
    demo = "restaurant"
    label = "restaurant order"
    order_model = Order

    def _open_order(self, session: Session, user_id: int, ref: str, language: Language) -> Order:
        order_id = order_number(ref)
        order = session.get(Order, order_id) if order_id is not None else None
        if order is None or order.user_id != user_id:
            raise Refusal("not_found", text("r_pay_no_order", language))
        if order.payment not in UNPAID:
            raise Refusal("already_paid", text("r_pay_already_paid", language))
        if order_status(order.mode, order.created_at, utcnow()).is_final:
            raise Refusal("closed", text("r_pay_closed", language))
        sold_out = self._sold_out(session, order.id, language)
        if sold_out:
            raise Refusal("sold_out", text("r_pay_sold_out", language, dish=sold_out))
        return order

    def _sold_out(self, session: Session, order_id: int, language: Language) -> str | None:
        """The first dish of the order no longer available, by name; None when all still are."""
        rows = session.exec(
            select(Dish).join(OrderLine, col(OrderLine.dish_slug) == col(Dish.slug))
            .where(OrderLine.order_id == order_id, Dish.is_available == False)  # noqa: E712 - SQL, not Python
        ).first()
        if rows is None:
            return None
        return rows.name_ru if language == "ru" else rows.name_en

    def _invoice_text(self, order: Order, language: Language) -> tuple[str, str]:
        return (text("r_pay_title", language, id=str(order.id)),
                text("r_pay_description", language, id=str(order.id)))


register_product(RestaurantOrderPayment())
