"""Python's end of the Telegram bridge: commands out, viewport facts and results in.

Handlers reach Telegram in two ways:
    return haptic.success()                         # an event, one extra round trip
    await send(self, commands.haptic("impact:light"))  # same update, no extra trip
Results of calls that answer (popups, storage reads, write access) come back
through `receive_results` and are handed to the `then` handler the caller named.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import reflex as rx
from reflex.event import EventSpec

log = logging.getLogger(__name__)

_KEEP_COMMANDS = 16  # the bridge runs each sequence number once; a short tail is enough


class TelegramState(rx.State):
    commands: list[dict[str, Any]] = []
    in_telegram: bool = False
    platform: str = "unknown"
    version: str = ""
    is_expanded: bool = False
    is_fullscreen: bool = False
    color_scheme: str = "light"
    last_error: str = ""
    # Why a bridge call that nobody waited for failed; the shell's notice banner shows it.
    notice: str = ""
    _seq: int = 0
    _callbacks: dict[str, list[str]] = {}

    @rx.var
    def commands_json(self) -> str:
        return json.dumps(self.commands, separators=(",", ":"))

    @rx.var
    def supports_fullscreen(self) -> bool:
        return _version_at_least(self.version, "8.0")

    def _push(self, command: dict[str, Any], then: rx.EventHandler | None = None) -> str:
        self._seq += 1
        command = {**command, "seq": self._seq}
        if then is not None:
            command["id"] = uuid.uuid4().hex[:12]
            assert then.state is not None, "a callback is an event handler of a state"
            self._callbacks[command["id"]] = [then.state.get_full_name(), then.fn.__name__]
        self.commands = [*self.commands[-(_KEEP_COMMANDS - 1):], command]
        return command.get("id", "")

    @rx.event
    def run(self, command: dict[str, Any]):
        """For handlers that `return` a bridge call; the command was built by `commands`."""
        if not isinstance(command, dict) or command.get("call") not in _ALLOWED_CALLS:
            self.last_error = "unknown bridge call"
            return
        self._push({"call": command["call"], "args": list(command.get("args") or [])})

    @rx.event
    def sync_viewport(self, facts: dict[str, Any]):
        """Coalesced by the bridge: one event per settled change, not one per pixel."""
        if not isinstance(facts, dict):
            return
        self.in_telegram = facts.get("inTelegram") is True
        self.platform = str(facts.get("platform", "unknown"))[:32]
        self.version = str(facts.get("version", ""))[:16]
        self.is_expanded = facts.get("isExpanded") is True
        self.is_fullscreen = facts.get("isFullscreen") is True
        self.color_scheme = "dark" if facts.get("colorScheme") == "dark" else "light"

    @rx.event
    def dismiss_notice(self):
        self.notice = ""

    @rx.event
    def receive_results(self, results: list[dict[str, Any]]):
        follow_ups = []
        unanswered_errors = []
        for result in results if isinstance(results, list) else []:
            if not isinstance(result, dict):
                continue
            target = self._callbacks.pop(str(result.get("id")), None)
            if result.get("ok") is not True:
                self.last_error = str(result.get("error") or "the Telegram call failed")[:200]
                if target is None:
                    unanswered_errors.append(self.last_error)
            if target is not None and (follow_up := _answer(target, result)) is not None:
                follow_ups.append(follow_up)
        if unanswered_errors:
            # Nobody asked for this result: the user still learns why nothing happened.
            self.notice = unanswered_errors[-1]
        return follow_ups


_ALLOWED_CALLS = {"haptic", "openLink", "openTelegramLink", "openInvoice", "shareToStory", "showPopup", "showConfirm",
                  "requestWriteAccess", "requestFullscreen", "exitFullscreen", "storage"}


def _answer(target: list[str], result: dict[str, Any]) -> EventSpec | None:
    """The caller's handler called with the call's result; None when that handler no longer exists."""
    handler = _resolve(target)
    if handler is None:
        return None
    return handler({"ok": result.get("ok") is True, "value": result.get("value"), "error": result.get("error")})


def _resolve(target: list[str]) -> rx.EventHandler | None:
    state_name, handler_name = target
    try:
        # A tuple: Reflex caches this lookup, and a list (unhashable) would fail every time.
        state_cls = rx.State.get_class_substate(tuple(state_name.split(".")[1:]))
        return getattr(state_cls, handler_name)
    except Exception:  # noqa: BLE001 - a stale callback is dropped, not fatal
        log.warning("bridge callback %s.%s no longer exists", state_name, handler_name)
        return None


def _version_at_least(version: str, minimum: str) -> bool:
    def parts(value: str) -> list[int]:
        return [int(p) if p.isdigit() else 0 for p in value.split(".")] if value else [0]

    left, right = parts(version), parts(minimum)
    width = max(len(left), len(right))
    return left + [0] * (width - len(left)) >= right + [0] * (width - len(right))


async def send(state: rx.State, command: dict[str, Any], then: rx.EventHandler | None = None) -> str:
    """Queue a validated bridge command from inside any handler; returns its request id."""
    telegram = state if isinstance(state, TelegramState) else await state.get_state(TelegramState)
    return telegram._push(command, then)


def run(command: dict[str, Any]) -> EventSpec:
    """A bridge call to `return` from a handler (or chain on a trigger)."""
    return TelegramState.run(command)
