"""The restaurant demo's cart, checkout and orders: thin adapters over `cart` and `orders`.

What each screen shows is built by `presenter`.
"""

from __future__ import annotations

import logging
import uuid

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.demos.ordering import order_number
from tma_app.demos.restaurant.errors import RestaurantError
from tma_app.demos.restaurant.online_payment import KIND as ONLINE_KIND
from tma_app.demos.restaurant.orders import (
    MODES,
    checkout_overview,
    get_order,
    list_orders,
    quantity_changed,
    submit_order,
)
from tma_app.demos.restaurant.presenter import checkout_screen, kept_slot, order_rows, refused_field
from tma_app.demos.restaurant.shapes import CheckoutOverview
from tma_app.gamification.state import CelebrationState
from tma_app.offline.state import handles_queued
from tma_app.payments.invoices import online_payment_offered
from tma_app.payments.state import on_paid
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.location import last_segment
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)
BASE = "/demos/restaurant"


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
    @handles_queued
    async def set_quantity(self, line_id: int, quantity: int, stamp: int):
        session = await self.get_state(SessionState)
        try:
            overview = await in_session(quantity_changed, session.user_id, int(line_id), int(quantity), session.lang,
                                        self.mode)
        except (RestaurantError, ValueError, TypeError) as error:
            log.info("quantity change refused: %s", getattr(error, "code", type(error).__name__))
            self._ack(str(line_id), stamp)  # the page drops the optimistic value: a visible rollback
            session.notice = text("r_error_generic", session.lang)
            return haptic.error()
        self._show(overview, session.lang)
        self._ack(str(line_id), stamp)

    @rx.event
    async def choose_mode(self, mode: str):
        if mode in MODES and mode != self.mode:
            self.mode, self.slot = mode, ""
            await self._reload()

    @rx.event
    def choose_slot(self, slot_id: str):
        if kept_slot(slot_id, self.slots):
            self.slot = slot_id
            self.field_error = ""

    @rx.event
    def set_address(self, address: str):
        self.address = str(address)[:200]

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @handles_queued
    async def place_order(self, key: str, mode: str, slot: str, address: str):
        """The checkout this tab chose, or, replayed from the queue after a reopen, the one the tap saw.

        While the screen is live its state is newer than the tap's copy: a slot tapped just before
        the order reached the server first (a tab's events are handled in order).
        """
        checkout = (self.mode, self.slot, self.address) if self.slot else (str(mode), str(slot), str(address))
        if self.placing:
            return
        if not checkout[1]:
            self.field_error = "slot"
            yield haptic.error()
            return
        self.placing = True
        yield
        try:
            placed = await self._submit(str(key), *checkout)
        except RestaurantError as error:
            yield await self._refused(error)
            return
        self.placing, self.order_key, self.field_error = False, uuid.uuid4().hex, ""
        yield [haptic.success(), CelebrationState.watch, rx.redirect(f"{BASE}/orders/{placed.order.id}")]

    async def _submit(self, key: str, mode: str, slot: str, address: str):
        session = await self.get_state(SessionState)
        return await in_session(submit_order, session.user_id, mode, slot, address if mode == "delivery" else None,
                                key, language=session.lang)

    async def _refused(self, error: RestaurantError):
        """A refused order: the field to fix is marked (the cart reloaded), anything else is a notice."""
        self.placing = False
        if field := refused_field(error):
            self.field_error = field
            await self._reload()
        else:
            session = await self.get_state(SessionState)
            session.notice = text("r_error_generic", session.lang)
        return haptic.error()

    async def _reload(self) -> None:
        session = await self.get_state(SessionState)
        self._show(await in_session(checkout_overview, session.user_id, session.lang, self.mode), session.lang)

    def _show(self, overview: CheckoutOverview, language: Language) -> None:
        self.lines, self.money, self.slots = checkout_screen(overview, language, media_base=media_base_url())
        self.slot = kept_slot(self.slot, self.slots)


class RestaurantOrdersState(rx.State):
    orders: list[dict] = []
    order: dict = {}
    loading: bool = True
    missing: bool = False

    @rx.event
    @requires_user
    async def open_history(self):
        session = await self.get_state(SessionState)
        self.orders = order_rows(await in_session(list_orders, session.user_id, session.lang), session.lang)
        self.loading = False

    @rx.event
    @requires_user
    async def open_order(self, path: str):
        session = await self.get_state(SessionState)
        order_id = order_number(last_segment(path))
        if order_id is None:
            self.missing, self.loading = True, False
            return
        try:
            self.order = order_rows([await in_session(get_order, session.user_id, order_id, session.lang)],
                                    session.lang, online_payment=online_payment_offered())[0]
            self.missing = False
        except RestaurantError:
            self.missing = True
        self.loading = False

    @rx.event
    @requires_user
    async def refresh_order(self):
        """After an online payment: the same order, now paid."""
        if self.order:
            return RestaurantOrdersState.open_order(f"{BASE}/orders/{self.order['id']}")


# A paid order shows as paid at once on its screen.
on_paid(ONLINE_KIND, RestaurantOrdersState.refresh_order)
