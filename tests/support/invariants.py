"""What must hold in the app's database whatever happened to it: checked after every fault.

    assert_invariants(database_url, orders={user_id: {order ids the user was told were placed}})

Read straight from the tables (the models name them) with one connection, so a fault test asks
the data itself rather than the code under test:
- every order has its lines, and a restaurant order's subtotal is the sum of its lines;
- each user's balances equal the sum of their ledger grants;
- no variant's stock is negative;
- the outbox drains: rows retried after a failure are made due at once, then nothing due is left
  unapplied (waited for, bounded; rows fall due all the time as the kitchen's clock moves, so the check
  is against the moment it was seen drained) and nothing is still failing;
- every placed restaurant order was recorded by analytics exactly once (its demo_complete event went
  through the outbox once), and every analytics event id a client was told was accepted is stored;
- with `orders`: each user's restaurant orders are exactly the ones they were told about (none
  doubled, none lost).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.support.waiting import eventually
from tma_app.core.db import make_engine

CHECKS = {
    "restaurant orders without lines":
        "SELECT o.id FROM restaurant_orders o LEFT JOIN restaurant_order_lines l ON l.order_id = o.id "
        "WHERE l.id IS NULL",
    "ecommerce orders without lines":
        "SELECT o.id FROM ecommerce_orders o LEFT JOIN ecommerce_order_lines l ON l.order_id = o.id "
        "WHERE l.id IS NULL",
    "restaurant orders whose subtotal is not their lines' sum":
        "SELECT o.id, o.subtotal, SUM(l.line_total) FROM restaurant_orders o "
        "JOIN restaurant_order_lines l ON l.order_id = o.id GROUP BY o.id, o.subtotal "
        "HAVING o.subtotal <> SUM(l.line_total)",
    "balances that differ from the ledger's sums":
        "SELECT COALESCE(p.user_id, g.user_id), p.xp, p.coins, g.xp, g.coins FROM gamification_profiles p "
        "FULL JOIN (SELECT user_id, SUM(xp) AS xp, SUM(coins) AS coins FROM gamification_ledger GROUP BY user_id) g "
        "ON g.user_id = p.user_id "
        "WHERE COALESCE(p.xp, 0) <> COALESCE(g.xp, 0) OR COALESCE(p.coins, 0) <> COALESCE(g.coins, 0)",
    "variants with negative stock": "SELECT id, stock FROM ecommerce_variants WHERE stock < 0",
    "outbox rows due and not applied":
        "SELECT consumer, name, event_id, last_error FROM event_outbox WHERE available_at <= :drained_at",
    "outbox rows still failing": "SELECT consumer, name, event_id, last_error FROM event_outbox "
                                 "WHERE last_error IS NOT NULL",
    "restaurant orders not recorded exactly once by analytics":
        "SELECT o.id, COUNT(a.event_id) FROM restaurant_orders o LEFT JOIN analytics_events a "
        "ON a.category = 'demo' AND a.action = 'complete' AND a.label = 'restaurant' "
        "AND a.props ->> 'order_id' = o.id::text GROUP BY o.id HAVING COUNT(a.event_id) <> 1",
}
DRAINED = "SELECT now() FROM (SELECT 1) one WHERE NOT EXISTS (SELECT 1 FROM event_outbox WHERE available_at <= now())"


def broken_invariants(database_url: str, *, orders: Mapping[int, Iterable[int]] | None = None,
                      accepted_analytics: Iterable[str] = (), drain_timeout_s: float = 30) -> dict[str, list[tuple]]:
    """Each broken invariant with the rows that break it (at most 20 each); empty when all hold."""
    engine = make_engine(database_url)
    broken: dict[str, list[tuple]] = {}
    try:
        cutoff = {"drained_at": _drained(engine, drain_timeout_s) or datetime.now(UTC)}
        with engine.connect() as connection:
            for name, query in CHECKS.items():
                if found := [tuple(r) for r in connection.execute(text(query), cutoff).fetchmany(20)]:
                    broken[name] = found
            if ids := sorted(set(accepted_analytics)):
                stored = {str(r[0]) for r in connection.execute(
                    text("SELECT event_id FROM analytics_events WHERE event_id::text = ANY(:ids)"), {"ids": ids})}
                if missing := [(i,) for i in ids if i not in stored][:20]:
                    broken["accepted analytics events not stored"] = missing
            if orders:
                stored_orders: dict[int, set[int]] = {}
                for user_id, order_id in connection.execute(
                        text("SELECT user_id, id FROM restaurant_orders WHERE user_id = ANY(:users)"),
                        {"users": list(orders)}):
                    stored_orders.setdefault(user_id, set()).add(order_id)
                differ = [(user, sorted(set(told)), sorted(stored_orders.get(user, set())))
                          for user, told in orders.items() if set(told) != stored_orders.get(user, set())]
                if differ:
                    broken["users whose orders differ from what they were told (user, told, stored)"] = differ[:20]
    finally:
        engine.dispose()
    return broken


def assert_invariants(database_url: str, *, orders: Mapping[int, Iterable[int]] | None = None,
                      accepted_analytics: Iterable[str] = (), drain_timeout_s: float = 30) -> None:
    broken = broken_invariants(database_url, orders=orders, accepted_analytics=accepted_analytics,
                               drain_timeout_s=drain_timeout_s)
    assert not broken, "invariants broken:\n" + "\n".join(f"- {name}: {found}" for name, found in broken.items())


def _drained(engine: Engine, timeout_s: float) -> datetime | None:
    """The database's time at which no outbox row was due (the outbox workers had caught up); None if never.

    Rows that failed during the fault wait out their backoff (up to minutes): they are made due now,
    as the passing of that time would, so that draining means every row was tried again.
    """
    with engine.begin() as connection:
        connection.execute(text("UPDATE event_outbox SET available_at = now() WHERE attempts > 0"))

    def drained_at() -> datetime | None:
        with engine.connect() as connection:
            return connection.execute(text(DRAINED)).scalar_one_or_none()

    try:
        return eventually(drained_at, lambda at: at is not None, what="the outbox drained", timeout_s=timeout_s)
    except AssertionError:
        return None  # the check below names the rows left
