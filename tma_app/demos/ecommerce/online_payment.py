"""Paying a shop order online, through the payment provider (RUB): what payments asks the shop.

Checkout already took the units out of stock, so an unpaid order holds its goods; what can change
before Telegram charges is the order itself (paid meanwhile, refunded) and the catalog (a variant
withdrawn). The grant marks the order paid; a refund marks it refunded and publishes the order's
"refunded" status, which the bot tells the customer.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language, text
from tma_app.demos.ecommerce.checkout import PAYMENT
from tma_app.demos.ecommerce.models import Order, OrderLine, Variant
from tma_app.demos.order_payment import OrderPayment
from tma_app.demos.ordering import order_number
from tma_app.payments.products import Refusal, register_product

KIND = "shop_order"


def payable_online(order_payment: str) -> bool:
    return order_payment == PAYMENT


class ShopOrderPayment(OrderPayment):
    kind = KIND
    demo = "ecommerce"
    label = "shop order"
    order_model = Order

    def _open_order(self, session: Session, user_id: int, ref: str, language: Language) -> Order:
        order_id = order_number(ref)
        order = session.get(Order, order_id) if order_id is not None else None
        if order is None or order.user_id != user_id:
            raise Refusal("not_found", text("e_pay_no_order", language))
        if not payable_online(order.payment):
            raise Refusal("already_paid", text("e_pay_already_paid", language))
        withdrawn = session.exec(
            select(OrderLine.name_en, OrderLine.name_ru).where(
                OrderLine.order_id == order.id,
                col(OrderLine.variant_id).not_in(select(Variant.id)),
            )
        ).first()
        if withdrawn is not None:
            raise Refusal("withdrawn", text("e_pay_withdrawn", language,
                                            product=withdrawn[1] if language == "ru" else withdrawn[0]))
        return order

    def _invoice_text(self, order: Order, language: Language) -> tuple[str, str]:
        return (text("e_pay_title", language, id=str(order.id)),
                text("e_pay_description", language, id=str(order.id), count=str(order.item_count)))


register_product(ShopOrderPayment())
