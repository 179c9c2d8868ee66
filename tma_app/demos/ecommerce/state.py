"""The shop demo's catalog screen and what every shop screen shares: thin adapters over `catalog` and `cart`.

What each screen shows is built by `presenter` (catalog, product) and `cart_presenter`; the demo
visit starts in `tma_app.demos.visit` (every screen's load enters it).
"""

from __future__ import annotations

import logging

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.demos.ecommerce import cart, catalog
from tma_app.demos.ecommerce.catalog import SORTS
from tma_app.demos.ecommerce.errors import PriceRangeInvalid
from tma_app.demos.ecommerce.messages import describe
from tma_app.demos.ecommerce.presenter import category_chips, listing, listing_filters
from tma_app.session.guards import requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)
PAGE_SIZE = 6


class EcommerceState(rx.State):
    """What every shop screen shows in its header: how many items the cart holds."""

    cart_count: int = 0

    async def _refresh_cart_count(self) -> None:
        self.cart_count = await in_session(cart.count_items, (await self.get_state(SessionState)).user_id)


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
    # Loaded by sign-in a moment ago (preload_catalog): the mount's `open` has nothing left to fetch.
    _preloaded: bool = False

    @rx.var
    def active_filters(self) -> int:
        return int(self.in_stock_only) + int(bool(self.price_min.strip())) + int(bool(self.price_max.strip()))

    @rx.event
    @requires_user
    async def open(self):
        if self._preloaded:
            self._preloaded = False
            return
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
            page = await in_session(catalog.browse, language, limit=PAGE_SIZE, offset=self.next_offset, **filters)
        except Exception:
            yield await self._more_failed(language)
            return
        more, _, self.next_offset = listing(page, language, media_base=media_base_url())
        self.products, self.loading_more = [*self.products, *more], False

    async def _more_failed(self, language: Language):
        log.exception("shop listing page failed to load")  # called inside the except: logs its traceback
        self.loading_more = False
        (await self.get_state(SessionState)).notice = text("e_load_failed", language)
        return haptic.error()

    def _filters(self, language: Language) -> dict | None:
        """The filters for `browse`, or None (with the errors beside the fields) while a price is not one."""
        filters, self.price_errors = listing_filters(self.category, self.sort, self.in_stock_only, self.price_min,
                                                     self.price_max, language)
        return filters

    async def _reload(self) -> None:
        language = (await self.get_state(SessionState)).lang
        filters = self._filters(language)
        try:
            if filters is not None:
                overview = await in_session(catalog.catalog_overview, language, limit=PAGE_SIZE, **filters)
                self.products, self.found, self.next_offset = listing(overview.page, language,
                                                                      media_base=media_base_url())
                self.categories, self.failed = category_chips(overview), False
        except PriceRangeInvalid as error:  # out of bounds, or min above max: named beside its field
            self.price_errors = {error.field: describe(error, language)}
        except Exception:
            log.exception("shop listing failed to load")
            self.failed = True
        self.loading = False


async def preload_catalog(session: SessionState) -> None:
    """The shop's first page in the sign-in answer (session.first_screen): one render of the screen, not two."""
    state = await session.get_state(EcommerceCatalogState)
    await state._refresh_cart_count()
    await state._reload()
    state._preloaded = not state.failed
