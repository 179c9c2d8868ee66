"""Verifying Telegram's initData: the only source of a user's identity.

Plain Python, no reflex. The algorithm (core.telegram.org/bots/webapps):
secret = HMAC_SHA256(key="WebAppData", msg=bot_token); the data-check string is
every received field but `hash`, as sorted `key=value` lines; the hex HMAC of it
under the secret must equal `hash`. Values are used exactly as decoded, never
re-serialised, because Telegram hashed the bytes it sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import unquote_plus, urlencode

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

MAX_INIT_DATA_LENGTH = 8192
# Telegram's Ed25519 keys for third-party validation (core.telegram.org/bots/webapps).
TELEGRAM_PUBLIC_KEYS: dict[str, str] = {
    "production": "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d",
    "test": "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec",
}
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
    # Names stay out of repr(): a user in a log line or an error report is its id.
    id: int
    first_name: str = field(repr=False)
    last_name: str | None = field(default=None, repr=False)
    username: str | None = field(default=None, repr=False)
    language_code: str | None = None
    is_premium: bool = False
    is_bot: bool = False
    photo_url: str | None = field(default=None, repr=False)
    allows_write_to_pm: bool = False
    added_to_attachment_menu: bool = False

    @classmethod
    def from_json(cls, raw: str) -> WebAppUser:
        data = _json_object(raw, "user")
        get = data.get
        user_id = get("id")
        if type(user_id) is not int or not 0 < user_id < 2**53:
            raise InitDataMalformed("user.id must be a positive integer")
        first_name = get("first_name", "")
        if type(first_name) is not str:
            raise InitDataMalformed("user.first_name must be a string")
        # Positional: this runs on every verification and keyword calls cost more.
        return cls(
            user_id,
            first_name,
            _text(get("last_name")),
            _text(get("username")),
            _text(get("language_code")),
            get("is_premium") is True,
            get("is_bot") is True,
            _text(get("photo_url")),
            get("allows_write_to_pm") is True,
            get("added_to_attachment_menu") is True,
        )


@dataclass(frozen=True, slots=True)
class WebAppChat:
    id: int
    type: str
    title: str = field(repr=False)
    username: str | None = field(default=None, repr=False)
    photo_url: str | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, raw: str) -> WebAppChat:
        data = _json_object(raw, "chat")
        if not isinstance(data.get("id"), int) or not isinstance(data.get("type"), str):
            raise InitDataMalformed("chat needs an integer id and a type")
        return cls(
            id=data["id"],
            type=data["type"],
            title=data["title"] if isinstance(data.get("title"), str) else "",
            username=_text(data.get("username")),
            photo_url=_text(data.get("photo_url")),
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
    query_id: str | None = field(default=None, repr=False)
    signature: str | None = field(default=None, repr=False)
    fields: Mapping[str, str] = field(default_factory=dict, repr=False)


@lru_cache(maxsize=8)
def _secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def decode_component(value: str) -> str:
    """`urllib.parse.unquote_plus`, done by C codecs instead of a Python loop per escape.

    Percent escapes become `\\xNN` for the unicode_escape codec, the resulting
    code points are the UTF-8 bytes, decoded strictly. Anything that path cannot
    take exactly (a backslash, non-Latin-1 text, a bad escape, invalid UTF-8)
    goes through unquote_plus, so results are identical either way.
    """
    if "%" not in value:
        return value.replace("+", " ") if "+" in value else value
    if "\\" not in value:
        try:
            return (
                value.replace("+", " ")
                .replace("%", "\\x")
                .encode("latin-1")
                .decode("unicode_escape")
                .encode("latin-1")
                .decode("utf-8")
            )
        except (UnicodeError, ValueError):
            pass
    return unquote_plus(value)


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
        if "%" in key or "+" in key:
            key = decode_component(key)
        if "%" in value or "+" in value:
            value = decode_component(value)
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
    expected = hmac.digest(_secret_key(bot_token), data_check_string(fields).encode(), "sha256").hex()
    # Bytes, not str: compare_digest refuses non-ASCII text, and a hostile hash may carry some.
    if not hmac.compare_digest(expected.encode(), received_hash.lower().encode()):
        raise InitDataBadSignature("initData signature does not match")
    return _fresh_and_typed(fields, max_age_seconds, now)


def verify_third_party(
    init_data: object,
    bot_id: int,
    *,
    environment: Literal["production", "test"] = "production",
    max_age_seconds: int = 86_400,
    now: float | None = None,
) -> VerifiedInitData:
    """Validate initData meant for another bot, with only its id and Telegram's public key.

    The Ed25519 `signature` covers `"<bot_id>:WebAppData\\n"` plus the data-check
    string without `hash` and `signature`.
    """
    fields = parse_fields(init_data)
    raw_signature = fields.get("signature")
    if not raw_signature:
        raise InitDataMissing("initData has no signature")
    if "auth_date" not in fields:
        raise InitDataMissing("initData has no auth_date")
    try:
        signature = base64.urlsafe_b64decode(raw_signature + "=" * (-len(raw_signature) % 4))
    except (binascii.Error, ValueError):
        raise InitDataMalformed("signature is not base64url") from None
    message = f"{bot_id}:WebAppData\n" + data_check_string(fields, exclude=("hash", "signature"))
    try:
        _public_key(environment).verify(signature, message.encode())
    except InvalidSignature:
        raise InitDataBadSignature("initData signature does not match Telegram's key") from None
    return _fresh_and_typed(fields, max_age_seconds, now)


@lru_cache(maxsize=2)
def _public_key(environment: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(TELEGRAM_PUBLIC_KEYS[environment]))


def _fresh_and_typed(fields: dict[str, str], max_age_seconds: int, now: float | None) -> VerifiedInitData:
    auth_date = _int_field(fields, "auth_date")
    now = time.time() if now is None else now
    if auth_date > now + MAX_FUTURE_SKEW_SECONDS:
        raise InitDataFromFuture("initData auth_date is in the future")
    if now - auth_date > max_age_seconds:
        raise InitDataExpired("initData is too old: reopen the app")
    return _typed(fields, auth_date)


class InitDataVerifier:
    """`verify_init_data` with a bounded memory of strings already verified.

    A client sends the same initData with every request; checking it again costs
    a parse and an HMAC, remembering it costs one dict lookup. Expiry is still
    checked on every call. Only successes are remembered, so garbage cannot
    evict real users.
    """

    def __init__(self, bot_token: str, *, max_age_seconds: int = 86_400, max_entries: int = 4096) -> None:
        self._bot_token = bot_token
        self._max_age = max_age_seconds
        self._max_entries = max_entries
        # OrderedDict: evicting the oldest stays O(1); a plain dict's next(iter())
        # walks over deleted slots and slows down as the cache churns.
        self._verified: OrderedDict[str, VerifiedInitData] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, init_data: object, *, now: float | None = None) -> VerifiedInitData:
        known = self._verified.get(init_data) if isinstance(init_data, str) else None
        if known is not None and isinstance(init_data, str):
            now = time.time() if now is None else now
            if now - known.auth_date > self._max_age:
                self._verified.pop(init_data, None)
                raise InitDataExpired("initData is too old: reopen the app")
            return known
        result = verify_init_data(init_data, self._bot_token, max_age_seconds=self._max_age, now=now)
        with self._lock:
            while len(self._verified) >= self._max_entries:
                self._verified.popitem(last=False)
            self._verified[init_data] = result  # type: ignore[index]
        return result

    def __len__(self) -> int:
        return len(self._verified)


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
        fields=MappingProxyType(fields),
    )


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Build an initData string signed like Telegram does (dev mock and tests)."""
    unsigned = {k: v for k, v in fields.items() if k != "hash"}
    digest = hmac.digest(_secret_key(bot_token), data_check_string(unsigned).encode(), "sha256").hex()
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


def _text(value: object) -> str | None:
    return value if type(value) is str and value else None
