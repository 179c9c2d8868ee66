"""Verifying Telegram's initData: the only source of a user's identity.

Plain Python, no reflex. The algorithm (core.telegram.org/bots/webapps):
secret = HMAC_SHA256(key="WebAppData", msg=bot_token); the data-check string is
every received field but `hash`, as sorted `key=value` lines; the hex HMAC of it
under the secret must equal `hash`. Values are used exactly as decoded, never
re-serialised, because Telegram hashed the bytes it sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus, urlencode

MAX_INIT_DATA_LENGTH = 8192
# Clients' clocks drift; a small lead over our clock is not an attack.
MAX_FUTURE_SKEW_SECONDS = 60


class InitDataError(ValueError):
    """Base of every reason initData is refused; `code` is stable for clients."""

    code = "INVALID_INIT_DATA"


class InitDataMissing(InitDataError):
    code = "INIT_DATA_MISSING"


class InitDataMalformed(InitDataError):
    code = "INIT_DATA_MALFORMED"


class InitDataBadSignature(InitDataError):
    code = "INIT_DATA_BAD_SIGNATURE"


class InitDataExpired(InitDataError):
    code = "INIT_DATA_EXPIRED"


class InitDataFromFuture(InitDataError):
    code = "INIT_DATA_FROM_FUTURE"


@dataclass(frozen=True, slots=True)
class WebAppUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_premium: bool = False
    is_bot: bool = False
    photo_url: str | None = None
    allows_write_to_pm: bool = False
    added_to_attachment_menu: bool = False

    @classmethod
    def from_json(cls, raw: str) -> WebAppUser:
        data = _json_object(raw, "user")
        user_id = data.get("id")
        if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id < 2**53:
            raise InitDataMalformed("user.id must be a positive integer")
        first_name = data.get("first_name", "")
        if not isinstance(first_name, str):
            raise InitDataMalformed("user.first_name must be a string")
        return cls(
            id=user_id,
            first_name=first_name,
            last_name=_optional_str(data, "last_name"),
            username=_optional_str(data, "username"),
            language_code=_optional_str(data, "language_code"),
            is_premium=data.get("is_premium") is True,
            is_bot=data.get("is_bot") is True,
            photo_url=_optional_str(data, "photo_url"),
            allows_write_to_pm=data.get("allows_write_to_pm") is True,
            added_to_attachment_menu=data.get("added_to_attachment_menu") is True,
        )


@dataclass(frozen=True, slots=True)
class WebAppChat:
    id: int
    type: str
    title: str
    username: str | None = None
    photo_url: str | None = None

    @classmethod
    def from_json(cls, raw: str) -> WebAppChat:
        data = _json_object(raw, "chat")
        if not isinstance(data.get("id"), int) or not isinstance(data.get("type"), str):
            raise InitDataMalformed("chat needs an integer id and a type")
        return cls(
            id=data["id"],
            type=data["type"],
            title=data.get("title") if isinstance(data.get("title"), str) else "",
            username=_optional_str(data, "username"),
            photo_url=_optional_str(data, "photo_url"),
        )


@dataclass(frozen=True, slots=True)
class VerifiedInitData:
    auth_date: int
    user: WebAppUser | None = None
    receiver: WebAppUser | None = None
    chat: WebAppChat | None = None
    chat_type: str | None = None
    chat_instance: str | None = None
    start_param: str | None = None
    can_send_after: int | None = None
    query_id: str | None = None
    signature: str | None = None
    fields: dict[str, str] = field(default_factory=dict, repr=False)


@lru_cache(maxsize=8)
def _secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def parse_fields(init_data: object) -> dict[str, str]:
    """Split the query string into decoded fields, refusing anything ambiguous."""
    if not isinstance(init_data, str) or not init_data:
        raise InitDataMissing("initData is empty: open the app from Telegram")
    if len(init_data) > MAX_INIT_DATA_LENGTH:
        raise InitDataMalformed("initData is too long")
    fields: dict[str, str] = {}
    for pair in init_data.split("&"):
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InitDataMalformed("initData is not a query string")
        key, value = unquote_plus(key), unquote_plus(value)
        if key in fields:
            raise InitDataMalformed(f"field {key!r} appears twice")
        fields[key] = value
    return fields


def data_check_string(fields: dict[str, str], exclude: tuple[str, ...] = ("hash",)) -> str:
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k not in exclude)


def verify_init_data(
    init_data: object,
    bot_token: str,
    *,
    max_age_seconds: int = 86_400,
    now: float | None = None,
) -> VerifiedInitData:
    """Return the verified launch data, or raise a subclass of `InitDataError`."""
    fields = parse_fields(init_data)
    received_hash = fields.get("hash")
    if not received_hash:
        raise InitDataMissing("initData has no hash")
    if "auth_date" not in fields:
        raise InitDataMissing("initData has no auth_date")
    expected = hmac.new(
        _secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()
    # Bytes, not str: compare_digest refuses non-ASCII text, and a hostile hash may carry some.
    if not hmac.compare_digest(expected.encode(), received_hash.lower().encode()):
        raise InitDataBadSignature("initData signature does not match")
    auth_date = _int_field(fields, "auth_date")
    now = time.time() if now is None else now
    if auth_date > now + MAX_FUTURE_SKEW_SECONDS:
        raise InitDataFromFuture("initData auth_date is in the future")
    if now - auth_date > max_age_seconds:
        raise InitDataExpired("initData is too old: reopen the app")
    return _typed(fields, auth_date)


def _typed(fields: dict[str, str], auth_date: int) -> VerifiedInitData:
    return VerifiedInitData(
        auth_date=auth_date,
        user=WebAppUser.from_json(fields["user"]) if "user" in fields else None,
        receiver=WebAppUser.from_json(fields["receiver"]) if "receiver" in fields else None,
        chat=WebAppChat.from_json(fields["chat"]) if "chat" in fields else None,
        chat_type=fields.get("chat_type"),
        chat_instance=fields.get("chat_instance"),
        start_param=fields.get("start_param"),
        can_send_after=_int_field(fields, "can_send_after") if "can_send_after" in fields else None,
        query_id=fields.get("query_id"),
        signature=fields.get("signature"),
        fields=fields,
    )


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Build an initData string signed like Telegram does (dev mock and tests)."""
    unsigned = {k: v for k, v in fields.items() if k != "hash"}
    digest = hmac.new(
        _secret_key(bot_token), data_check_string(unsigned).encode(), hashlib.sha256
    ).hexdigest()
    return urlencode({**unsigned, "hash": digest})


def _int_field(fields: dict[str, str], name: str) -> int:
    raw = fields[name]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise InitDataMalformed(f"{name} must be a unix timestamp")
    return int(raw)


def _json_object(raw: str, name: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InitDataMalformed(f"{name} is not valid JSON") from None
    if not isinstance(data, dict):
        raise InitDataMalformed(f"{name} must be a JSON object")
    return data


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None
