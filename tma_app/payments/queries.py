"""What the screens read: a payment's status for its buyer, what a user owns, the admin's list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.payments.models import STARS, Payment, Reconciliation

ADMIN_PAGE = 100


def status_for_buyer(session: Session, user_id: int, payment_id: int) -> str | None:
    """The payment's status as its buyer may see it; None for a missing one or someone else's."""
    payment = session.get(Payment, payment_id)
    return payment.status if payment is not None and payment.user_id == user_id else None


def owns(session: Session, user_id: int, kind: str, ref: str) -> bool:
    """Whether the user has paid (and not been refunded) for this product."""
    return session.exec(
        select(func.count()).select_from(Payment)
        .where(Payment.user_id == user_id, Payment.kind == kind, Payment.ref == ref, Payment.status == "paid")
    ).one() > 0


def owned_refs(session: Session, user_id: int, kind: str) -> set[str]:
    return set(session.exec(
        select(Payment.ref).where(Payment.user_id == user_id, Payment.kind == kind, Payment.status == "paid")
    ).all())


def recent_payments(session: Session, *, limit: int = ADMIN_PAGE) -> list[Payment]:
    """Paid and refunded payments first by date, then the newest open ones: what an admin acts on."""
    limit = max(1, min(limit, 500))
    return list(session.exec(
        select(Payment).where(col(Payment.status).in_(("paid", "refunded")))
        .order_by(col(Payment.id).desc()).limit(limit)
    ).all())


@dataclass(frozen=True, slots=True)
class PaymentsSummary:
    """What the admin dashboard shows of payments: the last day, and the last reconciliation."""

    paid: int
    refunded: int
    stars: int
    rubles_kopecks: int
    reconciled_at: datetime | None
    differences: int | None  # None: never reconciled
    reconcile_error: bool


def payments_summary(session: Session, since: datetime) -> PaymentsSummary:
    rows = session.exec(
        select(Payment.status, Payment.currency, func.count(), func.coalesce(func.sum(Payment.amount), 0))
        .where(col(Payment.status).in_(("paid", "refunded")), col(Payment.paid_at) >= since)
        .group_by(Payment.status, Payment.currency)
    ).all()
    paid = sum(n for status, _, n, _ in rows if status == "paid")
    refunded = sum(n for status, _, n, _ in rows if status == "refunded")
    stars = sum(int(total) for status, currency, _, total in rows if status == "paid" and currency == STARS)
    rubles = sum(int(total) for status, currency, _, total in rows if status == "paid" and currency != STARS)
    report = session.exec(select(Reconciliation).order_by(col(Reconciliation.id).desc()).limit(1)).first()
    return PaymentsSummary(
        paid, refunded, stars, rubles,
        reconciled_at=report.ran_at if report else None,
        differences=len(report.differences) if report else None,
        reconcile_error=bool(report and report.error),
    )
