"""Opening a session: verified initData in, a known user out. No reflex here."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from tma_app.core.db import session_scope
from tma_app.core.events import DomainEvent, emit
from tma_app.core.settings import Settings, get_settings
from tma_app.telegram.init_data import InitDataMalformed, verify_init_data
from tma_app.ui.i18n import Language, pick_language
from tma_app.users.service import upsert_from_telegram

log = logging.getLogger(__name__)

SESSION_STARTED = "session_started"


@dataclass(frozen=True, slots=True)
class SignedInUser:
    id: int
    first_name: str
    language: Language
    is_new: bool


def open_session(init_data: object, settings: Settings | None = None) -> SignedInUser:
    """Verify initData, create or refresh the user, announce the session.

    Raises a subclass of InitDataError when the launch data cannot be trusted.
    """
    settings = settings or get_settings()
    verified = verify_init_data(
        init_data, settings.bot_token, max_age_seconds=settings.INIT_DATA_MAX_AGE_SECONDS
    )
    if verified.user is None:
        raise InitDataMalformed("initData carries no user")
    with session_scope() as session:
        user, is_new = upsert_from_telegram(session, verified.user)
    signed_in = SignedInUser(
        id=user.id,
        first_name=user.first_name,
        language=pick_language(user.language_code),
        is_new=is_new,
    )
    emit(
        DomainEvent(
            SESSION_STARTED,
            user.id,
            {"is_new": is_new, "start_param": verified.start_param, "chat_type": verified.chat_type},
        )
    )
    return signed_in
