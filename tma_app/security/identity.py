"""Who is asking: verified Telegram identity for HTTP requests and sessions. No reflex."""

from __future__ import annotations

from functools import lru_cache

from tma_app.core.settings import get_settings
from tma_app.telegram.init_data import InitDataVerifier, VerifiedInitData

INIT_DATA_HEADER = "X-Telegram-Init-Data"


@lru_cache(maxsize=1)
def get_verifier() -> InitDataVerifier:
    """The process-wide verifier, remembering strings it has already verified."""
    settings = get_settings()
    return InitDataVerifier(settings.bot_token, max_age_seconds=settings.INIT_DATA_MAX_AGE_SECONDS)


def verify(init_data: object) -> VerifiedInitData:
    """Verify with the configured bot token; raises a subclass of InitDataError."""
    return get_verifier().verify(init_data)
