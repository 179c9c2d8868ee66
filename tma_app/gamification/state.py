"""The profile screen's state, and the level-up toast's (congratulated once, on any page)."""

from __future__ import annotations

import asyncio
import uuid
from urllib.parse import quote

import reflex as rx

from tma_app.core.db import session_scope
from tma_app.gamification.ledger import InsufficientCoins
from tma_app.gamification.streaks import service as streaks
from tma_app.gamification.streaks.local_day import TimezoneInvalid, set_timezone, timezone_of
from tma_app.gamification.profile import ProfileView, level_to_celebrate, mark_celebrated, profile_view
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import commands, haptic
from tma_app.telegram.state import run
from tma_app.core.i18n import Language, text


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""


def _profile(user_id: int, language: Language) -> ProfileView:
    with session_scope() as session:
        return profile_view(session, user_id, language)


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


class ProfileState(rx.State):
    loaded: bool = False
    name: str = ""
    initials: str = ""
    photo_url: str = ""
    level: int = 1
    level_percent: int = 0
    to_next: int = 0
    xp: int = 0
    coins: int = 0
    streak: int = 0
    longest: int = 0
    freezes: int = 0
    max_freezes: int = 2
    freeze_price: int = 50
    buying: bool = False
    badges: list[dict[str, str]] = []
    referral_link: str = ""
    referrals: list[dict[str, str]] = []
    _freeze_key: str = ""  # one purchase per key: a double tap or a retry is charged once

    def _show(self, view: ProfileView, language: Language) -> None:
        self.loaded = True
        self.name, self.initials, self.photo_url = view.name, _initials(view.name), view.photo_url or ""
        self.level, self.xp, self.coins = view.level.level, view.xp, view.coins
        self.level_percent = int(view.level.fraction * 100)
        self.to_next = view.level.next_level_at - view.xp
        self.streak, self.longest, self.freezes = view.streak.current, view.streak.longest, view.streak.freezes
        self.max_freezes, self.freeze_price = view.streak.max_freezes, view.streak.freeze_price
        self.badges = [{"id": b.id, "icon": b.icon, "name": b.name, "description": b.description,
                        "earned": _day(b.earned_at)} for b in view.badges]
        self.referral_link = view.referrals.link
        self.referrals = [{"name": r.name or "—", "date": _day(r.joined_at),
                           "status": text(f"g_referral_{r.status}", language)} for r in view.referrals.referrals]
        self._freeze_key = self._freeze_key or uuid.uuid4().hex

    @rx.event
    @requires_user
    async def load(self):
        session = await self.get_state(SessionState)
        self._show(await asyncio.to_thread(_profile, session.user_id, session.lang), session.lang)

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def buy_freeze(self):
        if self.buying:
            return None
        session = await self.get_state(SessionState)
        self.buying = True
        try:
            await asyncio.to_thread(_buy_freeze, session.user_id, self._freeze_key)
        except InsufficientCoins:
            session.notice = text("g_freeze_no_coins", session.lang)
            return haptic.error()
        except streaks.FreezeCapReached:
            session.notice = text("g_freeze_cap", session.lang)
            return haptic.warning()
        finally:
            self.buying = False
        self._freeze_key = uuid.uuid4().hex
        self._show(await asyncio.to_thread(_profile, session.user_id, session.lang), session.lang)
        session.notice = text("g_freeze_bought", session.lang)
        return haptic.success()

    @rx.event
    async def share(self):
        session = await self.get_state(SessionState)
        if not self.referral_link:
            return None
        url = (f"https://t.me/share/url?url={quote(self.referral_link, safe='')}"
               f"&text={quote(text('g_share_text', session.lang), safe='')}")
        return run(commands.open_telegram_link(url))


def _buy_freeze(user_id: int, key: str) -> None:
    with session_scope() as session:
        streaks.buy_freeze(session, user_id, key)


def _celebrate(user_id: int) -> int | None:
    with session_scope() as session:
        level = level_to_celebrate(session, user_id)
        return level if level is not None and mark_celebrated(session, user_id, level) else None


def _sync_timezone(user_id: int, zone: str) -> None:
    with session_scope() as session:
        if timezone_of(session, user_id) != zone:
            set_timezone(session, user_id, zone)


class CelebrationState(rx.State):
    """A level reached is congratulated once (toast and success haptic), whichever tab sees it first."""

    title: str = ""
    _zone_synced: str = ""

    @rx.event
    @requires_user
    async def check(self):
        session = await self.get_state(SessionState)
        level = await asyncio.to_thread(_celebrate, session.user_id)
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
                user_id = session._user_id
                language = session.lang
            if user_id is None:
                return
            level = await asyncio.to_thread(_celebrate, user_id)
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
            await asyncio.to_thread(_sync_timezone, session.user_id, zone)
        except TimezoneInvalid:
            return None  # an odd device setting: days stay UTC
        self._zone_synced = zone
        return CelebrationState.check
