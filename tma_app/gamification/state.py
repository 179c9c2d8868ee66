"""The profile screen's state, and the level-up toast's (congratulated once, on any page)."""

from __future__ import annotations

import asyncio

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.gamification.coin_pack import KIND as COIN_PACK
from tma_app.gamification.presenter import ProfileScreen, freeze_feedback, profile_screen, share_url
from tma_app.gamification.profile import ProfileView, celebrate, profile_view, purchase_freeze
from tma_app.gamification.streaks import local_day
from tma_app.offline.state import handles_queued
from tma_app.payments.state import on_paid
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import commands, haptic
from tma_app.telegram.state import run


class ProfileState(rx.State):
    loaded: bool = False
    profile: ProfileScreen = ProfileScreen()
    buying: bool = False

    def _show(self, view: ProfileView, language: Language) -> None:
        self.profile, self.loaded = profile_screen(view, language), True

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self._show(await in_session(profile_view, session.user_id, session.lang), session.lang)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @handles_queued
    async def buy_freeze(self, key: str):
        """One purchase per key (made at the tap; a double tap shares it): a retry is charged once."""
        if self.buying:
            return None
        session = await self.get_state(SessionState)
        self.buying = True
        try:
            outcome = await in_session(purchase_freeze, session.user_id, str(key), session.lang)
        finally:
            self.buying = False
        self._show(outcome.view, session.lang)
        session.notice, haptic_type = freeze_feedback(outcome.refusal, session.lang)
        return haptic.notification(haptic_type)

    @rx.event
    async def share(self):
        session = await self.get_state(SessionState)
        url = share_url(self.profile.referral_link, session.lang)
        return run(commands.open_telegram_link(url)) if url else None



# Bought coins show on the profile as soon as the payment is confirmed.
on_paid(COIN_PACK, ProfileState.load)

class CelebrationState(rx.State):
    """A level reached is congratulated once (toast and success haptic), whichever tab sees it first."""

    title: str = ""
    _zone_synced: str = ""

    @rx.event
    @requires_user
    async def check(self):
        session = await self.get_state(SessionState)
        level = await in_session(celebrate, session.user_id)
        if level is None:
            return None
        self.title = text("g_level_up", session.lang, level=str(level))
        return [haptic.success(), CelebrationState.dismiss_later]

    @rx.event(background=True)
    async def watch(self):
        """After an action that may pay XP: the award is applied off the request path, so look a few times."""
        for _ in range(12):
            await asyncio.sleep(0.4)
            async with self:
                session = await self.get_state(SessionState)
                user_id, language = session._user_id, session.lang
            if user_id is None:
                return
            level = await in_session(celebrate, user_id)
            if level is not None:
                async with self:
                    self.title = text("g_level_up", language, level=str(level))
                yield haptic.success()
                yield CelebrationState.dismiss_later
                return

    @rx.event(background=True)
    async def dismiss_later(self):
        await asyncio.sleep(4)
        async with self:
            self.title = ""

    @rx.event
    def dismiss(self):
        self.title = ""

    @rx.event
    @requires_user
    async def sync_timezone(self, zone: str):
        """The device's IANA timezone, so streaks and tasks follow the user's own days."""
        if not isinstance(zone, str) or zone == self._zone_synced:
            return None
        session = await self.get_state(SessionState)
        try:
            await in_session(local_day.sync_timezone, session.user_id, zone)
        except local_day.TimezoneInvalid:
            return None  # an odd device setting: days stay UTC
        self._zone_synced = zone
        return CelebrationState.check
