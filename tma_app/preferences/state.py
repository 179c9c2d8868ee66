"""The settings screen's state: language choice, bot messages, full screen."""

from __future__ import annotations

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import bundle
from tma_app.offline.state import handles_queued
from tma_app.security import audit
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import commands, haptic
from tma_app.telegram.state import TelegramState, send
from tma_app.ui.optimistic import OptimisticAcks
from tma_app.users.service import LANGUAGE_CHOICES, language_choice, set_allows_messages, set_language

CHOICE_KEY = "language"  # the optimistic overlay's key for the language being chosen


class PreferencesState(OptimisticAcks, rx.State):
    choice: str = "auto"
    saved_choice: str = "auto"
    saving: bool = False
    write_access: str = "unknown"  # unknown | granted | denied

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self.saved_choice = self.choice = await in_session(language_choice, session.user_id)

    @rx.event
    def choose(self, choice: str, stamp: int):
        if choice in LANGUAGE_CHOICES:
            self.choice = choice
        self.ack(CHOICE_KEY, stamp)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @handles_queued
    async def save(self, choice: str):
        """Saves the choice the screen showed (the page's own, so it works when the choice was made offline)."""
        session = await self.get_state(SessionState)
        try:
            language = await in_session(set_language, session.user_id, str(choice))
        except (ValueError, LookupError):
            return haptic.error()
        self.choice = self.saved_choice = str(choice)
        session.language = language
        session.strings = bundle(language)
        audit.record("user.language", "user", telegram_id=session.user_id, resource_id=session.user_id,
                     metadata={"choice": self.choice})
        return haptic.success()

    @rx.event
    @requires_user
    async def ask_write_access(self):
        await send(self, commands.simple("requestWriteAccess"), then=PreferencesState.write_access_answered)

    @rx.event
    @requires_user
    async def write_access_answered(self, result: dict):
        granted = isinstance(result, dict) and result.get("ok") is True and result.get("value") is True
        self.write_access = "granted" if granted else "denied"
        if granted:
            # Kept: the bot sends order updates only to users who allowed messages.
            session = await self.get_state(SessionState)
            await in_session(set_allows_messages, session.user_id, True)

    @rx.event
    async def toggle_fullscreen(self):
        telegram = await self.get_state(TelegramState)
        await send(self, commands.simple("exitFullscreen" if telegram.is_fullscreen else "requestFullscreen"))
