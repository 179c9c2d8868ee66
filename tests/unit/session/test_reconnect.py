"""Telling a page's reconnect from a new page, and unlinking only the socket that went away."""

from __future__ import annotations

from reflex.utils.token_manager import LocalTokenManager
from reflex_base import constants

from tma_app.session import reconnect

EVENT, HASHES = constants.CompileVars.CONNECT_AUTH_EVENT, constants.CompileVars.PAYLOAD_HASHES


def test_a_first_connect_carries_the_compiled_defaults_hashes():
    first = {EVENT: {"name": "state.hydrate_and_load", "payload": {HASHES: {"a": "1"}}}}
    assert not reconnect.is_reconnect(first)


def test_a_later_hydrate_is_a_reconnect_with_or_without_a_payload():
    assert reconnect.is_reconnect({EVENT: {"name": "state.hydrate_and_load"}})
    assert reconnect.is_reconnect({EVENT: {"name": "state.hydrate_and_load", "payload": {"vars": {}}}})


def test_no_boot_event_is_not_taken_for_a_reconnect():
    assert not reconnect.is_reconnect(None)
    assert not reconnect.is_reconnect({})
    assert not reconnect.is_reconnect({EVENT: "garbage"})


async def test_the_old_sockets_late_disconnect_keeps_the_new_link():
    reconnect.install()
    manager = LocalTokenManager()
    await manager.link_token_to_sid("tab", "old")
    # The page came back on a new socket; the stale link was dropped first (as on_connect does).
    manager.token_to_socket.pop("tab")
    assert await manager.link_token_to_sid("tab", "new") is None
    await manager.disconnect_token("tab", "old")
    assert manager.token_to_socket["tab"].sid == "new"
    assert manager.sid_to_token == {"new": "tab"}


async def test_the_current_sockets_disconnect_unlinks_the_token():
    reconnect.install()
    manager = LocalTokenManager()
    await manager.link_token_to_sid("tab", "only")
    await manager.disconnect_token("tab", "only")
    assert "tab" not in manager.token_to_socket and "only" not in manager.sid_to_token
