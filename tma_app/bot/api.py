"""The one Bot API client: async httpx, typed errors, bounded retries, the sending limits.

Every call to Telegram's Bot API goes through `BotApi.call`. The server is the setting
`TELEGRAM_BOT_API_URL` (Telegram's own by default; a local Bot API server, or the tests'
loopback fake), the token `TELEGRAM_BOT_TOKEN`. Call URLs contain the token, so they are never
logged or put into an error: errors name the method only.

Retries: a 429 waits its `retry_after` and tries again (only while that wait is short enough);
a 5xx or a network failure is retried with backoff; any other 4xx raises at once. A 403 is
`BotBlocked`: the user blocked the bot (or deleted their account), so nothing is to be retried.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tma_app.bot.send_limit import SendLimiter, get_send_limiter
from tma_app.core.settings import get_settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
MAX_RETRY_AFTER_S = 30.0  # a longer flood wait is the caller's to schedule (the outbox retries later)
BACKOFF_S = (0.5, 1.0, 2.0)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
_TOKEN_IN_PATH = re.compile(r"/bot[^/\s]+/")


class BotApiError(Exception):
    """Telegram refused a call (or could not be reached: error_code 0)."""

    def __init__(self, method: str, error_code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{method}: {error_code} {description}")
        self.method = method
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after


class BotBlocked(BotApiError):
    """403 from a chat: the user blocked the bot, deleted their account or never started it."""


class BotNotConfigured(BotApiError):
    """No TELEGRAM_BOT_TOKEN: there is no bot to call (dev mode without a bot)."""


class _HideTokenInUrls(logging.Filter):
    # httpx logs every request's URL at INFO, and Bot API URLs carry the token.
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN_IN_PATH.sub("/bot[redacted]/", record.getMessage())
        record.args = None
        return True


_httpx_filter = _HideTokenInUrls()
for _name in ("httpx", "httpcore"):
    if _httpx_filter not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_httpx_filter)


class BotApi:
    """A Bot API client; `base_url`/`token` default to the settings, read at each call."""

    def __init__(self, *, base_url: str | None = None, token: str | None = None,
                 limiter: SendLimiter | None = None, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._base_url = base_url
        self._token = token
        self._limiter = limiter
        self._sleep = sleep
        self._transport = transport
        # One pooled client per event loop: the webhook's loop and the bot's own loop each get theirs.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary())

    # -- the one way to call -----------------------------------------------------------------------

    async def call(self, method: str, **params: Any) -> Any:
        """Call a method with JSON parameters (None values left out); its `result`, or a BotApiError."""
        url = self._method_url(method)
        body = {key: value for key, value in params.items() if value is not None}
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                response = await self._client().post(url, json=body)
            except httpx.TransportError as unreachable:
                if attempt == MAX_ATTEMPTS:
                    # `from None`: the httpx error holds the request, and so the token.
                    raise BotApiError(method, 0, f"unreachable: {type(unreachable).__name__}") from None
                log.warning("Bot API %s unreachable (%s), retrying", method, type(unreachable).__name__)
                await self._sleep(BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)])
                continue
            error = _error_of(method, response)
            if error is None:
                return response.json()["result"]
            if not _retryable(error, attempt):
                raise error
            delay = error.retry_after if error.error_code == 429 else BACKOFF_S[min(attempt - 1, len(BACKOFF_S) - 1)]
            log.warning("Bot API %s answered %s, retrying in %.1f s", method, error.error_code, delay or 0)
            await self._sleep(delay or 0)
        raise AssertionError("unreachable")  # the loop returns or raises

    # -- the methods the app uses ------------------------------------------------------------------

    async def send_message(self, chat_id: int, text: str, *, reply_markup: dict[str, Any] | None = None,
                           parse_mode: str | None = None) -> dict[str, Any]:
        """Send a text message, within Telegram's limits (1 a second per chat, about 30 overall)."""
        await (self._limiter or get_send_limiter()).acquire(chat_id)
        result: dict[str, Any] = await self.call("sendMessage", chat_id=chat_id, text=text, reply_markup=reply_markup,
                                       parse_mode=parse_mode)
        return result

    async def create_invoice_link(self, *, title: str, description: str, payload: str, currency: str,
                                  prices: list[dict[str, Any]], provider_token: str = "") -> str:
        link: str = await self.call("createInvoiceLink", title=title, description=description, payload=payload,
                                    currency=currency, prices=prices, provider_token=provider_token)
        return link

    async def answer_pre_checkout_query(self, pre_checkout_query_id: str, ok: bool,
                                        error_message: str | None = None) -> bool:
        return bool(await self.call("answerPreCheckoutQuery", pre_checkout_query_id=pre_checkout_query_id, ok=ok,
                                    error_message=error_message))

    async def refund_star_payment(self, user_id: int, telegram_payment_charge_id: str) -> bool:
        return bool(await self.call("refundStarPayment", user_id=user_id,
                                    telegram_payment_charge_id=telegram_payment_charge_id))

    async def get_star_transactions(self, offset: int = 0, limit: int = 100) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("getStarTransactions", offset=offset, limit=limit)
        return result

    async def aclose(self) -> None:
        """Close this loop's connections (the others close with their loops)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    # -- plumbing ----------------------------------------------------------------------------------

    def _method_url(self, method: str) -> str:
        settings = get_settings()
        token = self._token
        if token is None:
            if settings.TELEGRAM_BOT_TOKEN is None:
                raise BotNotConfigured(method, 0, "TELEGRAM_BOT_TOKEN is not set: there is no bot to call")
            token = settings.TELEGRAM_BOT_TOKEN.get_secret_value()
        base = (self._base_url or str(settings.TELEGRAM_BOT_API_URL)).rstrip("/")
        return f"{base}/bot{token}/{method}"

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            client = httpx.AsyncClient(timeout=TIMEOUT, transport=self._transport,
                                       limits=httpx.Limits(max_connections=50, max_keepalive_connections=20))
            self._clients[loop] = client
        return client


def _error_of(method: str, response: httpx.Response) -> BotApiError | None:
    """None for a success; otherwise the error Telegram described (or the HTTP status it gave)."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if response.status_code == 200 and isinstance(body, dict) and body.get("ok") is True:
        return None
    if not isinstance(body, dict):
        return BotApiError(method, response.status_code, f"HTTP {response.status_code} without a Bot API answer")
    code = body.get("error_code")
    code = code if isinstance(code, int) else response.status_code
    description = str(body.get("description") or f"HTTP {response.status_code}")[:500]
    parameters = body.get("parameters")
    retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
    retry_after = float(retry_after) if isinstance(retry_after, (int, float)) else None
    kind = BotBlocked if code == 403 else BotApiError
    return kind(method, code, description, retry_after)


def _retryable(error: BotApiError, attempt: int) -> bool:
    if attempt >= MAX_ATTEMPTS:
        return False
    if error.error_code == 429:
        return error.retry_after is not None and error.retry_after <= MAX_RETRY_AFTER_S
    return error.error_code >= 500


_bot_api: BotApi | None = None


def get_bot_api() -> BotApi:
    """The process-wide client (it reads the settings at each call, so it never needs rebuilding)."""
    global _bot_api
    if _bot_api is None:
        _bot_api = BotApi()
    return _bot_api
