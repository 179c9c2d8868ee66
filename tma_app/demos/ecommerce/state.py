"""The shop demo's catalog screen and what every shop screen shares: thin adapters over its service."""

from __future__ import annotations

import asyncio
import logging
import re

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demo_catalog import events
from tma_app.demos.ecommerce import cart, catalog, messages
from tma_app.demos.ecommerce.catalog import SORTS
from tma_app.demos.ecommerce.errors import PriceRangeInvalid
from tma_app.demos.ecommerce.shapes import ProductPage
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)
DEMO = "ecommerce"
PAGE_SIZE = 6
LOW_STOCK = 5
# What people type for a price in rubles: "1500", "1 500", "1500,50".
_RUBLES = re.compile(r"^(\d{1,9})(?:[.,](\d{1,2}))?$")


def parse_rubles(raw: str) -> int | None:
    """Typed rubles as kopecks; None when empty. Raises ValueError when it is not a price."""
    cleaned = re.sub(r"[\s\u00a0₽]", "", str(raw))
    if not cleaned:
        return None
    match = _RUBLES.match(cleaned)
    if match is None:
        raise ValueError("not a price in rubles")
    return int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))


def stock_note(stock: int, language: Language, *, plenty: str = "") -> str:
    """"Sold out", "Last one", "3 left", or `plenty` when there is no need to count."""
    if stock <= 0:
        return text("e_sold_out", language)
    if stock == 1:
        return text("e_last_one", language)
    return text("e_left", language, count=str(stock)) if stock <= LOW_STOCK else plenty


async def cart_count(user_id: int) -> int:
    def count() -> int:
        with session_scope() as session:
            return cart.get_cart(session, user_id, "en").item_count

    return await asyncio.to_thread(count)


class EcommerceState(rx.State):
    """What every shop screen shows in its header: how many items the cart holds."""

    cart_count: int = 0

    async def _refresh_cart_count(self) -> None:
        self.cart_count = await cart_count((await self.get_state(SessionState)).user_id)


def _listing(language: Language, filters: dict, offset: int) -> tuple[list[dict], ProductPage]:
    with session_scope() as session:
        categories = catalog.list_categories(session, language)
        page = catalog.browse(session, language, limit=PAGE_SIZE, offset=offset, **filters)
    return [{"slug": c.slug, "name": c.name} for c in categories], page


def _cards(page: ProductPage, language: Language) -> list[dict]:
    return [
        {
            "slug": item.slug,
            "name": item.name,
            "price": format_money(item.price_from, language),
            "has_range": item.has_price_range,
            "in_stock": item.in_stock,
            "last_one": item.units_left == 1,
            # The first row is above the fold: fetched at once, the rest when scrolled to.
            "picture": picture_props(item.picture_id, sizes="50vw", eager=page.offset == 0 and index < 2,
                                     language=language),
        }
        for index, item in enumerate(page.items)
    ]


class EcommerceCatalogState(EcommerceState):
    categories: list[dict[str, str]] = []
    products: list[dict] = []
    found: str = ""
    next_offset: int = -1
    category: str = ""
    sort: str = "newest"
    in_stock_only: bool = False
    price_min: str = ""
    price_max: str = ""
    price_errors: dict[str, str] = {}
    filters_open: bool = False
    # Bumped by a reset: the price inputs remount empty (they keep what is typed, not the state).
    filters_round: int = 0
    loading: bool = True
    loading_more: bool = False
    failed: bool = False
    _started: bool = False

    @rx.var
    def active_filters(self) -> int:
        return int(self.in_stock_only) + int(bool(self.price_min.strip())) + int(bool(self.price_max.strip()))

    @rx.event
    @requires_user
    async def open(self):
        session = await self.get_state(SessionState)
        if not self._started:
            self._started = True  # one demo_start per visit (per tab), not per re-render
            events.started(session.user_id, DEMO)
        await self._refresh_cart_count()
        await self._reload()

    @rx.event
    async def pick_category(self, slug: str):
        self.category = "" if slug == self.category else str(slug)[:32]
        await self._reload()

    @rx.event
    async def set_sort(self, sort: str):
        if sort in SORTS and sort != self.sort:
            self.sort = sort
            await self._reload()

    @rx.event
    async def toggle_in_stock(self):
        self.in_stock_only = not self.in_stock_only
        await self._reload()

    @rx.event
    async def set_price_min(self, value: str):
        self.price_min = str(value)[:16]
        await self._reload()

    @rx.event
    async def set_price_max(self, value: str):
        self.price_max = str(value)[:16]
        await self._reload()

    @rx.event
    def toggle_filters(self):
        self.filters_open = not self.filters_open

    @rx.event
    async def reset_filters(self):
        self.category, self.in_stock_only, self.price_min, self.price_max = "", False, "", ""
        self.filters_round += 1
        await self._reload()

    @rx.event
    async def show_more(self):
        language = (await self.get_state(SessionState)).lang
        filters = self._filters(language)
        if self.next_offset < 0 or filters is None or self.loading_more:
            return
        self.loading_more = True
        yield
        try:
            _, page = await asyncio.to_thread(_listing, language, filters, self.next_offset)
        except Exception:
            log.exception("shop listing page failed to load")
            self.loading_more = False
            (await self.get_state(SessionState)).notice = text("e_load_failed", language)
            yield haptic.error()
            return
        self.products = [*self.products, *_cards(page, language)]
        self.next_offset = page.next_offset if page.next_offset is not None else -1
        self.loading_more = False

    def _filters(self, language: Language) -> dict | None:
        """The filters for the service, or None (with the errors beside the fields) if a price is not one."""
        bounds, errors = {}, {}
        for field in ("price_min", "price_max"):
            try:
                bounds[field] = parse_rubles(getattr(self, field))
            except ValueError:
                errors[field] = text("e_price_invalid", language)
        self.price_errors = errors
        if errors:
            return None
        # Out of bounds, or min above max: the service refuses and names the field.
        return {"category": self.category or None, "sort": self.sort, "in_stock_only": self.in_stock_only, **bounds}

    async def _reload(self) -> None:
        language = (await self.get_state(SessionState)).lang
        filters = self._filters(language)
        if filters is None:
            self.loading = False
            return
        try:
            self.categories, page = await asyncio.to_thread(_listing, language, filters, 0)
        except PriceRangeInvalid as error:
            self.price_errors = {error.field: messages.describe(error, language)}
            self.loading = False
            return
        except Exception:
            log.exception("shop listing failed to load")
            self.failed, self.loading = True, False
            return
        self.products = _cards(page, language)
        self.found = text("e_found", language, count=str(page.total))
        self.next_offset = page.next_offset if page.next_offset is not None else -1
        self.failed, self.loading = False, False
