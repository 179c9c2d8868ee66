"""The restaurant demo's menu and dish screens: thin adapters over `menu` and `cart`.

What each screen shows is built by `presenter`; the demo visit starts in `tma_app.demos.visit`
(every screen's load enters it).
"""

from __future__ import annotations

import logging
import uuid

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.core.money import format_money
from tma_app.demos.ordering import step_quantity
from tma_app.demos.restaurant import cart, menu
from tma_app.demos.restaurant.errors import RestaurantError
from tma_app.demos.restaurant.menu import MAX_QUANTITY
from tma_app.demos.restaurant.presenter import dish_screen, menu_screen, split_choice, toggle_option
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.ui.location import last_segment
from tma_app.ui.picture import media_base_url

log = logging.getLogger(__name__)


class RestaurantMenuState(rx.State):
    categories: list[dict[str, str]] = []
    sections: list[dict] = []
    query: str = ""
    category: str = ""
    loading: bool = True
    failed: bool = False
    # Loaded by sign-in a moment ago (preload_menu): the mount's `open` has nothing left to fetch.
    _preloaded: bool = False

    @rx.event
    @requires_user
    async def open(self):
        if self._preloaded:
            self._preloaded = False
            return
        await self._reload((await self.get_state(SessionState)).lang)

    @rx.event
    async def search(self, query: str):
        self.query = str(query)[:60]
        await self._reload((await self.get_state(SessionState)).lang)

    @rx.event
    async def pick_category(self, slug: str):
        self.category = "" if slug == self.category else str(slug)[:32]
        await self._reload((await self.get_state(SessionState)).lang)

    async def _reload(self, language: Language) -> None:
        try:
            overview = await in_session(menu.menu_overview, language, self.query, self.category or None)
            self.categories, self.sections = menu_screen(overview, language, media_base=media_base_url())
            self.failed = False
        except Exception:
            log.exception("restaurant menu failed to load")
            self.failed = True
        self.loading = False


class RestaurantDishState(rx.State):
    """One dish with its modifiers; the price is always the server's."""

    dish: dict = {}
    groups: list[dict] = []
    chosen: list[int] = []
    quantity: int = 1
    price: str = ""
    loading: bool = True
    missing: bool = False
    # The key of the next add: the same for a double tap, a new one after a real add.
    add_key: str = ""

    @rx.event
    @requires_user
    async def open(self, path: str):
        session = await self.get_state(SessionState)
        self.loading, self.missing, self.quantity = True, False, 1
        try:
            detail = await in_session(menu.get_dish, last_segment(path), session.lang)
        except RestaurantError:
            self.missing, self.loading = True, False
            return
        self.dish, self.groups, self.chosen, self.price = dish_screen(detail, session.lang, media_base=media_base_url())
        self.add_key = uuid.uuid4().hex
        await self._reprice(session.lang)
        self.loading = False

    @rx.event
    async def choose(self, group_slug: str, option_id: int):
        chosen = toggle_option(self.groups, self.chosen, group_slug, option_id)
        if chosen is None:
            return haptic.warning()
        if chosen != self.chosen:
            self.chosen = chosen
            await self._reprice((await self.get_state(SessionState)).lang)

    @rx.event
    async def change_quantity(self, delta: int):
        quantity = step_quantity(self.quantity, delta, MAX_QUANTITY)
        if quantity is None:
            return haptic.warning()
        self.quantity = quantity
        await self._reprice((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def add(self, key: str):
        session = await self.get_state(SessionState)
        size, extras = split_choice(self.groups, self.chosen)
        try:
            await in_session(cart.submit_cart_add, session.user_id, self.dish["slug"], size_option_id=size,
                             extra_option_ids=extras, quantity=self.quantity, idempotency_key=str(key),
                             language=session.lang)
        except RestaurantError as error:
            log.info("cart add refused: %s", error.code)
            session.notice = text("r_error_generic", session.lang)
            return haptic.error()
        self.add_key = uuid.uuid4().hex
        session.notice = text("r_added", session.lang)
        return haptic.success()

    async def _reprice(self, language: Language) -> None:
        size, extras = split_choice(self.groups, self.chosen)
        try:
            price = await in_session(menu.price_dish, self.dish["slug"], size, extras, self.quantity)
        except RestaurantError:
            return  # a dish gone off the menu keeps its listed price; adding it is refused
        self.price = format_money(price.total, language)


async def preload_menu(session: SessionState) -> None:
    """The menu in the sign-in answer (session.first_screen): one render of the screen, not two."""
    state = await session.get_state(RestaurantMenuState)
    await state._reload(session.lang)
    state._preloaded = not state.failed
