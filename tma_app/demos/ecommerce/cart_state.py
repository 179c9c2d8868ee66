"""The shop demo's cart and checkout: thin adapters over `cart` and `checkout`.

What each screen shows is built by `cart_presenter`.
"""

from __future__ import annotations

import logging
import uuid

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.core.idempotency import IdempotencyConflict, IdempotencyKeyInvalid
from tma_app.demos.ecommerce import cart, checkout
from tma_app.demos.ecommerce.cart_presenter import cart_screen, is_dirty, phone_hint, prefill, typed
from tma_app.demos.ecommerce.errors import CartEmpty, CheckoutFormInvalid, EcommerceError, OutOfStock
from tma_app.demos.ecommerce.form import FIELDS
from tma_app.demos.ecommerce.messages import describe, field_messages
from tma_app.demos.ecommerce.orders_state import EcommerceOrdersState
from tma_app.demos.ecommerce.presenter import refusal
from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.gamification.state import CelebrationState
from tma_app.offline.state import handles_queued
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)
BASE = "/demos/ecommerce"


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
    @handles_queued
    async def set_quantity(self, line_id: int, quantity: int, stamp: int):
        session = await self.get_state(SessionState)
        try:
            await in_session(cart.set_quantity, session.user_id, int(line_id), int(quantity), session.lang)
        except (EcommerceError, ValueError, TypeError) as error:
            log.info("quantity change refused: %s", getattr(error, "code", type(error).__name__))
            await self._reload()  # fresh stock: the line may now say how many are left
            self.ack(str(line_id), stamp)  # the page drops the optimistic value: a visible rollback
            session.notice = refusal(error, session.lang)
            return haptic.error()
        await self._reload()
        self.ack(str(line_id), stamp)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def remove(self, line_id: int):
        session = await self.get_state(SessionState)
        await in_session(cart.remove_line, session.user_id, int(line_id), session.lang)
        await self._reload()
        return haptic.impact("medium")

    async def _reload(self) -> None:
        session = await self.get_state(SessionState)
        view = await in_session(cart.get_cart, session.user_id, session.lang)
        self.lines, self.total, self.items, self.can_checkout, self.cart_count = cart_screen(
            view, session.lang, media_base=media_base_url())


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
        overview = await in_session(checkout.checkout_overview, session.user_id, session.lang)
        if not overview.cart.can_checkout:
            return rx.redirect(BASE + "/cart")
        self.lines, self.total, self.items, _, self.cart_count = cart_screen(overview.cart, session.lang,
                                                                             media_base=media_base_url())
        if self.loading and not (self.name or self.phone or self.address):
            # First visit: the inputs mount after loading, so they start from these.
            self._fill(prefill(overview.last_details, session.first_name))
            self._opened_with = self._values()
        self._update_hints(session.lang)
        self.order_key = self.order_key or uuid.uuid4().hex
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
    @handles_queued
    async def place_order(self, key: str, values: dict):
        session = await self.get_state(SessionState)
        if self.placing:
            return
        self._fill(typed(values))  # what the inputs hold now, however fast the tap came
        self.placing = True
        yield
        try:
            placed = await in_session(checkout.submit_checkout, session.user_id, self._values(), str(key),
                                      language=session.lang)
        except (EcommerceError, IdempotencyConflict, IdempotencyKeyInvalid) as error:
            self.placing = False
            yield self._refused(error, session)
            return
        yield await self._placed(placed.order.id)

    async def _placed(self, order_id: int):
        """The form starts over with a new key; the order's screen says it was just placed."""
        self.placing, self.errors, self.order_key = False, {}, uuid.uuid4().hex
        self._opened_with, self.dirty, self.cart_count = self._values(), False, 0
        (await self.get_state(EcommerceOrdersState)).just_placed = order_id
        return [haptic.success(), CelebrationState.watch, rx.redirect(f"{BASE}/orders/{order_id}")]

    def _refused(self, error: Exception, session: SessionState):
        """Bad fields are named beside them; a cart gone short goes back to the cart; else a notice."""
        if isinstance(error, CheckoutFormInvalid):
            self.errors = field_messages(error.errors, session.lang)
            self._update_hints(session.lang)
            return haptic.error()
        if isinstance(error, OutOfStock | CartEmpty):
            # The cart page shows which line ran short; the form keeps what was typed.
            session.notice = describe(error, session.lang)
            return [haptic.error(), rx.redirect(BASE + "/cart")]
        log.info("checkout refused: %s", getattr(error, "code", type(error).__name__))
        session.notice = text("e_error_generic", session.lang)
        return haptic.error()

    async def _edit(self, field: str, value: str) -> None:
        value = str(value)[:400]
        if value != getattr(self, field):
            # Being edited, fixed or not: its error goes. A late echo of what was sent keeps it.
            self.errors = {k: v for k, v in self.errors.items() if k != field}
        setattr(self, field, value)
        self._update_hints((await self.get_state(SessionState)).lang)

    def _fill(self, values: dict[str, str]) -> None:
        for field, value in values.items():
            setattr(self, field, value)

    def _values(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in FIELDS}

    def _update_hints(self, language: Language) -> None:
        self.phone_hint = phone_hint(self.phone, language)
        self.dirty = is_dirty(self._values(), self._opened_with)
