"""What the home screen reads: the demo catalog in every language the app speaks."""

from __future__ import annotations

from typing import get_args

from sqlmodel import Session

from tma_app.core.i18n import Language
from tma_app.demo_catalog.models import DemoCard
from tma_app.demo_catalog.service import list_cards


def cards_by_language(session: Session) -> dict[str, list[DemoCard]]:
    # Both languages at once: a language switch in the settings re-renders home without a reload.
    return {language: list_cards(session, language) for language in get_args(Language)}
