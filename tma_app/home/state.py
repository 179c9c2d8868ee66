"""The home screen's state: the demo catalog, in both languages, loaded once per tab."""

from __future__ import annotations

import reflex as rx

from tma_app.core.db import in_session
from tma_app.demo_catalog.models import DemoCard
from tma_app.home.queries import cards_by_language


class HomeState(rx.State):
    cards_by_language: dict[str, list[DemoCard]] = {"en": [], "ru": []}
    catalog_failed: bool = False

    @rx.event
    async def load_catalog(self):
        try:
            self.cards_by_language = await in_session(cards_by_language)
            self.catalog_failed = False
        except Exception:
            self.catalog_failed = True
