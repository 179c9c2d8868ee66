"""What the buyer reads when a purchase cannot start: each refusal in the user's language. No reflex."""

from __future__ import annotations

import logging

from tma_app.core.i18n import Language, text
from tma_app.payments.bot_link import BotNeeded
from tma_app.payments.errors import InvoiceFailed, ProviderNotConfigured
from tma_app.payments.products import Refusal

log = logging.getLogger(__name__)


def refusal_text(error: Exception, language: Language) -> str:
    if isinstance(error, Refusal):
        return error.message
    if isinstance(error, BotNeeded):
        return text("pay_bot_needed", language)
    if isinstance(error, ProviderNotConfigured):
        return text("pay_provider_missing", language)
    if isinstance(error, InvoiceFailed):
        return text("pay_invoice_failed", language)
    log.info("purchase refused: %s", getattr(error, "code", type(error).__name__))
    return text("pay_unknown_product", language)


def closed_text(status: str, language: Language) -> str:
    """What Telegram's form reported when it closed; "paid" is said only once the server confirmed it."""
    return text({"cancelled": "pay_cancelled", "failed": "pay_failed", "paid": "pay_paid"}.get(status, "pay_pending"),
                language)
