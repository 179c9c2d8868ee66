"""Orders: pickup and delivery slots, placing the cart as an order exactly once, status, history."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal, cast

from sqlmodel import Session

from tma_app.core.i18n import Language
from tma_app.core.time import utcnow
from tma_app.demo_catalog.events import order_status_changed
from tma_app.demos.ordering import announce_placed, lines_by_order, own_order, place_from_cart, recent_orders
from tma_app.demos.restaurant.cart import cart_selections, cart_subtotal, change_quantity, get_cart
from tma_app.demos.restaurant.errors import (
    AddressInvalid,
    CartEmpty,
    DishUnavailable,
    ModeInvalid,
    OrderNotFound,
    SlotUnavailable,
)
from tma_app.demos.restaurant.menu import Selection
from tma_app.demos.restaurant.models import CartLine, Order, OrderLine
from tma_app.demos.restaurant.shapes import (
    CheckoutOverview,
    Mode,
    OrderLineView,
    OrderStatus,
    OrderView,
    PlacedOrder,
    Quote,
    Slot,
    StatusStep,
)

ORDER_SCOPE = "restaurant.order"
MODES: tuple[Mode, ...] = ("pickup", "delivery")
# Moscow has kept UTC+3 all year since 2014: a fixed offset needs no tz database and has no DST.
MOSCOW = timezone(timedelta(hours=3), "MSK")
OPENS, CLOSES = time(10, 0), time(22, 0)
SLOT_LENGTH = {"pickup": timedelta(minutes=15), "delivery": timedelta(minutes=30)}
LEAD_TIME = {"pickup": timedelta(minutes=20), "delivery": timedelta(minutes=45)}
DELIVERY_FEE = 19_900
FREE_DELIVERY_FROM = 150_000
ADDRESS_MIN, ADDRESS_MAX = 5, 200
PAYMENT = {"pickup": "pay_on_pickup", "delivery": "pay_on_delivery"}
# The demo's kitchen moves an order one step a minute, computed from the clock: no worker needed.
STATUS_STEP = timedelta(minutes=1)
STATUS_FLOW = {
    "pickup": ("accepted", "cooking", "ready", "done"),
    "delivery": ("accepted", "cooking", "on_the_way", "done"),
}
HISTORY_LIMIT = 50


def available_slots(now: datetime, mode: str) -> list[Slot]:
    """Today's and tomorrow's slots (Moscow time) that start at least the lead time after `now`.

    Pickup: 15-minute slots, 20 minutes ahead; delivery: 30-minute slots, 45 minutes ahead;
    every slot lies within opening hours, 10:00-22:00.
    """
    mode = check_mode(mode)
    now = _aware(now)
    earliest, length = now + LEAD_TIME[mode], SLOT_LENGTH[mode]
    today = now.astimezone(MOSCOW).date()
    slots = []
    days: tuple[tuple[Literal["today", "tomorrow"], int], ...] = (("today", 0), ("tomorrow", 1))
    for day, offset in days:
        start, close = _opening_hours(today + timedelta(days=offset))
        while start + length <= close:
            if start >= earliest:
                end = start + length
                slots.append(
                    Slot(
                        id=start.isoformat(),
                        start=start.astimezone(UTC),
                        end=end.astimezone(UTC),
                        day=day,
                        label=_slot_label(start, end),
                    )
                )
            start += length
    return slots


def delivery_fee(subtotal: int, mode: str) -> int:
    """199.00 RUB for delivery under 1500.00 RUB of food; free above that and for pickup."""
    return DELIVERY_FEE if check_mode(mode) == "delivery" and subtotal < FREE_DELIVERY_FROM else 0


def quote(session: Session, user_id: int, mode: str) -> Quote:
    """What the cart would cost with this mode: subtotal, delivery fee, total."""
    return _quote(cart_subtotal(session, user_id), mode)


def _quote(subtotal: int, mode: str) -> Quote:
    mode = check_mode(mode)
    fee = delivery_fee(subtotal, mode)
    remaining = max(FREE_DELIVERY_FROM - subtotal, 0) if mode == "delivery" else 0
    return Quote(
        mode=mode,
        subtotal=subtotal,
        delivery_fee=fee,
        total=subtotal + fee,
        free_delivery_from=FREE_DELIVERY_FROM,
        free_delivery_remaining=remaining,
    )


def check_mode(mode: object) -> Mode:
    if mode not in MODES:
        raise ModeInvalid("choose pickup or delivery")
    return mode


def check_address(address: object, mode: str) -> str | None:
    """The delivery address, whitespace collapsed, 5..200 characters; pickup keeps none."""
    if check_mode(mode) == "pickup":
        return None
    if not isinstance(address, str):
        raise AddressInvalid("a delivery needs an address")
    text = " ".join(address.split())
    if not ADDRESS_MIN <= len(text) <= ADDRESS_MAX:
        raise AddressInvalid(f"the address must be {ADDRESS_MIN} to {ADDRESS_MAX} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise AddressInvalid("the address contains control characters")
    return text


def place_order(
    session: Session,
    user_id: int,
    mode: str,
    slot: str,
    address: str | None,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> PlacedOrder:
    """Turn the user's cart into an order, once per idempotency key (scope "restaurant.order").

    `slot` is a Slot.id from available_slots(now, mode) and must still be offered. The cart's
    lines are copied with their names and prices as they are now, the delivery fee is added,
    payment is on pickup/delivery, and the cart is emptied, all in the caller's transaction.
    A repeat of the key (a double tap, a retry, a concurrent duplicate) gets the first order
    back with created=False and touches nothing, even if the slot has passed since.

    Raises ModeInvalid, AddressInvalid, SlotUnavailable, CartEmpty, DishUnavailable (a line
    can no longer be ordered; the cart view flags it), IdempotencyKeyInvalid,
    IdempotencyConflict (the key was used for a different request). On error the cart is
    untouched.

    Publishes nothing and commits nothing: announce_order(result, session) publishes
    demo_complete in the same transaction only if `result.created`. submit_order does both
    in the caller's unit of work.
    """
    mode = check_mode(mode)
    address = check_address(address, mode)
    now = _aware(now) if now is not None else utcnow()
    # Checked inside the placement, so a replayed key gets its order even after the slot passed.
    chosen = next((s for s in available_slots(now, mode) if s.id == slot), None)

    def locked_cart(tx: Session) -> list[tuple[CartLine, Selection, bool]]:
        if chosen is None:
            raise SlotUnavailable("that time is no longer available; pick another")
        return cart_selections(tx, user_id, for_update=True)

    def new_order(tx: Session, priced: Sequence[tuple[CartLine, Selection, bool]]) -> Order:
        if not all(orderable for _, _, orderable in priced):
            raise DishUnavailable("something in the cart can no longer be ordered")
        assert chosen is not None, "locked_cart refused a slot no longer offered"
        subtotal = sum(selection.unit_price * line.quantity for line, selection, _ in priced)
        fee = delivery_fee(subtotal, mode)
        return Order(
            user_id=user_id,
            mode=mode,
            slot_start=chosen.start,
            slot_end=chosen.end,
            address=address,
            payment=PAYMENT[mode],
            subtotal=subtotal,
            delivery_fee=fee,
            total=subtotal + fee,
            created_at=now,
        )

    order_id, created = place_from_cart(
        session, user_id, scope=ORDER_SCOPE, key=idempotency_key,
        payload={"mode": mode, "slot": slot, "address": address},
        locked_cart=locked_cart, cart_empty=CartEmpty, new_order=new_order, order_line=_order_line,
    )
    return PlacedOrder(user_id=user_id, created=created, order=get_order(session, user_id, order_id, language, now=now))


def announce_order(result: PlacedOrder, session: Session | None = None) -> bool:
    """Publish demo_complete for an order that was really created, in its transaction when given,
    and the statuses its customer hears about: accepted now, ready (pickup) or delivered later."""
    if not announce_placed(result, "restaurant", session, mode=result.order.mode):
        return False
    order = result.order
    order_status_changed(result.user_id, "restaurant", order.id, "accepted", session=session)
    # The kitchen's clock is known in advance (STATUS_FLOW): the later statuses are scheduled now.
    flow = STATUS_FLOW[order.mode]
    status, step = ("ready", "ready") if order.mode == "pickup" else ("delivered", "done")
    order_status_changed(result.user_id, "restaurant", order.id, status, session=session,
                         at=_aware(order.created_at) + STATUS_STEP * flow.index(step))
    return True


def submit_order(
    session: Session,
    user_id: int,
    mode: str,
    slot: str,
    address: str | None,
    idempotency_key: str,
    *,
    language: Language,
    now: datetime | None = None,
) -> PlacedOrder:
    """place_order announced in the same unit of work (a state runs it through in_session): what the UI calls."""
    result = place_order(session, user_id, mode, slot, address, idempotency_key, language=language, now=now)
    announce_order(result, session)
    return result


def checkout_overview(
    session: Session, user_id: int, language: Language, mode: str, *, now: datetime | None = None
) -> CheckoutOverview:
    """The cart screen in one read: the cart, what it costs with this mode, the slots still offered."""
    cart = get_cart(session, user_id, language)
    return CheckoutOverview(
        cart=cart,
        quote=_quote(cart.subtotal, mode),
        slots=available_slots(_aware(now) if now is not None else utcnow(), mode),
    )


def quantity_changed(
    session: Session, user_id: int, line_id: int, quantity: int, language: Language, mode: str
) -> CheckoutOverview:
    """A cart line's new quantity (0 removes it) and the cart screen after it, in one unit of work: the
    cart is priced once, where writing and then reading the screen in two would price it twice."""
    change_quantity(session, user_id, line_id, quantity)
    return checkout_overview(session, user_id, language, mode)


def order_status(mode: str, placed_at: datetime, now: datetime) -> OrderStatus:
    """Where an order is, a pure function of its age: accepted, cooking, ready or on_the_way, done."""
    flow = STATUS_FLOW[check_mode(mode)]
    age = max(_aware(now) - _aware(placed_at), timedelta(0))
    index = min(int(age // STATUS_STEP), len(flow) - 1)
    is_final = index == len(flow) - 1
    return OrderStatus(
        code=flow[index],
        steps=[StatusStep(code=code, done=i < index or is_final, current=i == index) for i, code in enumerate(flow)],
        is_final=is_final,
        next_change_at=None if is_final else placed_at + STATUS_STEP * (index + 1),
    )


def get_order(
    session: Session, user_id: int, order_id: int, language: Language, *, now: datetime | None = None
) -> OrderView:
    """One of the user's own orders; anyone else's is OrderNotFound, as if it did not exist."""
    order = None
    if isinstance(order_id, int) and not isinstance(order_id, bool):
        order = own_order(session, Order, user_id, order_id)
    if order is None:
        raise OrderNotFound("no such order")
    return _views(session, [order], language, now or utcnow())[0]


def list_orders(
    session: Session, user_id: int, language: Language, *, now: datetime | None = None, limit: int = 20
) -> list[OrderView]:
    """The user's orders, newest first, with lines, totals and status."""
    orders = recent_orders(session, Order, user_id, limit=max(1, min(limit, HISTORY_LIMIT)))
    return _views(session, orders, language, now or utcnow())


def _views(session: Session, orders: list[Order], language: Language, now: datetime) -> list[OrderView]:
    lines = lines_by_order(session, OrderLine, orders)
    ru = language == "ru"
    return [
        OrderView(
            id=order.id,
            mode=cast(Mode, order.mode),  # stored from a checked Mode
            slot_start=order.slot_start,
            slot_end=order.slot_end,
            slot_label=_slot_label(order.slot_start, order.slot_end),
            address=order.address,
            payment=order.payment,
            subtotal=order.subtotal,
            delivery_fee=order.delivery_fee,
            total=order.total,
            currency=order.currency,
            created_at=order.created_at,
            status=order_status(order.mode, order.created_at, now),
            lines=[
                OrderLineView(
                    dish_slug=line.dish_slug,
                    name=line.name_ru if ru else line.name_en,
                    options_text=line.options_ru if ru else line.options_en,
                    image_id=line.image_id,
                    unit_price=line.unit_price,
                    quantity=line.quantity,
                    line_total=line.line_total,
                )
                for line in lines[order.id]
            ],
        )
        for order in orders
    ]


def _order_line(order_id: int, row: tuple[CartLine, Selection, bool]) -> OrderLine:
    line, selection, _ = row
    return OrderLine(
        order_id=order_id,
        dish_slug=selection.dish.slug,
        name_en=selection.name("en"),
        name_ru=selection.name("ru"),
        options_en=selection.options_text("en")[:400],
        options_ru=selection.options_text("ru")[:400],
        image_id=selection.dish.image_id,
        unit_price=selection.unit_price,
        quantity=line.quantity,
        line_total=selection.unit_price * line.quantity,
    )


def _opening_hours(day: date) -> tuple[datetime, datetime]:
    return datetime.combine(day, OPENS, MOSCOW), datetime.combine(day, CLOSES, MOSCOW)


def _slot_label(start: datetime, end: datetime) -> str:
    return f"{start.astimezone(MOSCOW):%H:%M}–{end.astimezone(MOSCOW):%H:%M}"


def _aware(moment: datetime) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError("times must be timezone-aware; use tma_app.core.time.utcnow()")
    return moment
