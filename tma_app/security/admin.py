"""The admin gate: ADMIN_TELEGRAM_IDS decides, and nothing else does."""

from __future__ import annotations

from tma_app.core.settings import get_settings


def is_admin(telegram_id: int | None) -> bool:
    return telegram_id is not None and telegram_id in get_settings().ADMIN_TELEGRAM_IDS
