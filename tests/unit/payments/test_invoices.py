"""Issuing an invoice: the server decides what is sold, for how much, and binds it to the buyer."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.unit.payments.steps import invoice_payment, restaurant_order
from tma_app.core.db import session_scope
from tma_app.core.settings import get_settings
from tma_app.demos.fitness.models import Program
from tma_app.payments import bot_link
from tma_app.payments.bot_link import BotNeeded
from tma_app.payments.errors import ProductUnknown, ProviderNotConfigured
from tma_app.payments.invoices import issue_invoice
from tma_app.payments.models import Payment
from tma_app.payments.products import Refusal


async def test_a_premium_program_is_invoiced_in_stars_with_one_price_and_an_opaque_payload(bot, user_id):
    payment = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    assert (payment.user_id, payment.kind, payment.ref, payment.amount, payment.currency, payment.status) == (
        user_id, "fitness_program", "hiit-premium", 50, "XTR", "open")
    [call] = bot.called("createInvoiceLink")
    assert call["currency"] == "XTR" and call["provider_token"] == ""
    assert call["prices"] == [{"label": "HIIT burner", "amount": 50}]
    assert call["payload"] == payment.payload and 16 <= len(payment.payload.encode()) <= 128
    # Nothing about the buyer or the product can be read (or forged) from the payload.
    assert str(user_id) not in payment.payload and "hiit" not in payment.payload
    assert payment.invoice_url == "https://t.me/$invoice-1"


async def test_paying_again_after_closing_the_form_reuses_the_open_invoice(bot, user_id):
    first = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    again = await invoice_payment(user_id, "fitness_program", "hiit-premium")
    assert again.id == first.id and again.invoice_url == first.invoice_url
    assert len(bot.called("createInvoiceLink")) == 1


async def test_a_new_price_voids_the_old_invoice(bot, user_id):
    first = await invoice_payment(user_id, "coin_pack", "coins-100")
    with session_scope() as session:
        session.get(Payment, first.id).amount = 20  # as if issued before a price change
    second = await invoice_payment(user_id, "coin_pack", "coins-100")
    with session_scope() as session:
        assert session.get(Payment, first.id).status == "void"
    assert second.id != first.id and second.amount == 25


async def test_a_restaurant_order_is_invoiced_in_rubles_through_the_provider(bot, user_id):
    order_id = restaurant_order(user_id)
    payment = await invoice_payment(user_id, "restaurant_order", str(order_id))
    [call] = bot.called("createInvoiceLink")
    assert call["currency"] == "RUB" and call["provider_token"].startswith("284685063:TEST:")
    assert call["prices"] == [{"label": f"Order #{order_id}", "amount": payment.amount}] and payment.amount > 0


async def test_without_a_provider_token_orders_are_not_payable_online(bot, user_id, fresh_settings):
    fresh_settings.delenv("TELEGRAM_PAYMENT_PROVIDER_TOKEN")
    get_settings.cache_clear()
    order_id = restaurant_order(user_id)
    with pytest.raises(ProviderNotConfigured):
        await issue_invoice(user_id, "restaurant_order", str(order_id), "en")
    assert bot.called("createInvoiceLink") == []


async def test_someone_elses_order_and_unknown_products_are_refused(bot, user_id):
    order_id = restaurant_order(user_id)
    with pytest.raises(Refusal) as refused:
        await issue_invoice(user_id + 1, "restaurant_order", str(order_id), "en")
    assert refused.value.code == "not_found"
    for kind, ref in (("restaurant_order", "not-a-number"), ("fitness_program", "full-body-beginner")):
        with pytest.raises(Refusal):
            await issue_invoice(user_id, kind, ref, "en")
    with pytest.raises(ProductUnknown):
        await issue_invoice(user_id, "gift_card", "x", "en")
    with session_scope() as session:
        assert session.exec(select(Payment).where(Payment.user_id == user_id + 1)).all() == []


async def test_without_a_bot_token_payments_say_a_bot_is_needed(catalog, user_id, fresh_settings):
    fresh_settings.delenv("TELEGRAM_BOT_TOKEN")
    get_settings.cache_clear()
    bot_link.use_bot(None)
    with pytest.raises(BotNeeded, match="TELEGRAM_BOT_TOKEN"):
        await issue_invoice(user_id, "fitness_program", "hiit-premium", "en")
    with session_scope() as session:
        assert session.exec(select(Payment).where(Payment.user_id == user_id)).all() == []


def test_prices_come_from_the_catalog(catalog):
    with session_scope() as session:
        program = session.exec(select(Program).where(Program.slug == "hiit-premium")).one()
    assert program.premium_stars == 50


async def test_the_order_screen_offers_online_payment_only_while_the_order_is_unpaid_and_open(bot, user_id):
    from tma_app.demos.restaurant.orders import get_order
    from tma_app.demos.restaurant.presenter import order_rows

    order_id = restaurant_order(user_id)
    with session_scope() as session:
        order = get_order(session, user_id, order_id, "en")
    [offered] = order_rows([order], "en", online_payment=True)
    [without_provider] = order_rows([order], "en")
    assert offered["payable_online"] and offered["payment_ref"] == str(order_id)
    assert not without_provider["payable_online"] and not offered["paid_online"]
    done = order.model_copy(update={"status": order.status.model_copy(update={"is_final": True})})
    assert not order_rows([done], "en", online_payment=True)[0]["payable_online"]
