"""What an update is, and who handles each kind: the one place other features plug into the bot.

    on_update("successful_payment", grant_purchase)   # async def grant_purchase(message: dict) -> None

Kinds and what the handler gets:
    message             a Message (commands and text; not one carrying successful_payment)
    successful_payment  the whole Message carrying `successful_payment`
    pre_checkout_query  the PreCheckoutQuery
    callback_query      the CallbackQuery
    my_chat_member      the ChatMemberUpdated (the bot uses it to learn it was blocked or unblocked)

When they run: every kind but pre_checkout_query goes through the durable outbox (published
when the webhook takes the update in; the outbox worker is woken by that commit), so handlers
run at least once, maybe again after a crash or a failure: they must be idempotent (key
grants by `telegram_payment_charge_id`, for instance). pre_checkout_query handlers are awaited
inside the webhook request itself, once per update_id, right after the update is taken in:
Telegram wants `answerPreCheckoutQuery` within 10 s, and a queue could be behind. They have
`PRE_CHECKOUT_BUDGET_S` in all; Telegram does not redeliver a query, so a failure is final
(the user sees the payment fail and may try again).

Handlers of one kind run in the order registered; one that raises is logged and makes the
update's delivery fail (retried later, all of that update's handlers again) — except for
pre_checkout_query, where nothing is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

KINDS = ("message", "successful_payment", "pre_checkout_query", "callback_query", "my_chat_member")
PRE_CHECKOUT_BUDGET_S = 8.0

Handler = Callable[[dict[str, Any]], Awaitable[None]]

_handlers: dict[str, list[Handler]] = {kind: [] for kind in KINDS}


def on_update(kind: str, handler: Handler) -> None:
    """Call `handler` with each update of this kind (registering the same handler twice is one)."""
    if kind not in _handlers:
        raise ValueError(f"unknown update kind {kind!r}; one of {', '.join(KINDS)}")
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def off_update(kind: str, handler: Handler) -> None:
    """Stop calling `handler` (tests; a feature switched off)."""
    if handler in _handlers.get(kind, []):
        _handlers[kind].remove(handler)


def handlers(kind: str) -> list[Handler]:
    return list(_handlers.get(kind, []))


def kind_of(update: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The update's kind and the object its handlers get; None for a kind the bot does not handle."""
    message = update.get("message")
    if isinstance(message, dict):
        return ("successful_payment" if isinstance(message.get("successful_payment"), dict) else "message"), message
    for kind in ("pre_checkout_query", "callback_query", "my_chat_member"):
        payload = update.get(kind)
        if isinstance(payload, dict):
            return kind, payload
    return None


def sender_of(payload: dict[str, Any]) -> int | None:
    """The Telegram user behind an update's object (its `from`), when it names one."""
    sender = payload.get("from")
    user_id = sender.get("id") if isinstance(sender, dict) else None
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None


async def dispatch(kind: str, payload: dict[str, Any]) -> bool:
    """Run every handler of this kind; False when one raised (each one still ran)."""
    ok = True
    for handler in handlers(kind):
        try:
            await handler(payload)
        except Exception:
            ok = False
            log.exception("bot handler %s failed on a %s", getattr(handler, "__qualname__", handler), kind)
    return ok
