"""The Bot API calls payments makes, behind one narrow interface the assembly plugs in.

Payments sits below the bot in the layers, so it names only what it needs (`PaymentsBot`,
which `tma_app.bot.api.BotApi` satisfies); `tma_app.py` hands over the real client with
`use_bot(get_bot_api)`. Without a configured bot token there is no client at all: every
payment says so (`BotNeeded`), and nothing pretends to succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from tma_app.core.settings import get_settings


class PaymentsBot(Protocol):
    async def create_invoice_link(self, *, title: str, description: str, payload: str, currency: str,
                                  prices: list[dict[str, Any]], provider_token: str = "") -> str: ...

    async def answer_pre_checkout_query(self, pre_checkout_query_id: str, ok: bool,
                                        error_message: str | None = None) -> bool: ...

    async def refund_star_payment(self, user_id: int, telegram_payment_charge_id: str) -> bool: ...

    async def get_star_transactions(self, offset: int = 0, limit: int = 100) -> dict[str, Any]: ...

    async def send_message(self, chat_id: int, text: str, *, reply_markup: dict[str, Any] | None = None,
                           parse_mode: str | None = None) -> dict[str, Any]: ...


class BotNeeded(RuntimeError):
    """Payments need a real bot (TELEGRAM_BOT_TOKEN) and its Bot API client."""

    code = "BOT_NEEDED"


_factory: Callable[[], PaymentsBot] | None = None


def use_bot(factory: Callable[[], PaymentsBot] | None) -> None:
    """Plug in (or, with None, remove) the Bot API client payments calls."""
    global _factory
    _factory = factory


def bot_ready() -> bool:
    return get_settings().bot_configured and _factory is not None


def payments_bot() -> PaymentsBot:
    if not get_settings().bot_configured:
        raise BotNeeded("payments need a bot: set TELEGRAM_BOT_TOKEN to the token from @BotFather")
    if _factory is None:
        raise BotNeeded("payments need the bot's API client, which this process has not set up")
    return _factory()
