"""Payments in Chromium inside the fake Telegram, against the prod build and the loopback fake Bot API.

Telegram's side is played by the test (`TelegramPayments`): the form the app opens with openInvoice
stays open until the test settles it; for "paid", the bot's webhook first gets the pre_checkout_query
(answered inside the request) and then successful_payment, exactly as Telegram sends them.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.support.app_database import count, execute, rows
from tests.support.fake_telegram import fire, main_button_text, opened_invoice, signed_in
from tests.support.restaurant_steps import place_order_of_first_dish
from tests.support.telegram import PAYMENTS_ADMIN_ID
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

PROGRAM = "/demos/fitness/program/hiit-premium"


def new_user() -> int:
    return 890_000_000 + uuid.uuid4().int % 10_000_000


def test_a_premium_program_bought_with_stars_unlocks_and_a_refund_locks_it_again(
        open_app, telegram_payments, fake_bot_api, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), PROGRAM)
    expect(page.get_by_test_id("program-locked")).to_be_visible()
    page.get_by_test_id("unlock-program").click()

    paid = telegram_payments.settle(page, "paid")

    assert paid.pre_checkout["ok"] is True
    invoice = fake_bot_api.calls_to("createInvoiceLink")[-1]
    assert (invoice["currency"], invoice["prices"], invoice.get("provider_token", "")) == (
        "XTR", [{"label": "HIIT burner", "amount": 50}], "")
    expect(page.get_by_test_id("payment-status")).to_contain_text("Paid")
    expect(page.get_by_test_id("program-locked")).to_have_count(0)  # the screen reloaded, unlocked
    assert rows(prod_database_url, "SELECT status FROM payments WHERE user_id = :u", u=user) == [("paid",)]

    # The admin refunds it from /admin/payments: Telegram gives the Stars back, the program locks again.
    admin = open_app(signed_in(PAYMENTS_ADMIN_ID), "/admin/payments")
    row = admin.get_by_test_id("payment-row").filter(has_text=str(user))
    expect(row).to_be_visible()
    row.get_by_test_id("refund-button").click()
    expect(admin.get_by_test_id("admin-payments-message")).to_contain_text("Refunded payment")
    charge = paid.successful_payment["message"]["successful_payment"]["telegram_payment_charge_id"]
    assert {"user_id": user, "telegram_payment_charge_id": charge} in fake_bot_api.calls_to("refundStarPayment")
    page.reload()
    expect(page.get_by_test_id("program-locked")).to_be_visible()


def test_a_redelivered_successful_payment_credits_the_coin_pack_once(
        open_app, telegram_payments, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), "/profile")
    page.get_by_test_id("buy-coins").click()
    paid = telegram_payments.settle(page, "paid")
    expect(page.get_by_test_id("payment-status")).to_contain_text("Paid")
    # Telegram delivers it again: the same update, then the same charge under a new update id.
    telegram_payments.post(paid.successful_payment)
    telegram_payments.post({**paid.successful_payment, "update_id": telegram_payments.next_update_id()})
    grants = "SELECT COUNT(*) FROM gamification_ledger WHERE user_id = :u AND rule_id = 'coin_pack'"
    eventually(lambda: count(prod_database_url, "SELECT COUNT(*) FROM event_outbox WHERE consumer = 'bot_updates'"),
               lambda pending: pending == 0, what="redelivered updates not yet handled")
    assert count(prod_database_url, grants, u=user) == 1
    expect(page.get_by_test_id("profile-coins")).to_contain_text("100")


def test_a_payment_telegram_confirms_after_the_form_said_pending_shows_up_without_a_reload(
        open_app, telegram_payments, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), "/profile")
    page.get_by_test_id("buy-coins").click()

    def still_processing() -> None:  # the screen promises to update once Telegram confirms
        expect(page.get_by_test_id("payment-status")).to_contain_text("still processing", timeout=20_000)

    telegram_payments.settle(page, "paid", closed_as="pending", before_charge=still_processing)

    expect(page.get_by_test_id("payment-status")).to_contain_text("Paid", timeout=10_000)
    expect(page.get_by_test_id("profile-coins")).to_contain_text("100")
    assert rows(prod_database_url, "SELECT status FROM payments WHERE user_id = :u", u=user) == [("paid",)]


def test_a_restaurant_order_paid_through_the_provider_after_a_cancelled_invoice(
        open_app, telegram_payments, fake_bot_api, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), "/demos/restaurant")
    place_order_of_first_dish(page)
    page.get_by_test_id("pay-online").click()

    telegram_payments.settle(page, "cancelled")

    expect(page.get_by_test_id("payment-status")).to_contain_text("cancelled")
    order_payment = "SELECT payment FROM restaurant_orders WHERE user_id = :u"
    assert rows(prod_database_url, order_payment, u=user) == [("pay_on_pickup",)]
    expect(page.get_by_test_id("pay-online")).to_be_visible()  # payable again, the same invoice
    page.get_by_test_id("pay-online").click()
    paid = telegram_payments.settle(page, "paid", count=2)

    assert paid.pre_checkout["ok"] is True
    expect(page.get_by_test_id("order-paid")).to_be_visible()
    assert rows(prod_database_url, order_payment, u=user) == [("paid_online",)]
    invoices = [c for c in fake_bot_api.calls_to("createInvoiceLink") if c["payload"] ==
                rows(prod_database_url, "SELECT payload FROM payments WHERE user_id = :u", u=user)[0][0]]
    assert len(invoices) == 1 and invoices[0]["currency"] == "RUB"
    assert invoices[0]["provider_token"].startswith("1744374395:TEST:")


def test_pre_checkout_is_refused_with_the_message_when_the_last_portion_sold_meanwhile(
        open_app, telegram_payments, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), "/demos/restaurant")
    place_order_of_first_dish(page)
    page.get_by_test_id("pay-online").click()
    opened_invoice(page)  # the last portion goes while the form is open, not before the invoice is issued
    dish, name = rows(prod_database_url, "SELECT l.dish_slug, l.name_en FROM restaurant_order_lines l "
                                         "JOIN restaurant_orders o ON o.id = l.order_id WHERE o.user_id = :u",
                      u=user)[0]
    execute(prod_database_url, "UPDATE restaurant_dishes SET is_available = :no WHERE slug = :s", no=False, s=dish)
    try:
        refused = telegram_payments.settle(page, "paid")
    finally:
        execute(prod_database_url, "UPDATE restaurant_dishes SET is_available = :yes WHERE slug = :s", yes=True,
                s=dish)

    assert refused.status == "failed" and refused.pre_checkout["ok"] is False
    assert refused.pre_checkout["error_message"] == f"Sorry, {name} has just sold out. Nothing was charged."
    expect(page.get_by_test_id("payment-status")).to_contain_text("failed")
    assert rows(prod_database_url, "SELECT payment FROM restaurant_orders WHERE user_id = :u", u=user) == [
        ("pay_on_pickup",)]


def test_a_shop_order_paid_through_the_provider_and_refunded_with_the_providers_reference(
        open_app, telegram_payments, prod_database_url):
    user = new_user()
    page = open_app(signed_in(user), "/demos/ecommerce/product/star-cap")
    expect(page.get_by_test_id("product-name")).to_be_visible()
    main_button_text(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("added")).to_have_text("Added to the cart")
    page.goto(page.url.split("/demos/")[0] + "/demos/ecommerce/checkout")
    page.get_by_test_id("field-name").fill("Anna Petrova")
    page.get_by_test_id("field-phone").fill("+7 999 123-45-67")
    page.get_by_test_id("field-address").fill("Moscow, Tverskaya street 7, flat 12")
    main_button_text(page)
    fire(page, "mainButtonClicked")
    expect(page.get_by_test_id("order-title")).to_be_visible()
    page.get_by_test_id("pay-online").click()

    paid = telegram_payments.settle(page, "paid")

    assert paid.pre_checkout["ok"] is True
    expect(page.get_by_test_id("order-payment")).to_have_text("Paid online")
    expect(page.get_by_test_id("pay-online")).to_have_count(0)
    assert rows(prod_database_url, "SELECT payment FROM ecommerce_orders WHERE user_id = :u", u=user) == [
        ("paid_online",)]
    # The admin refunds it at the provider and records the provider's reference here.
    admin = open_app(signed_in(PAYMENTS_ADMIN_ID), "/admin/payments")
    row = admin.get_by_test_id("payment-row").filter(has_text=str(user))
    row.get_by_test_id("refund-reference").fill("provider-refund-2041")
    row.get_by_test_id("refund-button").click()
    expect(admin.get_by_test_id("admin-payments-message")).to_contain_text("shop order")
    assert rows(prod_database_url, "SELECT payment FROM ecommerce_orders WHERE user_id = :u", u=user) == [
        ("refunded",)]
    assert rows(prod_database_url, "SELECT refund_reference FROM payments WHERE user_id = :u", u=user) == [
        ("provider-refund-2041",)]
    page.reload()
    expect(page.get_by_test_id("order-payment")).to_have_text("Payment refunded")
