"""The restaurant demo's menu and dish screens: thin adapters over its service."""

from __future__ import annotations

import asyncio
import logging
import uuid

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demo_catalog import events
from tma_app.core.money import format_money
from tma_app.demos.restaurant import cart, menu
from tma_app.demos.restaurant.errors import RestaurantError
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic
from tma_app.core.i18n import text
from tma_app.ui.location import last_segment
from tma_app.ui.picture import picture_props

log = logging.getLogger(__name__)
DEMO = "restaurant"


def _menu(language: str, query: str, category: str) -> tuple[list[dict], list[dict]]:
    with session_scope() as session:
        categories = menu.list_categories(session, language)
        sections = menu.browse_menu(session, language, query=query, category=category or None)
    first = next((dish.slug for section in sections for dish in section.dishes), None)
    rows = [
        {
            "slug": section.category.slug,
            "name": section.category.name,
            "dishes": [
                {
                    "slug": dish.slug,
                    "name": dish.name,
                    "description": dish.description,
                    "price": format_money(dish.price_from, language),
                    "has_options": dish.has_options,
                    "is_available": dish.is_available,
                    # The first picture is above the fold: fetched at once, with high priority.
                    "picture": picture_props(dish.image_id, sizes="96px", eager=dish.slug == first,
                                             language=language),
                }
                for dish in section.dishes
            ],
        }
        for section in sections
    ]
    return [{"slug": c.slug, "name": c.name} for c in categories], rows


class RestaurantMenuState(rx.State):
    categories: list[dict[str, str]] = []
    sections: list[dict] = []
    query: str = ""
    category: str = ""
    loading: bool = True
    failed: bool = False
    _started: bool = False

    @rx.event
    @requires_user
    async def open(self):
        session = await self.get_state(SessionState)
        if not self._started:
            self._started = True  # one demo_start per visit (per tab), not per re-render
            events.started(session.user_id, DEMO)
        await self._reload(session.lang)

    @rx.event
    async def search(self, query: str):
        self.query = str(query)[:60]
        await self._reload((await self.get_state(SessionState)).lang)

    @rx.event
    async def pick_category(self, slug: str):
        self.category = "" if slug == self.category else str(slug)[:32]
        await self._reload((await self.get_state(SessionState)).lang)

    async def _reload(self, language: str) -> None:
        try:
            self.categories, self.sections = await asyncio.to_thread(_menu, language, self.query, self.category)
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
        slug = last_segment(path)
        self.loading, self.missing, self.quantity = True, False, 1
        try:
            detail = await asyncio.to_thread(_dish, str(slug), session.lang)
        except RestaurantError:
            self.missing, self.loading = True, False
            return
        self.dish, self.groups = detail
        self.chosen = [o["id"] for g in self.groups for o in g["options"] if o["is_default"]]
        self.add_key = uuid.uuid4().hex
        await self._reprice(session.lang)
        self.loading = False

    @rx.event
    async def choose(self, group_slug: str, option_id: int):
        group = next((g for g in self.groups if g["slug"] == group_slug), None)
        if group is None or option_id not in [o["id"] for o in group["options"]]:
            return
        in_group = {o["id"] for o in group["options"]}
        if group["kind"] == "single":
            self.chosen = [i for i in self.chosen if i not in in_group] + [option_id]
        elif option_id in self.chosen:
            self.chosen = [i for i in self.chosen if i != option_id]
        elif len([i for i in self.chosen if i in in_group]) < group["max_selections"]:
            self.chosen = [*self.chosen, option_id]
        else:
            return haptic.warning()
        await self._reprice((await self.get_state(SessionState)).lang)

    @rx.event
    async def change_quantity(self, delta: int):
        if delta not in (-1, 1) or not 1 <= self.quantity + delta <= 20:
            return haptic.warning()
        self.quantity += delta
        await self._reprice((await self.get_state(SessionState)).lang)

    @rx.event
    @requires_user
    @rate_limited_event("burst")
    async def add(self, key: str):
        session = await self.get_state(SessionState)
        single = {o["id"] for g in self.groups if g["kind"] == "single" for o in g["options"]}
        size = next((i for i in self.chosen if i in single), None)
        extras = [i for i in self.chosen if i not in single]
        try:
            await asyncio.to_thread(
                cart.submit_cart_add, session.user_id, self.dish["slug"], size_option_id=size,
                extra_option_ids=extras, quantity=self.quantity, idempotency_key=str(key), language=session.lang,
            )
        except RestaurantError as error:
            log.info("cart add refused: %s", error.code)
            session.notice = text("r_error_generic", session.lang)
            return haptic.error()
        self.add_key = uuid.uuid4().hex
        session.notice = text("r_added", session.lang)
        return haptic.success()

    async def _reprice(self, language: str) -> None:
        single = {o["id"] for g in self.groups if g["kind"] == "single" for o in g["options"]}
        size = next((i for i in self.chosen if i in single), None)
        extras = [i for i in self.chosen if i not in single]
        with session_scope() as session:
            price = menu.price_dish(session, self.dish["slug"], size, extras, self.quantity)
        self.price = format_money(price.total, language)


def _dish(slug: str, language: str) -> tuple[dict, list[dict]]:
    with session_scope() as session:
        detail = menu.get_dish(session, slug, language)
    dish = detail.dish
    return (
        {
            "slug": dish.slug,
            "name": dish.name,
            "description": dish.description,
            "is_available": dish.is_available,
            "picture": picture_props(dish.image_id, eager=True, language=language),
        },
        [
            {
                "slug": group.slug,
                "name": group.name,
                "kind": group.kind,
                "max_selections": group.max_selections,
                "options": [
                    {
                        "id": option.id,
                        "name": option.name,
                        "delta": format_money(option.price_delta, language, signed=True)
                        if option.price_delta else "",
                        "is_default": option.is_default,
                    }
                    for option in group.options
                ],
            }
            for group in detail.groups
        ],
    )
