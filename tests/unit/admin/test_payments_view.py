"""What /admin/payments shows: amounts in their currency, what can be refunded and how, the last reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime

from tma_app.admin.payments_view import payment_rows, reconciliation_view
from tma_app.payments.models import Payment, Reconciliation

AT = datetime(2026, 12, 6, 12, 30, tzinfo=UTC)


def payment(**fields) -> Payment:
    base = dict(id=1, payload="p", user_id=77, kind="coin_pack", ref="coins-100", title="100 coins", description="d",
                amount=25, currency="XTR", status="paid", telegram_charge_id="stx-1", created_at=AT, paid_at=AT)
    return Payment(**{**base, **fields})


def test_stars_and_provider_payments_are_refunded_differently():
    stars, rubles, refunded = payment_rows([
        payment(),
        payment(id=2, kind="restaurant_order", ref="9", amount=54_000, currency="RUB"),
        payment(id=3, status="refunded", refund_reference="stx-1"),
    ], "en")
    assert (stars.amount, stars.refundable, stars.needs_reference) == ("25 ⭐", True, False)
    assert (rubles.amount, rubles.refundable, rubles.needs_reference) == ("540\u00a0₽", True, True)
    assert (refunded.refundable, refunded.refund_reference) == (False, "stx-1")
    assert stars.product == "100 coins (coin_pack coins-100)" and stars.when == "2026-12-06 12:30"


def test_the_last_reconciliation_is_summarised_with_its_differences():
    assert reconciliation_view(None, "en").summary == "Not reconciled yet."
    report = Reconciliation(id=1, ran_at=AT, checked=3, differences=[
        {"charge_id": "x", "problem": "unknown_to_us", "ours": "no such payment", "theirs": "10 ⭐ paid"}])
    view = reconciliation_view(report, "en")
    assert view.summary == "Reconciled 2026-12-06 12:30 UTC: 3 Stars payments, 1 difference(s)"
    assert [d.problem for d in view.differences] == ["unknown_to_us"] and view.error == ""


def test_the_dashboard_panel_says_how_the_last_reconciliation_went():
    from tma_app.admin.dashboard_view import payments_panel
    from tma_app.payments.queries import PaymentsSummary

    never = payments_panel(PaymentsSummary(0, 0, 0, 0, None, None, False))
    assert (never.received, never.reconcile_state, never.reconciled) == ("—", "never", "—")
    found = payments_panel(PaymentsSummary(3, 1, 75, 108_000, AT, 2, False))
    assert (found.paid, found.refunded, found.received) == (3, 1, "75 ⭐ · 1,080\u00a0₽")
    assert (found.reconcile_state, found.differences, found.reconciled) == ("differences", 2, "12-06 12:30 UTC")
    assert payments_panel(PaymentsSummary(0, 0, 0, 0, AT, 0, True)).reconcile_state == "error"
    assert payments_panel(PaymentsSummary(0, 0, 0, 0, AT, 0, False)).reconcile_state == "ok"
