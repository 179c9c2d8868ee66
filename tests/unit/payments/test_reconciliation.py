"""Reconciliation: every way our Stars payments and Telegram's transactions can disagree is named."""

from __future__ import annotations

from tests.unit.payments.conftest import BotError
from tests.unit.payments.steps import invoice_payment, successful_payment
from tma_app.core.db import session_scope
from tma_app.payments.checkout import record_successful_payment
from tma_app.payments.reconciliation import OurCharge, compare, latest_report, reconcile


def incoming(charge: str, amount: int, user: int = 1) -> dict:
    return {"id": charge, "amount": amount, "date": 1, "source": {"type": "user", "user": {"id": user}}}


def refunded(charge: str, amount: int, user: int = 1) -> dict:
    return {"id": charge, "amount": amount, "date": 2, "receiver": {"type": "user", "user": {"id": user}}}


def test_agreeing_sides_have_no_differences():
    ours = [OurCharge("a", 50, False, 1), OurCharge("b", 25, True, 2)]
    assert compare(ours, [incoming("a", 50), incoming("b", 25), refunded("b", 25)]) == []


def test_each_kind_of_difference_is_reported_once():
    ours = [
        OurCharge("missing", 50, False, 1),
        OurCharge("amount", 50, False, 2),
        OurCharge("refunded-there", 25, False, 3),
        OurCharge("refunded-here", 25, True, 4),
    ]
    theirs = [incoming("amount", 40), incoming("refunded-there", 25), refunded("refunded-there", 25),
              incoming("refunded-here", 25), incoming("stranger", 10)]
    found = {(d.charge_id, d.problem) for d in compare(ours, theirs)}
    assert found == {
        ("missing", "missing_at_telegram"), ("amount", "amount_differs"),
        ("refunded-there", "refund_only_at_telegram"), ("refunded-here", "refund_only_here"),
        ("stranger", "unknown_to_us"),
    }


async def test_the_job_pages_through_telegrams_list_and_keeps_the_report(bot, user_id):
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    with session_scope() as session:
        record_successful_payment(session, successful_payment(payment, f"stx-rec-{user_id}"))
    # 150 unrelated transactions of other tests' users, then ours: two pages.
    bot.transactions = [incoming(f"other-{i}", 1) for i in range(150)] + [incoming(f"stx-rec-{user_id}", 25)]
    report = await reconcile()
    assert [c["offset"] for c in bot.called("getStarTransactions")] == [0, 100]
    ours = [d for d in report.differences if d["charge_id"] == f"stx-rec-{user_id}"]
    assert ours == [] and report.error is None and report.checked >= 1
    assert sum(d["problem"] == "unknown_to_us" for d in report.differences) == 150


async def test_telegram_unreachable_is_kept_as_the_reports_error(bot):
    bot.fail["getStarTransactions"] = BotError("Too Many Requests: retry after 5")
    report = await reconcile()
    assert report.error and "retry after 5" in report.error
    with session_scope() as session:
        assert latest_report(session).id == report.id


async def test_the_dashboard_summary_counts_the_last_day_and_the_last_report(bot, user_id):
    from datetime import timedelta

    from tma_app.core.time import utcnow
    from tma_app.payments.queries import payments_summary

    since = utcnow() - timedelta(seconds=1)
    payment = await invoice_payment(user_id, "coin_pack", "coins-100")
    with session_scope() as session:
        record_successful_payment(session, successful_payment(payment, f"stx-sum-{user_id}"))
    bot.transactions = []
    await reconcile()
    with session_scope() as session:
        summary = payments_summary(session, since)
    assert summary.paid >= 1 and summary.stars >= 25
    assert summary.reconciled_at is not None and summary.differences and not summary.reconcile_error


async def test_the_periodic_job_reconciles_until_the_backend_stops(bot, monkeypatch):
    import asyncio

    from tma_app.payments import reconciliation

    rounds: list[int] = []

    async def counted() -> None:
        rounds.append(1)

    monkeypatch.setattr(reconciliation, "reconcile", counted)
    monkeypatch.setattr(reconciliation, "RECONCILE_EVERY_S", 0.01)
    monkeypatch.setattr(reconciliation, "FIRST_AFTER_S", 0.0)
    async with reconciliation.reconcile_periodically():
        await asyncio.sleep(0.1)
    seen = len(rounds)
    await asyncio.sleep(0.05)
    assert seen >= 2 and len(rounds) == seen
