"""The home screen's state: the demo catalog, in both languages, loaded once per tab."""

from __future__ import annotations

import asyncio

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.demo_catalog.service import list_cards
from tma_app.demo_catalog.models import DemoCard


def _load_catalog() -> dict[str, list[DemoCard]]:
    with session_scope() as session:
        return {language: list_cards(session, language) for language in ("en", "ru")}


class HomeState(rx.State):
    cards_by_language: dict[str, list[DemoCard]] = {"en": [], "ru": []}
    catalog_failed: bool = False

    @rx.event
    async def load_catalog(self):
        try:
            self.cards_by_language = await asyncio.to_thread(_load_catalog)
            self.catalog_failed = False
        except Exception:
            self.catalog_failed = True
