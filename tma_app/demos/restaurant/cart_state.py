"""The restaurant demo's cart, checkout and orders: thin adapters over its service."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.core.money import format_money
from tma_app.demos.restaurant import cart, orders
from tma_app.demos.restaurant.errors import AddressInvalid, CartEmpty, RestaurantError, SlotUnavailable
from tma_app.demos.restaurant.shapes import CartView, OrderView
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.gamification.state import CelebrationState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import text
from tma_app.ui.location import last_segment
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)


def _cart_rows(cart: CartView, language: str) -> list[dict]:
    return [
        {
            "id": line.id,
            "key": str(line.id),
            "name": line.name,
            "options": line.options_text,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "total": format_money(line.line_total, language),
            "is_available": line.is_available,
            "picture": picture_props(line.image_id, sizes="64px", language=language),
        }
        for line in cart.lines
    ]


def _checkout(user_id: int, language: str, mode: str) -> tuple[CartView, dict, list[dict]]:
    with session_scope() as session:
        view = cart.get_cart(session, user_id, language)
        quote = orders.quote(session, user_id, mode)
    slots = orders.available_slots(datetime.now(UTC), mode)
    money = {
        "subtotal": format_money(quote.subtotal, language),
        "fee": format_money(quote.delivery_fee, language),
        "total": format_money(quote.total, language),
        "has_fee": quote.delivery_fee > 0,
    }
    return view, money, [{"id": s.id, "label": s.label, "day": s.day} for s in slots[:24]]


def _set_quantity(user_id: int, line_id: int, quantity: int, language: str) -> CartView:
    with session_scope() as session:
        return cart.set_quantity(session, user_id, line_id, quantity, language)


class RestaurantCartState(OptimisticAcks, rx.State):
    lines: list[dict] = []
    money: dict = {}
    mode: str = "pickup"
    slots: list[dict] = []
    slot: str = ""
    address: str = ""
    field_error: str = ""
    placing: bool = False
    loading: bool = True
    # The key of the next order: a double tap sends it twice, the server places one order.
    order_key: str = ""

    @rx.var
    def order_label(self) -> str:
        total = self.money.get("total", "")
        return f"· {total}" if total else ""

    @rx.event
    @requires_user
    async def open(self):
        await self._reload()
        if not self.order_key:
            self.order_key = uuid.uuid4().hex
        self.loading = False

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def set_quantity(self, line_id: int, quantity: int, stamp: int):
        session = await self.get_state(SessionState)
        try:
            await asyncio.to_thread(_set_quantity, session.user_id, int(line_id), int(quantity), session.lang)
        except (RestaurantError, ValueError, TypeError) as error:
            log.info("quantity change refused: %s", getattr(error, "code", type(error).__name__))
            self.ack(str(line_id), stamp)  # the page drops the optimistic value: a visible rollback
            session.notice = text("r_error_generic", session.lang)
            return haptic.error()
        await self._reload()
        self.ack(str(line_id), stamp)

    @rx.event
    async def choose_mode(self, mode: str):
        if mode in ("pickup", "delivery") and mode != self.mode:
            self.mode, self.slot = mode, ""
            await self._reload()

    @rx.event
    def choose_slot(self, slot_id: str):
        if any(s["id"] == slot_id for s in self.slots):
            self.slot = slot_id
            self.field_error = ""

    @rx.event
    def set_address(self, address: str):
        self.address = str(address)[:200]

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def place_order(self, key: str):
        session = await self.get_state(SessionState)
        if self.placing:
            return
        if not self.slot:
            self.field_error = "slot"
            yield haptic.error()
            return
        self.placing = True
        yield
        try:
            placed = await asyncio.to_thread(
                orders.submit_order, session.user_id, self.mode, self.slot,
                self.address if self.mode == "delivery" else None, str(key), language=session.lang,
            )
        except (AddressInvalid, SlotUnavailable, CartEmpty) as error:
            self.placing = False
            self.field_error = {AddressInvalid: "address", SlotUnavailable: "slot", CartEmpty: "cart"}[type(error)]
            await self._reload()
            yield haptic.error()
            return
        except RestaurantError:
            self.placing = False
            session.notice = text("r_error_generic", session.lang)
            yield haptic.error()
            return
        self.placing, self.order_key, self.field_error = False, uuid.uuid4().hex, ""
        yield [haptic.success(), CelebrationState.watch, rx.redirect(f"/demos/restaurant/orders/{placed.order.id}")]

    async def _reload(self) -> None:
        session = await self.get_state(SessionState)
        cart, self.money, self.slots = await asyncio.to_thread(_checkout, session.user_id, session.lang, self.mode)
        self.lines = _cart_rows(cart, session.lang)
        if self.slot and not any(s["id"] == self.slot for s in self.slots):
            self.slot = ""


def _order_rows(orders: list[OrderView], language: str) -> list[dict]:
    return [
        {
            "id": order.id,
            "slot": order.slot_label,
            "mode": order.mode,
            "total": format_money(order.total, language),
            "status": order.status.code,
            "steps": [{"code": s.code, "done": s.done, "current": s.current} for s in order.status.steps],
            "lines": [f"{line.quantity} × {line.name}" for line in order.lines],
        }
        for order in orders
    ]


class RestaurantOrdersState(rx.State):
    orders: list[dict] = []
    order: dict = {}
    loading: bool = True
    missing: bool = False

    @rx.event
    @requires_user
    async def open_history(self):
        session = await self.get_state(SessionState)

        def load() -> list[OrderView]:
            with session_scope() as db:
                return orders.list_orders(db, session.user_id, session.lang)

        self.orders = _order_rows(await asyncio.to_thread(load), session.lang)
        self.loading = False

    @rx.event
    @requires_user
    async def open_order(self, path: str):
        session = await self.get_state(SessionState)
        raw = last_segment(path)
        if not raw.isdigit():
            self.missing, self.loading = True, False
            return

        def load() -> OrderView:
            with session_scope() as db:
                return orders.get_order(db, session.user_id, int(raw), session.lang)

        try:
            self.order = _order_rows([await asyncio.to_thread(load)], session.lang)[0]
            self.missing = False
        except RestaurantError:
            self.missing = True
        self.loading = False
