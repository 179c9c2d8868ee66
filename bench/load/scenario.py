"""One simulated user: a Telegram user in one tab, doing what people do in the demos, one action at a time.

A user signs in with its own signed initData, opens the restaurant menu and starts a fitness workout
(setup, not timed), then repeats: pick an action by weight, send its one event, wait for the answer,
think, and start the next action `interval` seconds after the previous one started. Each action is
the handler call the page itself makes for that tap, with the arguments it sends (the handlers a
handler chains, such as haptics, Reflex 0.10 runs on the server).

An action's round trip is from handing its event to the websocket to the first message from the
server that changes the state the action answers on; an action whose answer does not arrive within
ACTION_TIMEOUT_S, or a lost connection, is an error.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reflex_client import ReflexClient, event_name

ACTION_TIMEOUT_S = 15.0
SETUP_TIMEOUT_S = 60.0
RESTAURANT = "/demos/restaurant"
FITNESS = "/demos/fitness"
PROGRAM = "full-body-beginner"  # a free program (tma_app/demos/fitness/seed.py)

# How often each action is picked: browsing and the cart most, an order now and then.
WEIGHTS = {
    "browse_menu": 14, "filter_menu": 8, "open_dish": 14, "add_to_cart": 14, "open_cart": 8,
    "change_quantity": 14, "place_order": 4, "log_set": 14, "profile": 5, "leaderboard": 5,
}


def state_names() -> dict[str, str]:
    """The full names Reflex gives the states the users talk to (imports the app: call after its settings)."""
    from tma_app.demos.fitness.state import FitnessProgramState
    from tma_app.demos.fitness.workout_state import FitnessWorkoutState
    from tma_app.demos.restaurant.cart_state import RestaurantCartState
    from tma_app.demos.restaurant.state import RestaurantDishState, RestaurantMenuState
    from tma_app.gamification.leaderboard.state import LeaderboardState
    from tma_app.gamification.state import ProfileState
    from tma_app.session.state import SessionState

    return {"session": SessionState.get_full_name(), "menu": RestaurantMenuState.get_full_name(),
            "dish": RestaurantDishState.get_full_name(), "cart": RestaurantCartState.get_full_name(),
            "program": FitnessProgramState.get_full_name(), "workout": FitnessWorkoutState.get_full_name(),
            "profile": ProfileState.get_full_name(), "leaderboard": LeaderboardState.get_full_name()}


def init_data_for(user_id: int, bot_token: str) -> str:
    from tma_app.telegram.init_data import sign_init_data

    user = json.dumps({"id": user_id, "first_name": f"Load{user_id % 10_000}", "language_code": "en"},
                      separators=(",", ":"))
    return sign_init_data({"user": user, "auth_date": str(int(time.time())), "query_id": f"q{user_id}"}, bot_token)


@dataclass(frozen=True, slots=True)
class Sample:
    action: str
    sent: float  # time.perf_counter()
    rtt_ms: float | None  # None: an error
    error: str = ""


class SetupFailed(RuntimeError):
    """A user could not sign in or reach its starting screens."""


@dataclass
class User:
    user_id: int
    base_url: str
    names: dict[str, str]
    bot_token: str
    samples: list[Sample]
    rng: random.Random = field(default_factory=random.Random)
    tab: ReflexClient | None = None
    workout_id: int = 0
    stamp: int = field(default_factory=lambda: int(time.time() * 1000))
    stopped: bool = False
    lost: bool = False

    # ------------------------------------------------------------------ connection and setup

    async def connect(self) -> None:
        """Open the tab on the home page and sign in; then the menu and a workout under way."""
        tab = ReflexClient(self.base_url, path="/")
        self.tab = tab
        await tab.connect(timeout=SETUP_TIMEOUT_S)
        assert tab._sio is not None
        tab._sio.on("disconnect", self._disconnected, namespace="/_event")
        session = self.names["session"]
        await tab.send(event_name(session, "sign_in"), {"init_data": init_data_for(self.user_id, self.bot_token)})
        await self._until(lambda t: t.var(session, "auth_status") == "verified", "sign in")

    async def prepare(self) -> None:
        tab, n = self._tab(), self.names
        await tab.send(event_name(n["menu"], "open"), page=RESTAURANT)
        await self._until(lambda t: bool(t.var(n["menu"], "sections")), "menu")
        path = f"{FITNESS}/program/{PROGRAM}"
        await tab.send(event_name(n["program"], "open"), {"path": path}, page=path)
        await self._until(lambda t: bool(t.var(n["program"], "start_key")), "program")
        start = len(tab.updates)
        await tab.send(event_name(n["program"], "start"), {"key": tab.var(n["program"], "start_key")})
        await self._until(lambda t: self._redirect(t, start) is not None, "workout start")
        path = self._redirect(tab, start) or ""
        self.workout_id = int(path.rstrip("/").rsplit("/", 1)[1])
        await tab.send(event_name(n["workout"], "open"), {"path": path}, page=path)
        await self._until(lambda t: t.var(n["workout"], "loading") is False and bool(t.var(n["workout"], "current")),
                          "workout")

    async def close(self) -> None:
        self.stopped = True
        if self.tab is not None:
            try:
                await self.tab.close()
            except Exception:  # noqa: BLE001 - a tab already gone is closed
                pass

    @property
    def connected(self) -> bool:
        return self.tab is not None and self.tab._sio is not None and self.tab._sio.connected and not self.lost

    # ------------------------------------------------------------------ the loop

    async def run(self, interval: Callable[[], tuple[float, float]], until: Callable[[], bool]) -> None:
        """Actions until `until()` or the connection is lost, `interval()` seconds apart (start to start, uniform);
        the first after a random part of one interval, so that users do not act in step."""
        await asyncio.sleep(self.rng.uniform(0, interval()[1]))
        while not until() and not self.stopped and not self.lost:
            started = time.perf_counter()
            name = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            await self.act(name)
            pause = self.rng.uniform(*interval()) - (time.perf_counter() - started)
            if pause > 0:
                await asyncio.sleep(pause)

    async def act(self, name: str) -> None:
        tab = self._tab()
        try:
            sample = await getattr(self, name)(tab)
        except TimeoutError:
            sample = Sample(name, time.perf_counter(), None, "timeout")
        except Exception as error:  # noqa: BLE001 - every failure of an action is counted, by kind
            sample = Sample(name, time.perf_counter(), None, type(error).__name__)
        if self.lost and not sample.error:
            sample = Sample(name, sample.sent, None, "disconnected")
        self.samples.append(sample)

    async def _timed(self, action: str, state: str, handler: str, payload: dict[str, Any] | None,
                     done: Callable[[ReflexClient], bool], page: str | None = None) -> Sample:
        """Send one event; wait until `done`; the round trip ends at the first message changing `state`."""
        tab = self._tab()
        start = len(tab.updates)
        full = self.names[state]
        sent = await tab.send(event_name(full, handler), payload, page=page)
        await tab.wait_for(lambda t: len(t.updates) > start and done(t), ACTION_TIMEOUT_S)
        received = tab.updates[start:]
        answer = next((u for u in received if u.touches(full)), received[0])
        return Sample(action, sent, (answer.at - sent) * 1000)

    # ------------------------------------------------------------------ actions (each: one event)

    async def browse_menu(self, tab: ReflexClient) -> Sample:
        menu = self.names["menu"]
        return await self._timed("browse_menu", "menu", "open", None, lambda t: t.var(menu, "loading") is False,
                                 page=RESTAURANT)

    async def filter_menu(self, tab: ReflexClient) -> Sample:
        menu = self.names["menu"]
        slugs = [c.get("slug", "") for c in tab.var(menu, "categories") or []] or [""]
        return await self._timed("filter_menu", "menu", "pick_category", {"slug": self.rng.choice(slugs)},
                                 lambda t: True, page=RESTAURANT)

    async def open_dish(self, tab: ReflexClient) -> Sample:
        dish = self.names["dish"]
        slugs = [d["slug"] for s in tab.var(self.names["menu"], "sections") or [] for d in s["dishes"]
                 if d.get("is_available")]
        path = f"{RESTAURANT}/dish/{self.rng.choice(slugs)}"
        return await self._timed("open_dish", "dish", "open", {"path": path},
                                 lambda t: t.var(dish, "loading") is False, page=path)

    async def add_to_cart(self, tab: ReflexClient) -> Sample:
        dish = self.names["dish"]
        if not tab.var(dish, "dish") or not tab.var(dish, "add_key"):
            return await self.open_dish(tab)
        return await self._add(tab, str(tab.var(dish, "add_key")))

    async def _add(self, tab: ReflexClient, key: str) -> Sample:
        dish = self.names["dish"]
        start = len(tab.updates)
        # Answered when the handler minted the next key, or refused with a notice.
        sent = await tab.send(event_name(dish, "add"), {"key": key})
        await tab.wait_for(lambda t: any(u.touches(dish, "add_key") or u.touches(self.names["session"], "notice")
                                         for u in t.updates[start:]), ACTION_TIMEOUT_S)
        tab.state.get(self.names["session"], {}).pop("notice", None)
        return Sample("add_to_cart", sent, (tab.updates[start].at - sent) * 1000)

    async def open_cart(self, tab: ReflexClient) -> Sample:
        cart = self.names["cart"]
        return await self._timed("open_cart", "cart", "open", None, lambda t: t.var(cart, "loading") is False,
                                 page=f"{RESTAURANT}/cart")

    async def change_quantity(self, tab: ReflexClient) -> Sample:
        cart = self.names["cart"]
        lines = tab.var(cart, "lines") or []
        if not lines:
            return await self.add_to_cart(tab)
        line = self.rng.choice(lines)
        quantity = max(1, min(5, int(line.get("quantity", 1)) + self.rng.choice((-1, 1))))
        self.stamp += 1
        stamp = self.stamp
        return await self._timed("change_quantity", "cart", "set_quantity",
                                 {"line_id": int(line["id"]), "quantity": quantity, "stamp": stamp},
                                 lambda t: (t.var(cart, "acked") or {}).get(str(line["id"])) == stamp,
                                 page=f"{RESTAURANT}/cart")

    async def place_order(self, tab: ReflexClient) -> Sample:
        cart = self.names["cart"]
        slots = tab.var(cart, "slots") or []
        if not tab.var(cart, "lines") or not slots or not tab.var(cart, "order_key"):
            return await self.open_cart(tab)
        key = tab.var(cart, "order_key")
        slot = self.rng.choice(slots).get("id", "")
        start = len(tab.updates)
        # Answered by `placing` on at once; done when it is off again (a new key: placed; the same: refused).
        sample = await self._timed("place_order", "cart", "place_order",
                                   {"key": key, "mode": "pickup", "slot": slot, "address": ""},
                                   lambda t: any(u.delta.get(cart, {}).get("placing") is False
                                                 for u in t.updates[start:]), page=f"{RESTAURANT}/cart")
        tab.state.get(cart, {})["lines"] = []  # the order took the cart; the next cart action reopens it
        return sample

    async def log_set(self, tab: ReflexClient) -> Sample:
        workout = self.names["workout"]
        self.stamp += 1
        stamp = self.stamp
        return await self._timed("log_set", "workout", "log_set",
                                 {"key": uuid.uuid4().hex, "stamp": stamp, "workout_id": self.workout_id,
                                  "exercise": tab.var(workout, "current"), "reps": tab.var(workout, "reps") or 10,
                                  "weight_g": tab.var(workout, "weight_g") or 0},
                                 lambda t: (t.var(workout, "acked") or {}).get("log") == stamp,
                                 page=f"{FITNESS}/workout/{self.workout_id}")

    async def profile(self, tab: ReflexClient) -> Sample:
        profile = self.names["profile"]
        return await self._timed("profile", "profile", "load", None, lambda t: t.var(profile, "loaded") is True,
                                 page="/profile")

    async def leaderboard(self, tab: ReflexClient) -> Sample:
        return await self._timed("leaderboard", "leaderboard", "load", None, lambda t: True, page="/leaderboard")

    # ------------------------------------------------------------------ helpers

    def _tab(self) -> ReflexClient:
        if self.tab is None:
            raise SetupFailed("not connected")
        return self.tab

    async def _until(self, condition: Callable[[ReflexClient], bool], what: str) -> None:
        try:
            await self._tab().wait_for(condition, SETUP_TIMEOUT_S)
        except TimeoutError as error:
            raise SetupFailed(f"user {self.user_id}: no {what} within {SETUP_TIMEOUT_S:.0f}s") from error

    @staticmethod
    def _redirect(tab: ReflexClient, start: int) -> str | None:
        for update in tab.updates[start:]:
            for event in update.events:
                if event.get("name") == "_redirect":
                    return str((event.get("payload") or {}).get("path", ""))
        return None

    async def _disconnected(self, *_args: object) -> None:
        if not self.stopped:
            self.lost = True
