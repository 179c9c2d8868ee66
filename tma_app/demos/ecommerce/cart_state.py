"""The shop demo's cart and checkout: thin adapters over its service."""

from __future__ import annotations

import asyncio
import logging
import uuid

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.core.idempotency import IdempotencyConflict, IdempotencyKeyInvalid
from tma_app.demos.ecommerce import cart, checkout, form, messages
from tma_app.demos.ecommerce.errors import CartEmpty, CheckoutFormInvalid, EcommerceError, OutOfStock
from tma_app.demos.ecommerce.form import FIELDS
from tma_app.demos.ecommerce.orders_state import EcommerceOrdersState
from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.demos.ecommerce.shapes import CartView
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.gamification.state import CelebrationState
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)
BASE = "/demos/ecommerce"


def _cart(user_id: int, language: Language) -> CartView:
    with session_scope() as session:
        return cart.get_cart(session, user_id, language)


def _cart_rows(cart: CartView, language: Language) -> list[dict]:
    return [
        {
            "id": line.id,
            "key": str(line.id),
            "slug": line.product_slug,
            "name": line.name,
            "variant": line.variant_label,
            "quantity": line.quantity,
            "max_quantity": line.max_quantity,
            "unit_price": format_money(line.unit_price, language),
            "total": format_money(line.line_total, language),
            "is_available": line.is_available,
            "problem": "" if line.is_available else (
                text("e_sold_out", language) if line.stock <= 0
                else text("e_only_left", language, count=str(line.stock))
            ),
            "picture": picture_props(line.picture_id, sizes="64px", language=language),
        }
        for line in cart.lines
    ]


class EcommerceCartState(OptimisticAcks, EcommerceState):
    lines: list[dict] = []
    total: str = ""
    items: str = ""
    can_checkout: bool = False
    loading: bool = True

    @rx.var
    def checkout_label(self) -> str:
        return f"· {self.total}" if self.total else ""

    @rx.event
    @requires_user
    async def open(self):
        await self._reload()
        self.loading = False

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def set_quantity(self, line_id: int, quantity: int, stamp: int):
        session = await self.get_state(SessionState)

        def change() -> None:
            with session_scope() as db:
                cart.set_quantity(db, session.user_id, int(line_id), int(quantity), session.lang)

        try:
            await asyncio.to_thread(change)
        except (EcommerceError, ValueError, TypeError) as error:
            log.info("quantity change refused: %s", getattr(error, "code", type(error).__name__))
            await self._reload()  # fresh stock: the line may now say how many are left
            self.ack(str(line_id), stamp)  # the page drops the optimistic value: a visible rollback
            session.notice = (messages.describe(error, session.lang) if isinstance(error, EcommerceError)
                              else text("e_error_generic", session.lang))
            return haptic.error()
        await self._reload()
        self.ack(str(line_id), stamp)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def remove(self, line_id: int):
        session = await self.get_state(SessionState)

        def drop() -> None:
            with session_scope() as db:
                cart.remove_line(db, session.user_id, int(line_id), session.lang)

        await asyncio.to_thread(drop)
        await self._reload()
        return haptic.impact("medium")

    async def _reload(self) -> None:
        session = await self.get_state(SessionState)
        cart = await asyncio.to_thread(_cart, session.user_id, session.lang)
        self.lines = _cart_rows(cart, session.lang)
        self.total = format_money(cart.total, session.lang)
        self.items = text("e_items", session.lang, count=str(cart.item_count))
        self.can_checkout = cart.can_checkout
        self.cart_count = cart.item_count


def _last_details(user_id: int) -> dict[str, str]:
    with session_scope() as session:
        orders = checkout.list_orders(session, user_id, "en", limit=1)
    if not orders:
        return {}
    return {"name": orders[0].customer_name, "phone": form.display_phone(orders[0].phone),
            "address": orders[0].address}


class EcommerceCheckoutState(EcommerceState):
    """The delivery form; every field is checked by the service, all at once."""

    name: str = ""
    phone: str = ""
    address: str = ""
    errors: dict[str, str] = {}
    # The number as it will be stored, shown once what is typed is a phone number.
    phone_hint: str = ""
    # The form differs from what it was opened with: Telegram asks before closing.
    dirty: bool = False
    lines: list[dict] = []
    total: str = ""
    items: str = ""
    placing: bool = False
    loading: bool = True
    # The key of the next order: a double tap sends it twice, the server places one order.
    order_key: str = ""
    _opened_with: dict[str, str] = {}

    @rx.var
    def place_label(self) -> str:
        return f"· {self.total}" if self.total else ""

    @rx.event
    @requires_user
    async def open(self):
        session = await self.get_state(SessionState)
        cart = await asyncio.to_thread(_cart, session.user_id, session.lang)
        if not cart.can_checkout:
            return rx.redirect(BASE + "/cart")
        self.lines = _cart_rows(cart, session.lang)
        self.total = format_money(cart.total, session.lang)
        self.items = text("e_items", session.lang, count=str(cart.item_count))
        self.cart_count = cart.item_count
        if self.loading and not (self.name or self.phone or self.address):
            # First visit: the details of the last order, else the Telegram name. The inputs
            # mount after loading, so they start from these.
            last = await asyncio.to_thread(_last_details, session.user_id)
            self.name = last.get("name", session.first_name)
            self.phone, self.address = last.get("phone", ""), last.get("address", "")
            self._opened_with = self._values()
        self._update_hints(session.lang)
        if not self.order_key:
            self.order_key = uuid.uuid4().hex
        self.loading = False

    @rx.event
    async def set_name(self, value: str):
        await self._edit("name", value)

    @rx.event
    async def set_phone(self, value: str):
        await self._edit("phone", value)

    @rx.event
    async def set_address(self, value: str):
        await self._edit("address", value)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def place_order(self, key: str, values: dict):
        session = await self.get_state(SessionState)
        if self.placing:
            return
        if isinstance(values, dict):  # what the inputs hold now, however fast the tap came
            for field in FIELDS:
                if isinstance(values.get(field), str):
                    setattr(self, field, values[field][:400])
        self.placing = True
        yield
        try:
            placed = await asyncio.to_thread(checkout.submit_checkout, session.user_id, self._values(), str(key),
                                             language=session.lang)
        except CheckoutFormInvalid as error:
            self.placing, self.errors = False, messages.field_messages(error.errors, session.lang)
            self._update_hints(session.lang)
            yield haptic.error()
            return
        except (OutOfStock, CartEmpty) as error:
            # The cart page shows which line ran short; the form keeps what was typed.
            self.placing = False
            session.notice = messages.describe(error, session.lang)
            yield [haptic.error(), rx.redirect(BASE + "/cart")]
            return
        except (EcommerceError, IdempotencyConflict, IdempotencyKeyInvalid) as error:
            log.info("checkout refused: %s", getattr(error, "code", type(error).__name__))
            self.placing = False
            session.notice = text("e_error_generic", session.lang)
            yield haptic.error()
            return
        self.placing, self.errors, self.order_key = False, {}, uuid.uuid4().hex
        self._opened_with, self.dirty, self.cart_count = self._values(), False, 0
        (await self.get_state(EcommerceOrdersState)).just_placed = placed.order.id
        yield [haptic.success(), CelebrationState.watch, rx.redirect(f"{BASE}/orders/{placed.order.id}")]

    async def _edit(self, field: str, value: str) -> None:
        value = str(value)[:400]
        if value != getattr(self, field):
            # Being edited, fixed or not: its error goes. A late echo of what was sent keeps it.
            self.errors = {k: v for k, v in self.errors.items() if k != field}
        setattr(self, field, value)
        self._update_hints((await self.get_state(SessionState)).lang)

    def _values(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in FIELDS}

    def _update_hints(self, language: Language) -> None:
        phone = form.normalize_phone(self.phone) if self.phone.strip() else None
        self.phone_hint = text("e_phone_hint", language, phone=form.display_phone(phone)) if phone else ""
        self.dirty = self._values() != (self._opened_with or dict.fromkeys(FIELDS, ""))

