"""What the screens read: a payment's status for its buyer, what a user owns, the admin's list."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from tma_app.payments.models import Payment

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
