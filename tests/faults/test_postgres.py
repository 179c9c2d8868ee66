"""PostgreSQL failing under a crowd: its connections killed, then the server unresponsive for 10 s.

Users may be told an action failed and to try again (the session's notice); nothing may be half
written, the pools must recover without a restart, and every event in the outbox is applied once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.crowd import BASE, CART, FAILED, SESSION, SIGN_IN_REQUIRED, Crowd, UserLog, redirect_to_order
from tests.support.reflex_client import ReflexClient, event_name
from tests.support.topology import get
from tests.support.waiting import eventually

USERS = 30
PAUSE_S = 10


def terminate_connections(database_url: str) -> int:
    """pg_terminate_backend for every connection to the run's database but this one: how many it ended."""
    url = make_url(database_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": url.database}).all())
    finally:
        admin.dispose()


def told(crowd: Crowd) -> dict[str, int]:
    """The notices users were shown, counted."""
    seen: dict[str, int] = {}
    for log in crowd.logs:
        for notice in log.notices:
            seen[notice] = seen.get(notice, 0) + 1
    return seen


def only_retryable(notices: dict[str, int]) -> dict[str, int]:
    """Notices other than the ones a user expects in a crowd (added to cart) or in an outage (try again).

    "Open the app from Telegram" is expected too, on an overloaded host: a sign-in that outlived the tab's
    state lock (3 s) is answered but not kept, so the next action asks for it again (the page signs in again).
    """
    expected = (FAILED, SIGN_IN_REQUIRED, "Added to the cart")
    return {n: c for n, c in notices.items() if n not in expected and not n.startswith("Too many")}


def test_connections_killed_under_load(topology_intact):
    faults = topology_intact
    with Crowd(faults.url, faults.topology.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_300_000) as crowd:
        crowd.wait_for_orders(USERS)
        ended = 0
        for _ in range(3):  # three times, a few orders apart: some land in the middle of a transaction
            ended += terminate_connections(faults.database_url)
            crowd.wait_for_orders(5, timeout=30)
        crowd.wait_for_orders(USERS, timeout=60)
    crowd.raise_failures()
    notices = told(crowd)
    print(f"{ended} connections ended; {crowd.orders()} orders; notices {notices}")
    assert ended >= 3
    assert not only_retryable(notices), notices
    faults.check_invariants(crowd)


def test_postgres_unresponsive_for_10_s_under_load(topology_intact):
    faults = topology_intact
    with Crowd(faults.url, faults.topology.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_400_000) as crowd:
        crowd.wait_for_orders(USERS)
        before = crowd.orders()
        faults.database_link.freeze()
        frozen_at = time.monotonic()
        try:
            # The pause is the fault's length; meanwhile the backends stay alive and answer what needs no database.
            while time.monotonic() - frozen_at < PAUSE_S:
                for backend in faults.topology.backends.values():
                    assert get(f"{backend.url}/api/health/live")[0] == 200
                    assert backend.running
                time.sleep(0.5)  # the poll interval of the checks made during the pause
            during = crowd.orders() - before
        finally:
            faults.database_link.thaw()
        eventually(lambda: get(f"{faults.url}/api/health")[0], lambda s: s == 200, what="the database back",
                   timeout_s=15)
        crowd.wait_for_orders(USERS, timeout=60)
    crowd.raise_failures()
    notices = told(crowd)
    print(f"orders during the pause {during}; {crowd.orders()} in all; no answer "
          f"{sum(log.no_answers for log in crowd.logs)} times; notices {notices}")
    # Actions caught by the pause outlived their tab's state lock (3 s): their users were told to try again.
    assert notices.get(FAILED, 0) > 0, notices
    assert not only_retryable(notices), notices
    faults.check_invariants(crowd)


async def step(what: str, wait: Awaitable[object]) -> None:
    try:
        await wait
    except TimeoutError:
        raise AssertionError(f"{what}: not within its deadline") from None


def test_an_order_whose_connection_dies_in_flight_is_placed_by_the_next_tap(topology_intact):
    """The order's transaction loses its connection half-way: the user is told to try again, and trying
    again places it (once)."""
    faults = topology_intact
    probe = UserLog(9_499_999)
    engine = create_engine(make_url(faults.database_url))

    def order_transaction_waiting() -> list[int]:
        with engine.connect() as connection:
            return list(connection.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND wait_event_type = 'Lock' AND query LIKE '%restaurant_cart_lines%'")).scalars())

    async def order_cut_mid_flight(crowd: Crowd) -> tuple[str, int | None]:
        tab = ReflexClient(faults.url, path=BASE, token=probe.token)
        await crowd.connect(tab, probe)
        await crowd.add_a_dish(tab, probe)
        tab.state.setdefault(CART, {})["loading"] = True
        await tab.send(event_name(CART, "open"), page=f"{BASE}/cart")
        await tab.wait_for(lambda t: t.var(CART, "loading") is False and bool(t.var(CART, "slots")), 30)
        key, slot = str(tab.var(CART, "order_key")), tab.var(CART, "slots")[0]["id"]
        order = {"key": key, "mode": "pickup", "slot": slot, "address": ""}

        # The test holds the user's cart lines, so the order's transaction stops half-way, on their lock;
        # its connection is ended there (pg_terminate_backend), then the lines are let go.
        with engine.connect() as holder, holder.begin():
            holder.execute(text("SELECT id FROM restaurant_cart_lines WHERE user_id = :u FOR UPDATE"),
                           {"u": probe.user_id})
            await tab.send(event_name(CART, "place_order"), order)
            await step("the order shown pending", tab.wait_for(lambda t: t.var(CART, "placing") is True, 15))
            waiting = await asyncio.to_thread(eventually, order_transaction_waiting, what="the order's transaction")
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": waiting[0]})
        await step("the user told to try again", tab.wait_for(lambda t: t.var(SESSION, "notice") == FAILED, 20))
        await tab.send(event_name(SESSION, "dismiss_notice"))

        start = len(tab.updates)
        await tab.send(event_name(CART, "place_order"), order)  # the user taps Order again
        try:
            await tab.wait_for(lambda t: redirect_to_order(t, start) is not None, 20)
        except TimeoutError:
            pass
        await tab.close()
        return key, redirect_to_order(tab, start)

    try:
        with Crowd(faults.url, faults.topology.env["TELEGRAM_BOT_TOKEN"], users=USERS, first_id=9_450_000) as crowd:
            crowd.wait_for_orders(USERS)
            key, order_id = crowd.run(order_cut_mid_flight(crowd))
            assert order_id is not None, "tapping Order again after the failure did nothing"
            crowd.wait_for_orders(USERS // 2, timeout=60)
    finally:
        engine.dispose()
    crowd.raise_failures()
    probe.accepted[key] = order_id
    faults.check_invariants(crowd, extra_users=[probe])
