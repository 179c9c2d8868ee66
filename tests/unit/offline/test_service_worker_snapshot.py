"""What the offline snapshot may keep of the app's real states (tma_app/offline/snapshot.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import reflex as rx

from tma_app.offline import snapshot
from tma_app.offline.snapshot import SKIP_FIELDS, SKIP_STATES, kept
from tma_app.session.state import SessionState

ROOT = Path(__file__).resolve().parents[3]


def app_states() -> dict[str, set[str]]:
    """Every state of the assembled app: its own name and the fields the page receives."""
    from tma_app import tma_app  # noqa: F401  (the assembly defines every state)

    found: dict[str, set[str]] = {}
    pending = list(rx.State.get_substates())
    while pending:
        state = pending.pop()
        pending.extend(state.get_substates())
        found[state.get_full_name().split(".")[-1]] = set(state.base_vars) | set(state.computed_vars)
    return found


def test_what_the_screens_show_is_kept():
    states = app_states()
    session = "tma_app___session___state____session_state"
    # `owner` too: the queue's opaque tag of the user, so taps on an offline launch queue under it
    # (docs/offline.md: replayed only if the server then verifies the same user).
    assert {f for f in states[session] if kept(session, f)} == {
        "auth_status", "first_name", "language", "strings", "is_admin", "greeting", "owner"}
    home = "tma_app___home___state____home_state"
    assert kept(home, "cards_by_language")
    cart = "tma_app___demos___restaurant___cart_state____restaurant_cart_state"
    assert {f for f in states[cart] if kept(cart, f)} >= {"lines", "money", "mode", "slot", "loading"}


def test_keys_typing_in_flight_flags_and_other_users_are_never_kept():
    states = app_states()
    for state, fields in states.items():
        for field in fields:
            if field.endswith("_key") or field in {"address", "phone", "name", "query", "placing", "notice", "acked"}:
                assert not kept(state, field), (state, field)
    admin = [state for state in states if "___admin___" in state]
    assert admin and not any(kept(state, field) for state in admin for field in states[state])
    assert not any(kept(state, "x") for state in states if state.startswith("reflex___"))


def test_the_page_applies_the_same_rules():
    script = (ROOT / "frontend" / "workbox" / "src" / "snapshot.js").read_text()
    for name, value in (("SKIP_STATES", f"new RegExp({json.dumps(SKIP_STATES)})"),
                        ("SKIP_FIELDS", f"new RegExp({json.dumps(SKIP_FIELDS)})"),
                        ("SESSION", json.dumps(SessionState.get_full_name())),
                        ("MAX_CHARS", str(snapshot.MAX_CHARS)), ("MAX_AGE_MS", str(snapshot.MAX_AGE_MS)),
                        ("WAIT_MS", str(snapshot.WAIT_MS))):
        assert f"var {name} = {value};" in script, name
    # JavaScript's RegExp reads them as Python does: no syntax only one of the two has.
    for pattern in (SKIP_STATES, SKIP_FIELDS):
        assert not re.search(r"\(\?|\\[AZzGh]", pattern)
