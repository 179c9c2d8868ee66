"""The profile screen as the page shows it, its share link, and what a freeze purchase tells the user. No reflex."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from pydantic import BaseModel

from tma_app.core.i18n import Language, plural, text
from tma_app.gamification.profile import FreezeRefusal, ProfileView
from tma_app.gamification.streaks.service import FREEZE_PRICE, MAX_FREEZES

UNKNOWN_NAME = "—"
# What each outcome of a freeze purchase says, and the haptic notification that goes with it.
_FREEZE_FEEDBACK = {
    None: ("g_freeze_bought", "success"),
    FreezeRefusal.NO_COINS: ("g_freeze_no_coins", "error"),
    FreezeRefusal.CAP_REACHED: ("g_freeze_cap", "warning"),
}


class BadgeRow(BaseModel):
    id: str
    icon: str
    name: str
    description: str
    earned: str  # the ISO date it was earned


class ReferralRow(BaseModel):
    name: str
    date: str  # the ISO date the friend joined
    status: str


class ProfileScreen(BaseModel):
    name: str = ""
    initials: str = ""
    photo_url: str = ""
    level: int = 1
    level_percent: int = 0
    to_next: int = 0  # XP still needed for the next level
    xp: int = 0
    coins: int = 0
    streak: str = ""  # "5 days in a row", declined in Russian
    longest: int = 0
    freezes: int = 0
    max_freezes: int = MAX_FREEZES
    freeze_price: int = FREEZE_PRICE
    badges: list[BadgeRow] = []
    referral_link: str = ""
    referrals: list[ReferralRow] = []


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def profile_screen(view: ProfileView, language: Language) -> ProfileScreen:
    level, streak = view.level, view.streak
    return ProfileScreen(
        name=view.name,
        initials=initials(view.name),
        photo_url=view.photo_url or "",
        level=level.level,
        level_percent=int(level.fraction * 100),
        to_next=level.next_level_at - view.xp,
        xp=view.xp,
        coins=view.coins,
        streak=plural("g_streak_days", streak.current, language),
        longest=streak.longest,
        freezes=streak.freezes,
        max_freezes=streak.max_freezes,
        freeze_price=streak.freeze_price,
        badges=[BadgeRow(id=b.id, icon=b.icon, name=b.name, description=b.description, earned=_day(b.earned_at))
                for b in view.badges],
        referral_link=view.referrals.link,
        referrals=[ReferralRow(name=r.name or UNKNOWN_NAME, date=_day(r.joined_at),
                               status=text(f"g_referral_{r.status}", language))
                   for r in view.referrals.referrals],
    )


def share_url(referral_link: str, language: Language) -> str:
    """Telegram's share sheet for the referral link with an invitation; "" without a link."""
    if not referral_link:
        return ""
    return (f"https://t.me/share/url?url={quote(referral_link, safe='')}"
            f"&text={quote(text('g_share_text', language), safe='')}")


def freeze_feedback(refusal: FreezeRefusal | None, language: Language) -> tuple[str, str]:
    """(the notice, the haptic notification type) after a freeze purchase or its refusal."""
    key, haptic_type = _FREEZE_FEEDBACK[refusal]
    return text(key, language), haptic_type
