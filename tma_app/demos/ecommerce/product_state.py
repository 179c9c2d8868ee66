"""The shop demo's product screen: variant pickers with stock, quantity, add to cart."""

from __future__ import annotations

import asyncio
import logging
import uuid

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demos.ecommerce import cart, catalog, messages, variants
from tma_app.demos.ecommerce.cart import QUANTITY_MAX
from tma_app.demos.ecommerce.errors import EcommerceError, OutOfStock
from tma_app.demos.ecommerce.state import LOW_STOCK, EcommerceState, stock_note
from tma_app.demos.ecommerce.shapes import ProductDetail, VariantPick, VariantView
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import Language, text
from tma_app.ui.location import last_segment
from tma_app.core.money import format_money
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)


def _detail(slug: str, language: Language) -> ProductDetail:
    with session_scope() as session:
        return catalog.get_product(session, slug, language)


def _pick(user_id: int, slug: str, variant_id: int, previous: int, language: Language) -> VariantPick:
    with session_scope() as session:
        result = variants.pick_variant(session, user_id, slug, variant_id, language, previous_variant_id=previous)
        variants.announce_variant_pick(result, session)  # with the change it announces, and only a real one
    return result


def _variant_row(variant: VariantView) -> dict:
    return {"id": variant.id, "size": variant.size or "", "colour": variant.colour or "",
            "hex": variant.colour_hex or "", "price": variant.price, "stock": variant.stock}


def options(variants: list[dict], chosen: dict, attr: str, language: Language) -> list[dict]:
    """The picker for `attr` ("size" or "colour"): each value once, with the variant a tap picks.

    A tap keeps the other attribute when that combination is in stock, else takes the first
    variant in stock with this value; a value with nothing in stock is shown sold out."""
    other = "colour" if attr == "size" else "size"
    rows = []
    for value in dict.fromkeys(v[attr] for v in variants if v[attr]):
        same = [v for v in variants if v[attr] == value]
        exact = next((v for v in same if v[other] == chosen.get(other)), None)
        target = exact if exact and exact["stock"] > 0 else next((v for v in same if v["stock"] > 0), exact or same[0])
        rows.append({
            "value": value,
            "variant_id": target["id"],
            "hex": target["hex"],
            "selected": chosen.get(attr) == value,
            "sold_out": target["stock"] <= 0,
            "note": stock_note(target["stock"], language),
        })
    return rows


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
            detail = await asyncio.to_thread(_detail, slug, session.lang)
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
            result = await asyncio.to_thread(_pick, session.user_id, self.product["slug"], int(variant_id),
                                             self.variant_id, session.lang)
        except EcommerceError as error:
            session.notice = messages.describe(error, session.lang)
            return haptic.error()
        fresh = _variant_row(result.variant)
        self.variants = [fresh if v["id"] == fresh["id"] else v for v in self.variants]
        self.variant_id = fresh["id"]
        self.quantity = max(1, min(self.quantity, fresh["stock"], QUANTITY_MAX))
        self._refresh(session.lang)

    @rx.event
    async def change_quantity(self, delta: int):
        if delta not in (-1, 1) or not 1 <= self.quantity + delta <= self.max_quantity:
            return haptic.warning()
        self.quantity += delta
        self._refresh((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def add(self, key: str):
        session = await self.get_state(SessionState)
        if not self.can_add:
            return haptic.warning()
        try:
            result = await asyncio.to_thread(
                cart.submit_cart_add, session.user_id, self.variant_id, self.quantity,
                idempotency_key=str(key), language=session.lang,
            )
        except OutOfStock as error:
            session.notice = messages.describe(error, session.lang)
            self._show(await asyncio.to_thread(_detail, self.product["slug"], session.lang), self.variant_id,
                       session.lang)
            return haptic.error()
        except (EcommerceError, ValueError) as error:
            log.info("cart add refused: %s", getattr(error, "code", type(error).__name__))
            session.notice = (messages.describe(error, session.lang) if isinstance(error, EcommerceError)
                              else text("e_error_generic", session.lang))
            return haptic.error()
        self.add_key, self.added = uuid.uuid4().hex, True
        self.cart_count = result.cart.item_count
        return haptic.success()

    def _show(self, detail: ProductDetail, variant_id: int, language: Language) -> None:
        card = detail.product
        self.product = {
            "slug": card.slug,
            "name": card.name,
            "category": detail.category_name,
            "description": detail.description,
            "picture": picture_props(card.picture_id, eager=True, language=language),
        }
        self.variants = [_variant_row(v) for v in detail.variants]
        self.variant_id = variant_id if any(v["id"] == variant_id for v in self.variants) else (
            detail.default_variant_id or 0)
        self.quantity = max(1, min(self.quantity, self._chosen().get("stock", 1), QUANTITY_MAX))
        self._refresh(language)

    def _chosen(self) -> dict:
        return next((v for v in self.variants if v["id"] == self.variant_id), {})

    def _refresh(self, language: Language) -> None:
        chosen = self._chosen()
        self.added = False
        self.sizes = options(self.variants, chosen, "size", language)
        self.colours = options(self.variants, chosen, "colour", language)
        stock = chosen.get("stock", 0)
        self.can_add = stock > 0
        self.max_quantity = max(1, min(stock, QUANTITY_MAX))
        self.stock = stock_note(stock, language, plenty=text("e_in_stock", language))
        self.stock_low = stock <= LOW_STOCK
        self.price = format_money(chosen.get("price", 0), language)
        total = format_money(chosen.get("price", 0) * self.quantity, language)
        self.add_label = f"{text('e_add_to_cart', language)} · {total}" if self.can_add else text("e_sold_out", language)
