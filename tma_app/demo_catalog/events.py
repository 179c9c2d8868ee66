"""The demos' domain events: what gamification and analytics listen to.

    demo_start     a user opened a demo (once per visit)
    demo_interact  a real action inside it (add to cart, log a set, pick a variant...)
    demo_complete  the demo's goal reached: order placed, workout finished, checkout done

    order_status   an order of the cart demos reached a status the customer hears about:
                   accepted, ready, delivered, refunded (the bot tells them in the chat)

Every demo event carries the user and the demo id; `data` adds what the action was.
Publish them once per real action (a replayed idempotent request publishes
nothing), inside the action's own transaction when there is one (`session=`):
the durable outbox then holds the event exactly when the action committed, and
in-process listeners hear of it after the commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent
from tma_app.core.outbox import publish, publish_now
from tma_app.core.time import utcnow

DEMO_START = "demo_start"
DEMO_INTERACT = "demo_interact"
DEMO_COMPLETE = "demo_complete"
DEMO_IDS = ("restaurant", "fitness", "ecommerce")
ORDER_STATUS = "order_status"
ORDER_STATUSES = ("accepted", "ready", "delivered", "refunded")
ORDER_DEMOS = ("restaurant", "ecommerce")


def demo_event(name: str, user_id: int, demo_id: str, **data: Any) -> DomainEvent:
    if name not in (DEMO_START, DEMO_INTERACT, DEMO_COMPLETE):
        raise ValueError(f"not a demo event: {name!r}")
    if demo_id not in DEMO_IDS:
        raise ValueError(f"unknown demo {demo_id!r}")
    if not isinstance(user_id, int) or user_id <= 0:
        raise ValueError("demo events belong to a verified user")
    return DomainEvent(name, user_id, {"demo_id": demo_id, **data})


def _publish(event: DomainEvent, session: Session | None) -> DomainEvent:
    if session is None:
        publish_now(event)
    else:
        publish(session, event)
    return event


def started(user_id: int, demo_id: str, *, session: Session | None = None) -> DomainEvent:
    return _publish(demo_event(DEMO_START, user_id, demo_id), session)


def interacted(user_id: int, demo_id: str, action: str, *, session: Session | None = None, **data: Any) -> DomainEvent:
    return _publish(demo_event(DEMO_INTERACT, user_id, demo_id, action=action, **data), session)


def completed(user_id: int, demo_id: str, *, session: Session | None = None, **data: Any) -> DomainEvent:
    return _publish(demo_event(DEMO_COMPLETE, user_id, demo_id, **data), session)


def order_status_changed(user_id: int, demo: str, order_id: int, status: str, *, session: Session | None = None,
                         at: datetime | None = None) -> DomainEvent:
    """Publish an order's new status in the caller's transaction; `at` schedules a status still to come.

    data: {"demo", "order", "status"}. Its id is the order and status, so announcing the
    same status twice queues it once.
    """
    if demo not in ORDER_DEMOS:
        raise ValueError(f"not a demo with orders: {demo!r}")
    if status not in ORDER_STATUSES:
        raise ValueError(f"unknown order status {status!r}")
    event = DomainEvent(ORDER_STATUS, user_id, {"demo": demo, "order": order_id, "status": status},
                        event_id=f"order:{demo}:{order_id}:{status}", occurred_at=at or utcnow())
    if session is None:
        with session_scope() as own:
            publish(own, event, not_before=at)
    else:
        publish(session, event, not_before=at)
    return event
