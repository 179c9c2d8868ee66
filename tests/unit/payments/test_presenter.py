"""What the buyer reads: a refusal says why (a bot is needed in dev), a closed form says what happened."""

from __future__ import annotations

from tma_app.payments.bot_link import BotNeeded
from tma_app.payments.errors import InvoiceFailed, ProductUnknown, ProviderNotConfigured
from tma_app.payments.presenter import closed_text, refusal_text
from tma_app.payments.products import Refusal


def test_each_refusal_says_why_in_the_users_language():
    assert "need a bot" in refusal_text(BotNeeded("x"), "en") and "TELEGRAM_BOT_TOKEN" in refusal_text(
        BotNeeded("x"), "en")
    assert "нужен бот" in refusal_text(BotNeeded("x"), "ru")
    assert refusal_text(Refusal("sold_out", "Sorry, Pork gyoza has just sold out."), "en") == (
        "Sorry, Pork gyoza has just sold out.")
    assert "pickup or delivery" in refusal_text(ProviderNotConfigured("x"), "en")
    assert "Nothing was charged" in refusal_text(InvoiceFailed("x"), "en")
    assert refusal_text(ProductUnknown("x"), "en") == "This item cannot be bought."


def test_a_closed_form_says_what_happened_and_that_nothing_was_charged_when_not_paid():
    assert closed_text("cancelled", "en") == "Payment cancelled. Nothing was charged; you can pay again."
    assert closed_text("failed", "ru").startswith("Оплата не прошла")
    assert closed_text("paid", "en") == "Paid. Thank you!"
    assert "still processing" in closed_text("pending", "en")
