"""Order status changes told to the customer in the chat: only with their permission, never to a blocked bot.

The restaurant and the shop publish `order_status` (demo_catalog/events.py): accepted at
once, ready / delivered when the kitchen's clock gets there, refunded by payments. A user
hears of it only if they allowed messages (users.allows_write_to_pm: Telegram's flag, or
"Allow messages" in the app's settings) and has not blocked the bot; a 403 marks them blocked
and is not retried. Telegram being down or a long flood wait is retried by the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from tma_app.bot.api import BotApiError, BotNotConfigured
from tma_app.bot.blocked import is_blocked
from tma_app.bot.loop import run_in_bot_loop
from tma_app.bot.orders import order_label
from tma_app.bot.replies import open_app_markup, send_to_user
from tma_app.core import outbox
from tma_app.core.db import in_session
from tma_app.core.events import DomainEvent
from tma_app.core.i18n import Language, text
from tma_app.core.time import utcnow
from tma_app.demo_catalog.events import ORDER_DEMOS, ORDER_STATUS, ORDER_STATUSES
from tma_app.users.service import allows_messages, language_of

log = logging.getLogger(__name__)

CONSUMER = "bot_notifications"
STALE_AFTER = timedelta(hours=6)  # after an outage, news this old is no news: the app shows the status
DELIVERY_TIMEOUT_S = 100.0


@dataclass(frozen=True, slots=True)
class Recipient:
    may_write: bool
    language: Language


def recipient(session: Session, user_id: int) -> Recipient:
    return Recipient(allows_messages(session, user_id) and not is_blocked(session, user_id),
                     language_of(session, user_id))


def notification_text(demo: str, order_id: int, status: str, language: Language) -> str:
    return text(f"bot_notify_{status}", language, order=order_label(demo, order_id, language))


async def notify(event: DomainEvent) -> bool:
    """Tell the user, if they may be told; False only when it should be tried again later."""
    demo, order_id, status = (event.data.get(key) for key in ("demo", "order", "status"))
    if (event.user_id is None or demo not in ORDER_DEMOS or status not in ORDER_STATUSES
            or not isinstance(order_id, int)):
        log.warning("order_status event %s is malformed; dropped", event.event_id)
        return True
    if utcnow() - event.occurred_at > STALE_AFTER:
        return True
    to = await in_session(recipient, event.user_id)
    if not to.may_write:
        return True
    try:
        await send_to_user(event.user_id, notification_text(str(demo), order_id, str(status), to.language),
                           reply_markup=open_app_markup(to.language))
    except BotNotConfigured:
        return True  # dev without a bot: nobody to tell, nothing to retry
    except BotApiError as error:
        if error.error_code == 0 or error.error_code == 429 or error.error_code >= 500:
            return False  # Telegram unreachable or busy: the outbox tries again with backoff
        log.warning("order notification %s refused for good: %s", event.event_id, error)
    return True


def deliver(events: list[DomainEvent]) -> set[str]:
    return run_in_bot_loop(_notify_all(events), DELIVERY_TIMEOUT_S)


async def _notify_all(events: list[DomainEvent]) -> set[str]:
    results = await asyncio.gather(*(notify(event) for event in events), return_exceptions=True)
    failed = set()
    for event, result in zip(events, results, strict=True):
        if isinstance(result, BaseException):
            log.error("order notification %s failed", event.event_id, exc_info=result)
        if result is not True:
            failed.add(event.event_id)
    return failed


def register() -> Callable[[], None]:
    return outbox.register_leased(CONSUMER, (ORDER_STATUS,), deliver)
