"""A reconnecting tab keeps its session: Reflex's duplicate-tab rule must not fire on it.

Reflex 0.10 links each tab's token to its websocket (sid). When a connection arrives with a
token that is still linked to another sid, Reflex takes it for a duplicated browser tab and
hands out a new token (`new_token`), which starts an empty state: the user is signed out
and what the screens held is gone (reflex-dev/reflex#6345, #6252). The same happens to a
plain reconnect whenever the server has not yet noticed that the old connection died:
a phone that slept, a train tunnel, a proxy that dropped the socket without a FIN, or a
backend restart with the token's record still in Redis. The server notices a dead socket
only after its ping timeout, tens of seconds later, so this is the common case on mobile.

A reconnect is recognisable: the page sends its hydrate event in the connect packet, and
only a page's first connect carries the compiled defaults' hashes (`initialEvents(first)` in
Reflex's compiled context). A duplicated tab is a new page, so it connects "first" and
still gets its own token. On a reconnect, the stale link is dropped (and the stale socket
closed when it is ours) before Reflex links the token, so the tab goes on with its state.

Second half of the trap: when the stale socket's disconnect is finally processed, Reflex's
local token manager forgets the token whatever sid it now points to, and the Redis one
deletes the shared record; updates for the tab (a streaming answer, a pushed payment)
would then be dropped. Unlinking is made to forget a token only while it still points to
the sid that went away.

One module owns these Reflex internals; `install()` is called once by the app assembly.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any, cast

from reflex.app import EventNamespace
from reflex.utils.token_manager import LocalTokenManager, RedisTokenManager, SocketRecord
from reflex_base import constants

log = logging.getLogger(__name__)

# Deletes the token's record only if it still holds the socket that went away.
_DELETE_IF_SAME = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"

_installed = False


def is_reconnect(auth: Any) -> bool:
    """True when the connect packet carries a page's later hydrate (no compiled-defaults hashes)."""
    if not isinstance(auth, dict):
        return False
    event = auth.get(constants.CompileVars.CONNECT_AUTH_EVENT)
    if not isinstance(event, dict):
        return False
    payload = event.get("payload")  # left out of the packet when empty
    return not (isinstance(payload, dict) and constants.CompileVars.PAYLOAD_HASHES in payload)


def _token_of(environ: dict[str, Any]) -> str | None:
    tokens = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("token", [])
    return tokens[0] if tokens else None


async def _drop_stale_link(namespace: EventNamespace, token: str, sid: str) -> None:
    """Forget the token's link to an older socket of the same page, and close that socket if it is ours."""
    manager = namespace._token_manager
    stale = manager.token_to_socket.pop(token, None)
    if stale is not None and stale.sid != sid:
        manager.sid_to_token.pop(stale.sid, None)
        if stale.instance_id == manager.instance_id:
            # Its disconnect runs later and, with `_forget_if_current`, leaves the new link alone.
            asyncio.create_task(namespace.disconnect(stale.sid))
    if isinstance(manager, RedisTokenManager):
        try:
            await manager.redis.delete(manager._get_redis_key(token))
        except Exception as error:  # Redis down: Reflex's own link falls back the same way
            log.warning("reconnect: could not clear the stale token record: %s", type(error).__name__)
    if stale is not None and stale.sid != sid:
        log.info("reconnect: a tab came back on a new socket before its old one was noticed closed; session kept")


OnConnect = Callable[[EventNamespace, str, dict[str, Any], Any], Awaitable[Any]]
Unlink = Callable[[LocalTokenManager, str, str], Awaitable[None]]


def _keep_session_on_reconnect(on_connect: OnConnect) -> OnConnect:
    async def on_connect_keeping_session(self: EventNamespace, sid: str, environ: dict[str, Any],
                                         auth: Any = None) -> Any:
        token = _token_of(environ)
        if token is not None and is_reconnect(auth):
            await _drop_stale_link(self, token, sid)
        return await on_connect(self, sid, environ, auth)

    return on_connect_keeping_session


def _forget_if_current(disconnect_token: Unlink) -> Unlink:
    async def disconnect_token_if_current(self: LocalTokenManager, token: str, sid: str) -> None:
        record = self.token_to_socket.get(token)
        if record is not None and record.sid != sid:
            self.sid_to_token.pop(sid, None)  # the token moved on to a newer socket: keep that link
            return
        if not isinstance(self, RedisTokenManager):
            await disconnect_token(self, token, sid)
            return
        self.token_to_socket.pop(token, None)
        self.sid_to_token.pop(sid, None)
        # The tab may have come back on another worker meanwhile: delete the shared record only if it is still ours.
        mine = pickle.dumps(SocketRecord(instance_id=self.instance_id, sid=sid))
        try:
            await cast(Awaitable[Any], self.redis.eval(_DELETE_IF_SAME, 1, self._get_redis_key(token), mine))
        except Exception as error:
            log.warning("disconnect: could not clear the token record: %s", type(error).__name__)

    return disconnect_token_if_current


def install() -> None:
    """Patch Reflex's connect and unlink once per process (the assembly may be imported again)."""
    global _installed
    if _installed:
        return
    EventNamespace.on_connect = _keep_session_on_reconnect(EventNamespace.on_connect)  # type: ignore[method-assign, assignment]
    for manager in (LocalTokenManager, RedisTokenManager):
        manager.disconnect_token = _forget_if_current(manager.__dict__["disconnect_token"])  # type: ignore[method-assign, assignment]
    _installed = True
