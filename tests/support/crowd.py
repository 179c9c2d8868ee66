"""A crowd of simulated users on the restaurant demo, speaking Reflex's websocket protocol, in the
background of a fault test.

Each user is one tab (tests/support/reflex_client.py) signed in with its own signed initData, going
round the restaurant: open a dish, add it, open the cart, order with a key made by the cart, think
for a second between actions. What a user sees is kept: every order the server accepted (its key
and the order id of the redirect), every notice, every lost connection and how long getting back
took. A user whose socket closes reconnects through the proxy with the same tab token and sends an
unanswered order again with the same key (the server places it once); one whose tab state is gone
(Redis lost it) signs in again.

    with Crowd(topology.url, bot_token, users=30, first_id=9_100_000) as crowd:
        crowd.wait_for_orders(30)    # the crowd is busy
        ...                          # the fault
        crowd.wait_for_orders(30)    # and busy again
    crowd.raise_failures()           # no user gave up
    crowd.logs                       # what each user saw: orders by key, notices, reconnects, sign-ins
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.support.reflex_client import ReflexClient, event_name
from tests.support.waiting import eventually
from tma_app.telegram.init_data import sign_init_data

# The states' full names on the wire (State.get_full_name()), spelled out so that the crowd does not load the app.
SESSION = "reflex___state____state.tma_app___session___state____session_state"
MENU = "reflex___state____state.tma_app___demos___restaurant___state____restaurant_menu_state"
DISH = "reflex___state____state.tma_app___demos___restaurant___state____restaurant_dish_state"
CART = "reflex___state____state.tma_app___demos___restaurant___cart_state____restaurant_cart_state"
BASE = "/demos/restaurant"
ANSWER_TIMEOUT_S = 15  # one action's answer; longer means "no answer" to this user
RECONNECT_TIMEOUT_S = 60
THINK_S = (0.6, 1.4)
DRAIN_S = 20  # after stop, to get an answer for an order still unanswered
SIGN_IN_REQUIRED = "Open the app from Telegram to do that."
FAILED = "Something went wrong on our side. Please try again."


class NoAnswer(Exception):
    """The server did not answer an action in time, or the socket closed first."""


@dataclass
class UserLog:
    user_id: int
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    accepted: dict[str, int] = field(default_factory=dict)  # order key -> order id the server redirected to
    order_keys_sent: dict[str, int] = field(default_factory=dict)  # key -> times sent
    notices: list[str] = field(default_factory=list)
    double_taps: int = 0
    pending_seen: int = 0  # orders whose "placing" state reached the user before the answer
    no_answers: int = 0
    reconnects: list[float] = field(default_factory=list)  # seconds from a lost socket to a hydrated one
    back_at: float = 0.0  # when its last reconnect was hydrated (time.monotonic())
    sign_ins: int = 0
    failures: list[str] = field(default_factory=list)  # what stopped this user for good
    tab: ReflexClient | None = None
    pending_key: str | None = None  # an order sent and not yet accepted: the next round sends it again,
    pending_slot: str = ""  # with the same slot (the key stands for that exact request)


class Crowd:
    def __init__(self, base_url: str, bot_token: str, *, users: int, first_id: int, seed: int = 16,
                 arrive_over_s: float = 3, double_taps: float = 0) -> None:
        self.base_url, self.bot_token, self.arrive_over_s = base_url, bot_token, arrive_over_s
        self.double_taps = double_taps  # the share of orders tapped twice
        self.logs = [UserLog(first_id + i) for i in range(users)]
        self._random = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="crowd", daemon=True)
        self._stop: asyncio.Event | None = None
        self._drain_until = 0.0
        self._tasks: list[asyncio.Future[Any]] = []

    # ------------------------------------------------------------------ the test's side (its own thread)

    def __enter__(self) -> Crowd:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def stop(self, timeout: float = 60) -> None:
        """Let every user finish its current action (bounded), then close the tabs."""
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._finish(), self._loop).result(timeout=timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def orders(self) -> int:
        return sum(len(log.accepted) for log in self.logs)

    def connected(self) -> int:
        return sum(1 for log in self.logs if log.tab is not None and log.tab.connected)

    def signed_in(self) -> int:
        return sum(1 for log in self.logs if log.sign_ins)

    def wait_for_orders(self, more: int, timeout: float = 90) -> None:
        """Until the crowd has placed `more` orders beyond what it had (proof it is busy)."""
        target = self.orders() + more
        eventually(self.orders, lambda n: n >= target, what=f"{more} more orders from the crowd", timeout_s=timeout)
        self.raise_failures()

    def run(self, coroutine: Any, timeout: float = 120) -> Any:
        """Run a test's own coroutine on the crowd's loop (its own tab among the crowd's)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=timeout)

    def raise_failures(self) -> None:
        failed = [f"user {log.user_id}: {failure}" for log in self.logs for failure in log.failures]
        assert not failed, "simulated users gave up:\n" + "\n".join(failed[:20])

    # ------------------------------------------------------------------ the users (the crowd's loop)

    async def _start(self) -> None:
        self._stop = asyncio.Event()
        for log in self.logs:
            self._tasks.append(asyncio.ensure_future(self._user(log, self._random.random())))

    async def _finish(self) -> None:
        assert self._stop is not None
        self._drain_until = time.monotonic() + DRAIN_S
        self._stop.set()
        await asyncio.wait(self._tasks, timeout=DRAIN_S + ANSWER_TIMEOUT_S * 2)
        for task in self._tasks:
            task.cancel()

    async def _user(self, log: UserLog, offset: float) -> None:
        assert self._stop is not None
        tab = log.tab = ReflexClient(self.base_url, path=BASE, token=log.token)
        try:
            await asyncio.sleep(offset * self.arrive_over_s)  # users arrive over a few seconds, not in one burst
            await self.connect(tab, log)
            # After stop, a user with an unanswered order keeps asking (bounded) until it is told.
            while not self._stop.is_set() or (log.pending_key and time.monotonic() < self._drain_until):
                try:
                    await self._round(tab, log)
                except NoAnswer:
                    log.no_answers += 1
                await self._think(tab)
                if not tab.connected:
                    await self.connect(tab, log, lost_at=tab.dropped_at or time.monotonic())
        except Exception as error:  # noqa: BLE001 - whatever stopped a user is the test's finding
            log.failures.append(f"{type(error).__name__}: {error}")
        finally:
            await tab.close()

    async def _think(self, tab: ReflexClient) -> None:
        """A user's pause between actions; a page notices a closed socket at once and reconnects, so does this."""
        assert self._stop is not None
        if self._stop.is_set() or not tab.connected:
            return
        waits = [asyncio.ensure_future(self._stop.wait()), asyncio.ensure_future(tab.until_dropped())]
        await asyncio.wait(waits, timeout=self._random.uniform(*THINK_S), return_when=asyncio.FIRST_COMPLETED)
        for waiting in waits:
            waiting.cancel()

    async def connect(self, tab: ReflexClient, log: UserLog, lost_at: float | None = None) -> None:
        """Open (or reopen) the tab's socket through the proxy, retrying until it is hydrated."""
        deadline = time.monotonic() + RECONNECT_TIMEOUT_S
        while True:
            try:
                await tab.close()
                await tab.connect(timeout=10)
                break
            except Exception:  # noqa: BLE001 - the proxy or a backend is not there yet: try again
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)  # a browser's reconnect backoff, short
        if lost_at is not None:
            log.reconnects.append(time.monotonic() - lost_at)
            log.back_at = time.monotonic()

        if tab.var(SESSION, "auth_status") != "verified":
            await self._sign_in(tab, log)

    async def _sign_in(self, tab: ReflexClient, log: UserLog) -> None:
        user = json.dumps({"id": log.user_id, "first_name": f"Load{log.user_id % 1000}", "language_code": "en"},
                          separators=(",", ":"))
        init_data = sign_init_data({"user": user, "auth_date": str(int(time.time())), "query_id": f"q{log.user_id}"},
                                   self.bot_token)
        await self._act(tab, event_name(SESSION, "sign_in"), {"init_data": init_data},
                        lambda t: t.var(SESSION, "auth_status") == "verified")
        log.sign_ins += 1

    async def _act(self, tab: ReflexClient, name: str, payload: dict[str, Any] | None, done: Any,
                   page: str | None = None) -> None:
        """Send one event and wait for the state `done` describes; NoAnswer otherwise."""
        if not tab.connected:
            raise NoAnswer("socket closed")
        start = len(tab.updates)
        await tab.send(name, payload, page=page)
        try:
            await tab.wait_for(lambda t: len(t.updates) > start and done(t), ANSWER_TIMEOUT_S)
        except (TimeoutError, ConnectionError) as error:
            raise NoAnswer(name) from error

    async def _notice(self, tab: ReflexClient, log: UserLog) -> str:
        """The notice the user is shown, read and dismissed; signs in again when told to."""
        notice = str(tab.var(SESSION, "notice") or "")
        if notice:
            log.notices.append(notice)
            tab.state.setdefault(SESSION, {})["notice"] = ""
            await tab.send(event_name(SESSION, "dismiss_notice"))
        if notice == SIGN_IN_REQUIRED:
            await self._sign_in(tab, log)  # the tab's state was lost: the page signs in again with initData
        return notice

    async def _round(self, tab: ReflexClient, log: UserLog) -> None:
        """Dish, add, cart, order; an order still unanswered from before is sent again instead, same key."""
        if log.pending_key is None:
            await self.add_a_dish(tab, log)
            await self._think(tab)
        tab.state.setdefault(CART, {})["loading"] = True  # this open's answer, not the last one's
        await self._act(tab, event_name(CART, "open"), None,
                        lambda t: t.var(CART, "loading") is False or bool(t.var(SESSION, "notice")),
                        page=f"{BASE}/cart")
        if await self._notice(tab, log):
            return
        lines, slots = tab.var(CART, "lines") or [], tab.var(CART, "slots") or []
        if not lines:
            # An order sent before a lost connection was placed after all (its cart is gone): asking
            # with its key again is answered from the stored order, as a replayed tap is.
            if log.pending_key is None:
                return
        if not slots and log.pending_key is None:
            return
        key, slot = (log.pending_key, log.pending_slot) if log.pending_key else (str(tab.var(CART, "order_key")),
                                                                                  slots[0]["id"])
        await self._think(tab)
        await self._order(tab, log, key, slot)

    async def add_a_dish(self, tab: ReflexClient, log: UserLog) -> None:
        if not tab.var(MENU, "sections"):
            await self._act(tab, event_name(MENU, "open"), None,
                            lambda t: bool(t.var(MENU, "sections")) or bool(t.var(SESSION, "notice")), page=BASE)
            if await self._notice(tab, log):
                return
        dishes = [d for s in tab.var(MENU, "sections") for d in s["dishes"] if d.get("is_available")]
        path = f"{BASE}/dish/{self._random.choice(dishes)['slug']}"
        await self._act(tab, event_name(DISH, "open"), {"path": path},
                        lambda t: (t.var(DISH, "loading") is False and bool(t.var(DISH, "dish")))
                        or bool(t.var(SESSION, "notice")), page=path)
        if await self._notice(tab, log):
            return
        await self._think(tab)
        await self._act(tab, event_name(DISH, "add"), {"key": uuid.uuid4().hex},
                        lambda t: bool(t.var(SESSION, "notice")))
        await self._notice(tab, log)

    async def _order(self, tab: ReflexClient, log: UserLog, key: str, slot: str) -> None:
        start = len(tab.updates)
        log.order_keys_sent[key] = log.order_keys_sent.get(key, 0) + 1
        log.pending_key, log.pending_slot = key, slot
        order = {"key": key, "mode": "pickup", "slot": slot, "address": ""}

        def answered(t: ReflexClient) -> bool:
            return (redirect_to_order(t, start) is not None or bool(t.var(SESSION, "notice"))
                    or bool(t.var(CART, "field_error")))

        double = self._random.random() < self.double_taps
        if double:  # a second tap before the first one's pending state reached the page
            await tab.send(event_name(CART, "place_order"), order)
            log.double_taps += 1
        await self._act(tab, event_name(CART, "place_order"), order, answered)
        if any(u.delta.get(CART, {}).get("placing") is True for u in tab.updates[start:]):
            log.pending_seen += 1
        if (order_id := redirect_to_order(tab, start)) is not None:
            if double:
                await self._second_answer(tab, log, start)
            log.accepted[key] = order_id
            log.pending_key = None
            return
        await self._notice(tab, log)  # refused for now (rate limit, a failure): the same order is tried again
        tab.state.setdefault(CART, {})["field_error"] = ""

    async def _second_answer(self, tab: ReflexClient, log: UserLog, start: int) -> None:
        """Both taps of a double tap are answered with the one order (or the second is refused)."""
        try:
            await tab.wait_for(lambda t: len(orders_redirected_to(t, start)) > 1 or bool(t.var(SESSION, "notice")),
                               ANSWER_TIMEOUT_S)
        except (TimeoutError, ConnectionError):
            return  # the second tap's answer is lost with the socket: the order is checked in the database
        if len(set(orders_redirected_to(tab, start))) > 1:
            log.failures.append(f"a double tap placed orders {orders_redirected_to(tab, start)}")
        await self._notice(tab, log)


def orders_redirected_to(tab: ReflexClient, start: int) -> list[int]:
    """The order ids of the redirects to an order page among the updates since `start`, in order."""
    return [int(str(event["payload"]["path"]).rsplit("/", 1)[1])
            for update in tab.updates[start:] for event in update.events
            if event.get("name") == "_redirect" and f"{BASE}/orders/" in str((event.get("payload") or {}).get("path"))]


def redirect_to_order(tab: ReflexClient, start: int) -> int | None:
    """The order id of the first redirect to an order page among the updates since `start`."""
    return next(iter(orders_redirected_to(tab, start)), None)
