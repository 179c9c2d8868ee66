"""What payments refuse, typed; each carries a code the screens map to the user's language."""

from __future__ import annotations


class PaymentError(Exception):
    code = "PAYMENT_ERROR"


class PaymentNotFound(PaymentError):
    code = "PAYMENT_NOT_FOUND"


class ProductUnknown(PaymentError):
    code = "PRODUCT_UNKNOWN"


class ProviderNotConfigured(PaymentError):
    """A fiat invoice without TELEGRAM_PAYMENT_PROVIDER_TOKEN: only pay on pickup/delivery is offered."""

    code = "PROVIDER_NOT_CONFIGURED"


class InvoiceFailed(PaymentError):
    """Telegram refused to make the invoice link."""

    code = "INVOICE_FAILED"


class RefundRefused(PaymentError):
    code = "REFUND_REFUSED"
