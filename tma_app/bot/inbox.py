"""Updates taken in exactly once, and handed to their handlers through the durable outbox.

`take_in` claims the update_id (the primary key of `bot_updates`) and, in the same
transaction, publishes `telegram_update` for the outbox: the update is queued exactly when its
claim committed, and a redelivered update finds its claim and queues nothing. A
pre_checkout_query is claimed but not queued: the webhook answers it at once (see updates.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from tma_app.bot.loop import run_in_bot_loop
from tma_app.bot.models import BotUpdate
from tma_app.bot.updates import dispatch, kind_of, sender_of
from tma_app.core import outbox
from tma_app.core.db import dialect_insert, insert_many, rows_changed, session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.time import utcnow

log = logging.getLogger(__name__)

UPDATE_EVENT = "telegram_update"
CONSUMER = "bot_updates"
DELIVERY_TIMEOUT_S = 100.0  # a batch's handlers, sends included; under the outbox lease
LEASE_S = 120.0
# Telegram gives up redelivering long before this: older claims only take room.
KEEP_CLAIMS = timedelta(days=7)
PRUNE_EVERY_S = 600.0
PRUNE_BATCH = 10_000
_last_prune = 0.0


@dataclass(frozen=True, slots=True)
class TakenIn:
    new: bool  # False: a redelivery of an update already taken in
    kind: str  # one of updates.KINDS, or "other"
    payload: dict[str, Any] | None


def take_in(session: Session, update: dict[str, Any]) -> TakenIn:
    """Claim the update once, and queue it for its handlers in the same transaction."""
    return take_in_many(session, [update])[0]


def take_in_many(session: Session, updates: list[dict[str, Any]]) -> list[TakenIn]:
    """`take_in` for a batch in one INSERT and one publish (the webhook batches concurrent requests).

    An update_id twice in the batch is claimed by its first occurrence; the others are redeliveries.
    """
    kinds = []
    rows: dict[int, dict[str, Any]] = {}
    now = utcnow()
    for update in updates:
        found = kind_of(update)
        kind, payload = found if found is not None else ("other", None)
        user_id = sender_of(payload) if payload is not None else None
        kinds.append((kind, payload, user_id))
        rows.setdefault(update["update_id"], {"update_id": update["update_id"], "kind": kind, "user_id": user_id,
                                              "received_at": now})
    claimed = {row[0] for row in insert_many(
        session,
        dialect_insert(session)(BotUpdate).on_conflict_do_nothing(index_elements=["update_id"])
        .returning(BotUpdate.update_id),
        list(rows.values()),
    )}
    results, events = [], []
    for update, (kind, payload, user_id) in zip(updates, kinds, strict=True):
        new = update["update_id"] in claimed
        claimed.discard(update["update_id"])  # a second occurrence in this batch is a redelivery
        results.append(TakenIn(new, kind, payload))
        if new and payload is not None and kind != "pre_checkout_query":
            # The event id is the update's: even a second publish of it would queue nothing.
            events.append(DomainEvent(UPDATE_EVENT, user_id, {"kind": kind, "update": update},
                                      event_id=f"tg:{update['update_id']}"))
    if events:
        outbox.publish_many(session, events)
    return results


def prune_claims(session: Session, now: datetime | None = None) -> int:
    """Forget claims older than KEEP_CLAIMS (a bounded batch); how many."""
    cutoff = (now or utcnow()) - KEEP_CLAIMS
    oldest = select(BotUpdate.update_id).where(col(BotUpdate.received_at) < cutoff).limit(PRUNE_BATCH)
    return rows_changed(session, delete(BotUpdate).where(col(BotUpdate.update_id).in_(oldest.scalar_subquery())))


def deliver(events: list[DomainEvent]) -> set[str]:
    """The outbox's delivery: each update's handlers, on the bot's loop; the ids that failed."""
    _prune_now_and_then()
    return run_in_bot_loop(_deliver_all(events), DELIVERY_TIMEOUT_S)


def _prune_now_and_then() -> None:
    # Off the request path, at most every PRUNE_EVERY_S per process; a failure waits for the next time.
    global _last_prune
    if time.monotonic() - _last_prune < PRUNE_EVERY_S:
        return
    _last_prune = time.monotonic()
    try:
        with session_scope() as session:
            prune_claims(session)
    except Exception:
        log.warning("could not prune old bot_updates claims", exc_info=True)


async def _deliver_all(events: list[DomainEvent]) -> set[str]:
    # One user's updates in order (a command, then the next); different users' side by side.
    by_user: dict[int | None, list[DomainEvent]] = defaultdict(list)
    for event in events:
        by_user[event.user_id].append(event)

    async def in_order(queue: list[DomainEvent]) -> set[str]:
        failed = set()
        for event in queue:
            update = event.data.get("update")
            found = kind_of(update) if isinstance(update, dict) else None
            if found is not None and not await dispatch(*found):
                failed.add(event.event_id)
        return failed

    failures = await asyncio.gather(*(in_order(queue) for queue in by_user.values()))
    return set().union(*failures)


def register() -> Callable[[], None]:
    """Hand queued updates to their handlers (the assembly calls it, like the other consumers)."""
    return outbox.register_leased(CONSUMER, (UPDATE_EVENT,), deliver, lease_s=LEASE_S)
