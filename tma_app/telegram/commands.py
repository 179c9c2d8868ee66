"""Calls Python may ask the page's Telegram bridge to make, checked before they leave.

Plain Python, no reflex: every command is validated here (allowed call, argument
shapes, Telegram's storage limits), so a bad request is a clear error on the
server and never reaches the client.
"""

from __future__ import annotations

import re
from typing import Any

IMPACT_STYLES = ("light", "medium", "heavy", "rigid", "soft")
NOTIFICATION_TYPES = ("success", "warning", "error")
STORAGE_AREAS = ("cloud", "device", "secure", "local")
CLOUD_MAX_KEYS = 1024
CLOUD_MAX_VALUE = 4096
_CLOUD_KEY = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_STORY_TEXT_MAX = 2048
_POPUP_BUTTON_TYPES = ("default", "ok", "close", "cancel", "destructive")


class BridgeCommandError(ValueError):
    """A command that Telegram would refuse or that the bridge does not offer."""


class StorageLimitError(BridgeCommandError):
    """A CloudStorage key or value outside Telegram's limits."""


def haptic(spec: str) -> dict[str, Any]:
    kind, _, style = spec.partition(":")
    if (kind == "impact" and style in IMPACT_STYLES) or (kind == "notification" and style in NOTIFICATION_TYPES) or (
        kind == "selection" and not style
    ):
        return {"call": "haptic", "args": [spec]}
    raise BridgeCommandError(
        f"haptic {spec!r}: use impact:{'|'.join(IMPACT_STYLES)}, notification:{'|'.join(NOTIFICATION_TYPES)} "
        "or selection"
    )


def check_storage(area: str, op: str, key: str, value: str | None = None) -> None:
    if area not in STORAGE_AREAS:
        raise BridgeCommandError(f"storage area must be one of {', '.join(STORAGE_AREAS)}")
    if op not in ("set", "get", "remove"):
        raise BridgeCommandError("storage operation must be set, get or remove")
    if not isinstance(key, str) or not key:
        raise StorageLimitError("storage keys are non-empty strings")
    if area == "cloud":
        if not _CLOUD_KEY.match(key):
            raise StorageLimitError(
                f"CloudStorage key {key[:40]!r}: 1-128 characters of A-Z, a-z, 0-9, _ and - only"
            )
        if op == "set" and (not isinstance(value, str) or len(value) > CLOUD_MAX_VALUE):
            raise StorageLimitError(f"CloudStorage values are strings of at most {CLOUD_MAX_VALUE} characters")
    elif op == "set" and not isinstance(value, str):
        raise BridgeCommandError("storage values are strings")


def storage(area: str, op: str, key: str, value: str | None = None) -> dict[str, Any]:
    check_storage(area, op, key, value)
    return {"call": "storage", "args": [area, op, key] + ([value] if op == "set" else [])}


def open_link(url: str, try_instant_view: bool = False) -> dict[str, Any]:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise BridgeCommandError("openLink takes an http(s) URL")
    return {"call": "openLink", "args": [url, {"try_instant_view": bool(try_instant_view)}]}


def open_telegram_link(url: str) -> dict[str, Any]:
    if not isinstance(url, str) or not url.startswith("https://t.me/"):
        raise BridgeCommandError("openTelegramLink takes an https://t.me/ link")
    return {"call": "openTelegramLink", "args": [url]}


def open_invoice(url: str) -> dict[str, Any]:
    """Telegram's payment form for an invoice link the server made (createInvoiceLink)."""
    if not isinstance(url, str) or not url.startswith("https://") or len(url) > 512:
        raise BridgeCommandError("openInvoice takes the https invoice link the bot created")
    return {"call": "openInvoice", "args": [url]}


def share_to_story(media_url: str, text: str = "", widget_link: dict[str, str] | None = None) -> dict[str, Any]:
    if not isinstance(media_url, str) or not media_url.startswith("https://"):
        raise BridgeCommandError("shareToStory takes an https media URL")
    if len(text) > _STORY_TEXT_MAX:
        raise BridgeCommandError(f"story text is at most {_STORY_TEXT_MAX} characters")
    params: dict[str, Any] = {"text": text} if text else {}
    if widget_link:
        params["widget_link"] = widget_link
    return {"call": "shareToStory", "args": [media_url, params]}


def show_popup(message: str, title: str = "", buttons: list[dict[str, str]] | None = None) -> dict[str, Any]:
    if not 1 <= len(message) <= 256 or len(title) > 64:
        raise BridgeCommandError("popup message is 1-256 characters, title at most 64")
    buttons = buttons or [{"id": "ok", "type": "ok"}]
    if not 1 <= len(buttons) <= 3 or any(b.get("type", "default") not in _POPUP_BUTTON_TYPES for b in buttons):
        raise BridgeCommandError("popups have 1-3 buttons of type default, ok, close, cancel or destructive")
    return {"call": "showPopup", "args": [{"title": title, "message": message, "buttons": buttons}]}


def show_confirm(message: str) -> dict[str, Any]:
    if not 1 <= len(message) <= 256:
        raise BridgeCommandError("confirm message is 1-256 characters")
    return {"call": "showConfirm", "args": [message]}


def simple(call: str) -> dict[str, Any]:
    if call not in ("requestWriteAccess", "requestFullscreen", "exitFullscreen"):
        raise BridgeCommandError(f"unknown bridge call {call!r}")
    return {"call": call, "args": []}
