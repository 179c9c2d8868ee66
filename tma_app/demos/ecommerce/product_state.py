"""The shop demo's product screen: variant pickers with stock, quantity, add to cart."""

from __future__ import annotations

import logging
import uuid

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language
from tma_app.demos.ecommerce import cart, catalog, variants
from tma_app.demos.ecommerce.errors import EcommerceError, OutOfStock
from tma_app.demos.ecommerce.messages import describe
from tma_app.demos.ecommerce.presenter import choice, picked, product_screen, refusal
from tma_app.demos.ecommerce.shapes import ProductDetail
from tma_app.demos.ecommerce.state import EcommerceState
from tma_app.demos.ordering import step_quantity
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.location import last_segment
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)


class EcommerceProductState(EcommerceState):
    """One product: the chosen variant's price and stock are always the server's."""

    product: dict = {}
    variants: list[dict] = []
    variant_id: int = 0
    sizes: list[dict] = []
    colours: list[dict] = []
    quantity: int = 1
    max_quantity: int = 1
    price: str = ""
    add_label: str = ""
    stock: str = ""
    stock_low: bool = False
    can_add: bool = False
    # The last tap on "Add to cart" added: the page says so beside the price (nothing covers the cart).
    added: bool = False
    loading: bool = True
    missing: bool = False
    # The key of the next add: the same for a double tap, a new one after a real add.
    add_key: str = ""

    @rx.event
    @requires_user
    async def open(self, path: str):
        session = await self.get_state(SessionState)
        slug = last_segment(path)
        self.missing, self.quantity = False, 1
        if self.product.get("slug") != slug:
            self.loading = True  # never a moment of the previous product under this one's address
            yield
        await self._refresh_cart_count()
        try:
            detail = await in_session(catalog.get_product, slug, session.lang)
        except EcommerceError:
            self.missing, self.loading = True, False
            return
        self._show(detail, detail.default_variant_id or 0, session.lang)
        self.add_key = uuid.uuid4().hex
        self.loading = False

    @rx.event
    @requires_user
    async def pick(self, variant_id: int):
        session = await self.get_state(SessionState)
        if variant_id == self.variant_id or variant_id not in [v["id"] for v in self.variants]:
            return
        try:
            result = await in_session(variants.submit_variant_pick, session.user_id, self.product["slug"],
                                      int(variant_id), session.lang, previous_variant_id=self.variant_id)
        except EcommerceError as error:
            session.notice = describe(error, session.lang)
            return haptic.error()
        self.variants, self.variant_id = picked(self.variants, result.variant), result.variant.id
        self._refresh(session.lang)

    @rx.event
    async def change_quantity(self, delta: int):
        quantity = step_quantity(self.quantity, delta, self.max_quantity)
        if quantity is None:
            return haptic.warning()
        self.quantity = quantity
        self._refresh((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def add(self, key: str):
        session = await self.get_state(SessionState)
        if not self.can_add:
            return haptic.warning()
        try:
            result = await in_session(cart.submit_cart_add, session.user_id, self.variant_id, self.quantity,
                                      idempotency_key=str(key), language=session.lang)
        except (EcommerceError, ValueError) as error:
            return await self._add_refused(error, session)
        self.add_key, self.added = uuid.uuid4().hex, True
        self.cart_count = result.cart.item_count
        return haptic.success()

    async def _add_refused(self, error: Exception, session: SessionState):
        log.info("cart add refused: %s", getattr(error, "code", type(error).__name__))
        session.notice = refusal(error, session.lang)
        if isinstance(error, OutOfStock):  # show what is left now
            self._show(await in_session(catalog.get_product, self.product["slug"], session.lang),
                       self.variant_id, session.lang)
        return haptic.error()

    def _show(self, detail: ProductDetail, variant_id: int, language: Language) -> None:
        self.product, self.variants, self.variant_id = product_screen(detail, variant_id, language,
                                                                      media_base=media_base_url())
        self._refresh(language)

    def _refresh(self, language: Language) -> None:
        """The pickers, stock, price and button for the chosen variant and quantity."""
        (self.sizes, self.colours, self.quantity, self.max_quantity, self.can_add, self.stock, self.stock_low,
         self.price, self.add_label) = choice(self.variants, self.variant_id, self.quantity, language)
        self.added = False
