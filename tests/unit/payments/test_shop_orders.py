"""Shop orders paid online through the provider: stock was taken at checkout; the order is what is re-checked."""

from __future__ import annotations

from sqlmodel import select

from tests.unit.payments.steps import invoice_payment, pre_checkout_query, shop_order, successful_payment
from tma_app.core.db import session_scope
from tma_app.demos.ecommerce.models import Order, Variant
from tma_app.demos.ecommerce.seed import seed_ecommerce
from tma_app.payments.checkout import answer_for_pre_checkout, record_successful_payment
from tma_app.payments.refunds import refund


def a_variant() -> int:
    with session_scope() as session:
        seed_ecommerce(session)
        variant = session.exec(select(Variant.id).where(Variant.stock > 5).order_by(Variant.id)).first()
    assert variant is not None
    return variant


async def test_a_shop_order_is_paid_online_once_and_a_refund_marks_it(bot, user_id):
    order_id = shop_order(user_id, a_variant())
    payment = await invoice_payment(user_id, "shop_order", str(order_id))
    assert (payment.currency, bot.called("createInvoiceLink")[0]["provider_token"][:10]) == ("RUB", "284685063:")
    with session_scope() as session:
        assert answer_for_pre_checkout(session, pre_checkout_query(payment)).ok
        record_successful_payment(session, successful_payment(payment, "prov-shop-1"))
    with session_scope() as session:
        assert session.get(Order, order_id).payment == "paid_online"
        again = answer_for_pre_checkout(session, pre_checkout_query(payment))
    assert not again.ok and again.code == "not_open"
    await refund(payment.id, 1, "provider-refund-77")
    with session_scope() as session:
        assert session.get(Order, order_id).payment == "refunded"


async def test_a_shop_order_whose_product_was_withdrawn_meanwhile_is_refused(bot, user_id, make_variant):
    order_id = shop_order(user_id, make_variant)
    payment = await invoice_payment(user_id, "shop_order", str(order_id))
    with session_scope() as session:
        session.delete(session.get(Variant, make_variant))
    with session_scope() as session:
        answer = answer_for_pre_checkout(session, pre_checkout_query(payment))
    assert not answer.ok and answer.code == "withdrawn" and "no longer sold" in answer.error_message
