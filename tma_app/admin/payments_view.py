"""Payments as /admin/payments shows them: one row per payment, the last reconciliation. No reflex."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.payments.models import STARS, Payment, Reconciliation


class PaymentRow(BaseModel):
    id: int
    when: str
    user: str
    product: str
    amount: str
    status: str
    charge: str
    refundable: bool
    # Provider payments are refunded at the provider: the admin types its reference here.
    needs_reference: bool
    refund_reference: str


class DifferenceRow(BaseModel):
    charge_id: str
    problem: str
    ours: str
    theirs: str


class ReconciliationView(BaseModel):
    summary: str = ""
    error: str = ""
    differences: list[DifferenceRow] = []


def amount_text(amount: int, currency: str, language: Language) -> str:
    return f"{amount} ⭐" if currency == STARS else format_money(amount, language)


def payment_rows(payments: Iterable[Payment], language: Language) -> list[PaymentRow]:
    return [
        PaymentRow(
            id=payment.id,
            when=(payment.paid_at or payment.created_at).strftime("%Y-%m-%d %H:%M"),
            user=str(payment.user_id),
            product=f"{payment.title} ({payment.kind} {payment.ref})",
            amount=amount_text(payment.amount, payment.currency, language),
            status=payment.status,
            charge=payment.telegram_charge_id or "",
            refundable=payment.status == "paid",
            needs_reference=payment.status == "paid" and payment.currency != STARS,
            refund_reference=payment.refund_reference or "",
        )
        for payment in payments
    ]


def reconciliation_view(report: Reconciliation | None, language: Language) -> ReconciliationView:
    if report is None:
        return ReconciliationView(summary=text("admin_pay_never_reconciled", language))
    return ReconciliationView(
        summary=text("admin_pay_reconciled", language, when=report.ran_at.strftime("%Y-%m-%d %H:%M UTC"),
                     checked=str(report.checked), count=str(len(report.differences))),
        error=report.error or "",
        differences=[DifferenceRow(**{key: str(d.get(key, "")) for key in ("charge_id", "problem", "ours", "theirs")})
                     for d in report.differences[:100]],
    )
