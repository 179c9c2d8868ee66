"""Reconciliation: our Stars payments against Telegram's own list (`getStarTransactions`).

`compare` is pure: given our paid and refunded Stars payments and Telegram's transactions, it
names every charge the two sides disagree on. `reconcile` fetches every page of transactions,
compares, and keeps the report; the admin payments page and the dashboard show the latest one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session, col, select

from tma_app.core.db import in_session
from tma_app.payments.bot_link import bot_ready, payments_bot
from tma_app.payments.models import STARS, Payment, Reconciliation

log = logging.getLogger(__name__)

PAGE = 100  # getStarTransactions' largest page
RECONCILE_EVERY_S = 6 * 3600
FIRST_AFTER_S = 15 * 60  # not while a deploy is still starting
MAX_PAGES = 500  # 50,000 transactions: a bound, so a misbehaving server cannot keep us paging forever


@dataclass(frozen=True, slots=True)
class OurCharge:
    charge_id: str
    amount: int
    refunded: bool
    payment_id: int


@dataclass(frozen=True, slots=True)
class Difference:
    charge_id: str
    problem: str  # missing_at_telegram | unknown_to_us | amount_differs | refund_only_at_telegram
    #             | refund_only_here
    ours: str
    theirs: str


def telegram_view(transactions: Iterable[dict[str, Any]]) -> dict[str, tuple[int, bool]]:
    """charge id -> (Stars received, refunded) from StarTransactions.

    An incoming payment has a `source` (the user paying); its refund reuses the id and has a
    `receiver` instead.
    """
    seen: dict[str, tuple[int, bool]] = {}
    for transaction in transactions:
        charge = transaction.get("id")
        if not isinstance(charge, str):
            continue
        amount, refunded = seen.get(charge, (0, False))
        if transaction.get("source") is not None:
            amount = int(transaction.get("amount") or 0)
        elif transaction.get("receiver") is not None:
            refunded = True
        seen[charge] = (amount, refunded)
    return seen


def compare(ours: Sequence[OurCharge], transactions: Iterable[dict[str, Any]]) -> list[Difference]:
    theirs = telegram_view(transactions)
    differences = []
    for charge in ours:
        status = "refunded" if charge.refunded else "paid"
        mine = f"payment {charge.payment_id}: {charge.amount} ⭐ {status}"
        found = theirs.pop(charge.charge_id, None)
        if found is None or found[0] == 0:
            differences.append(Difference(charge.charge_id, "missing_at_telegram", mine, "no such payment"))
            continue
        amount, refunded = found
        there = f"{amount} ⭐ {'refunded' if refunded else 'paid'}"
        if amount != charge.amount:
            differences.append(Difference(charge.charge_id, "amount_differs", mine, there))
        elif refunded and not charge.refunded:
            differences.append(Difference(charge.charge_id, "refund_only_at_telegram", mine, there))
        elif charge.refunded and not refunded:
            differences.append(Difference(charge.charge_id, "refund_only_here", mine, there))
    for charge_id, (amount, refunded) in theirs.items():
        if amount:
            differences.append(Difference(charge_id, "unknown_to_us", "no such payment",
                                          f"{amount} ⭐ {'refunded' if refunded else 'paid'}"))
    return differences


def our_star_charges(session: Session) -> list[OurCharge]:
    payments = session.exec(
        select(Payment).where(Payment.currency == STARS, col(Payment.status).in_(("paid", "refunded")),
                              col(Payment.telegram_charge_id).is_not(None))
    ).all()
    return [OurCharge(p.telegram_charge_id or "", p.amount, p.status == "refunded", p.id) for p in payments]


def save_report(session: Session, checked: int, differences: list[Difference], error: str | None = None
                ) -> Reconciliation:
    report = Reconciliation(checked=checked, differences=[asdict(d) for d in differences],
                            error=error[:300] if error else None)
    session.add(report)
    session.flush()
    return report


def latest_report(session: Session) -> Reconciliation | None:
    return session.exec(select(Reconciliation).order_by(col(Reconciliation.id).desc()).limit(1)).first()


async def fetch_all_transactions() -> list[dict[str, Any]]:
    bot, offset = payments_bot(), 0
    transactions: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        page = (await bot.get_star_transactions(offset=offset, limit=PAGE)).get("transactions") or []
        transactions.extend(t for t in page if isinstance(t, dict))
        if len(page) < PAGE:
            break
        offset += len(page)
    return transactions


async def reconcile() -> Reconciliation:
    """Compare and keep the report; a failure to reach Telegram is kept as the report's error."""
    try:
        transactions = await fetch_all_transactions()
    except Exception as exc:  # noqa: BLE001 - reported on the admin page, not raised into a button
        log.warning("reconciliation could not read Star transactions: %s", exc)
        return await in_session(save_report, 0, [], f"could not read Telegram's transactions: {exc}")
    ours = await in_session(our_star_charges)
    differences = compare(ours, transactions)
    if differences:
        log.warning("reconciliation: %d difference(s) with Telegram", len(differences))
    return await in_session(save_report, len(ours), differences)


async def _every(period_s: float, first_after_s: float) -> None:
    await asyncio.sleep(first_after_s)
    while True:
        try:
            await reconcile()
        except Exception:  # noqa: BLE001 - the next round tries again; the page shows the last report
            log.exception("periodic reconciliation failed")
        await asyncio.sleep(period_s)


@contextlib.asynccontextmanager
async def reconcile_periodically() -> AsyncIterator[None]:
    """Reflex lifespan task: reconcile every RECONCILE_EVERY_S while the backend runs (with a bot).

    Each backend runs its own; two reports a round are harmless, and a missed round is only late.
    """
    task = asyncio.create_task(_every(RECONCILE_EVERY_S, FIRST_AFTER_S)) if bot_ready() else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
