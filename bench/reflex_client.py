"""A Reflex tab without a browser: Reflex's event protocol over Socket.IO, for benchmarks and load generators.

    async with ReflexClient("http://127.0.0.1:8000", path="/assistant") as tab:   # connects and hydrates
        await tab.send(event_name(SessionState, "sign_in"), {"init_data": signed})
        await tab.wait_for(lambda tab: tab.var(SessionState, "auth_status") == "verified")
        await tab.send(event_name(AssistantState, "ask"), {"form": {"question": "What can I order?"}})

What a browser does, as compiled from reflex's `state.js` (Reflex 0.10): one Socket.IO connection
(websocket transport) to the namespace `/_event` at path `/_event`, the tab's token in the query
string (`?token=<uuid>`), the hydrate event carried in the CONNECT packet's auth (`{"event": ...}`),
then one `event` message per handler call: `{"name": "<state full name>.<handler>", "payload":
{<argument>: <value>}, "router_data": {"pathname": ..., "asPath": ...}}`. The server answers with
`event` messages `{"delta": {<state full name>: {<var>_rx_state_: <value>}}, "events": [...]}`; every
one is kept in `updates` with its arrival time and var names without the suffix, and the deltas are
merged into `state`.

Events the server sends back to run in the page (haptics, redirects, scripts) are recorded, not run.
Only this module speaks the protocol; needs python-socketio (installed with reflex) and aiohttp
(bench/requirements.txt) for its asyncio websocket client.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import socketio

NAMESPACE = "/_event"
SOCKETIO_PATH = "/_event"
ROOT_STATE = "reflex___state____state"
VAR_SUFFIX = "_rx_state_"  # Reflex 0.10 names each var `<name>_rx_state_` on the wire


def _var_name(key: str) -> str:
    return key.removesuffix(VAR_SUFFIX)


def state_name(state: type | str) -> str:
    """The full name Reflex gives a state class on the wire ("reflex___state____state.<module>____<class>")."""
    return state if isinstance(state, str) else state.get_full_name()  # type: ignore[attr-defined]


def event_name(state: type | str, handler: str) -> str:
    return f"{state_name(state)}.{handler}"


@dataclass(frozen=True, slots=True)
class Update:
    """One `event` message from the server, as received."""

    at: float  # time.perf_counter() when it arrived
    delta: dict[str, dict[str, Any]]
    events: list[dict[str, Any]]

    def touches(self, state: type | str, var: str | None = None) -> bool:
        changed = self.delta.get(state_name(state))
        return changed is not None and (var is None or var in changed)


@dataclass
class ReflexClient:
    """One tab: its own token and Socket.IO connection; `state` is what the page would render."""

    base_url: str
    path: str = "/"
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    _sio: socketio.AsyncClient | None = None
    _waiters: list[tuple[Callable[[ReflexClient], bool], asyncio.Future[Update]]] = field(default_factory=list)

    async def connect(self, hydrate: bool = True, timeout: float = 30.0) -> None:
        """Open the websocket; with `hydrate`, send the hydrate event in the CONNECT packet and wait for its state."""
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("event", self._received, namespace=NAMESPACE)
        self._sio = sio
        before = len(self.updates)
        auth = {"event": self._event(f"{ROOT_STATE}.hydrate", {})} if hydrate else None
        await sio.connect(f"{self.base_url.rstrip('/')}?token={self.token}", headers={"Origin": self.base_url},
                          auth=auth, transports=["websocket"], namespaces=[NAMESPACE], socketio_path=SOCKETIO_PATH,
                          wait_timeout=timeout)
        if hydrate:
            await self.wait_for(lambda tab: len(tab.updates) > before, timeout)

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()
            self._sio = None

    async def __aenter__(self) -> ReflexClient:
        await self.connect()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def send(self, name: str, payload: dict[str, Any] | None = None, page: str | None = None) -> float:
        """Call a handler ("<state full name>.<handler>", see event_name) with its arguments by name.

        `page` moves the tab to another route first (router_data of this and later events). Returns the
        time.perf_counter() at which the message was handed to the websocket.
        """
        if self._sio is None:
            raise RuntimeError("not connected")
        if page is not None:
            self.path = page
        sent = time.perf_counter()
        await self._sio.emit("event", self._event(name, payload or {}), namespace=NAMESPACE)
        return sent

    def var(self, state: type | str, name: str, default: Any = None) -> Any:
        return self.state.get(state_name(state), {}).get(name, default)

    async def wait_for(self, condition: Callable[[ReflexClient], bool], timeout: float = 10.0) -> Update | None:
        """Until `condition(self)` holds after an update (or already holds: returns None then)."""
        if condition(self):
            return None
        future: asyncio.Future[Update] = asyncio.get_running_loop().create_future()
        self._waiters.append((condition, future))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiters = [(c, f) for c, f in self._waiters if f is not future]

    def _event(self, name: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "payload": payload, "router_data": {"pathname": self.path, "asPath": self.path}}

    async def _received(self, message: dict[str, Any]) -> None:
        arrived = time.perf_counter()
        delta = {substate: {_var_name(key): value for key, value in changed.items()}
                 for substate, changed in (message.get("delta") or {}).items()}
        update = Update(arrived, delta, message.get("events") or [])
        self.updates.append(update)
        for substate, changed in update.delta.items():
            self.state.setdefault(substate, {}).update(changed)
        for condition, future in list(self._waiters):
            if not future.done() and condition(self):
                future.set_result(update)
