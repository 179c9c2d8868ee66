"""What the profile screen and /api/gamification/profile show, and the level-ups to celebrate.

Assembled from the gamification services (balances, levels, badges, streak,
referrals); the user's name and avatar come from the users service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from tma_app.core.time import utcnow
from tma_app.gamification.badges import EarnedBadge, earned
from tma_app.gamification.levels import Progress, level_for, progress
from tma_app.gamification.models import Profile
from tma_app.gamification.referrals.service import ReferralOverview, referral_overview
from tma_app.gamification.streaks.service import StreakView, streak_status
from tma_app.core.i18n import Language
from tma_app.users.service import get_profile


@dataclass(frozen=True, slots=True)
class ProfileView:
    user_id: int
    name: str
    photo_url: str | None
    xp: int
    coins: int
    level: Progress
    badges: tuple[EarnedBadge, ...]
    streak: StreakView
    referrals: ReferralOverview


def balances(session: Session, user_id: int) -> tuple[int, int]:
    """(xp, coins); (0, 0) before anything was earned."""
    row = session.exec(select(Profile.xp, Profile.coins).where(Profile.user_id == user_id)).first()
    return (row[0], row[1]) if row else (0, 0)


def profile_view(session: Session, user_id: int, language: Language, now: datetime | None = None) -> ProfileView:
    now = now or utcnow()
    user = get_profile(session, user_id)
    xp, coins = balances(session, user_id)
    name = " ".join(part for part in (user.first_name, user.last_name) if part) if user else ""
    return ProfileView(
        user_id=user_id,
        name=name,
        photo_url=user.photo_url if user else None,
        xp=xp,
        coins=coins,
        level=progress(xp),
        badges=tuple(earned(session, user_id, language)),
        streak=streak_status(session, user_id, now),
        referrals=referral_overview(session, user_id),
    )


def level_to_celebrate(session: Session, user_id: int) -> int | None:
    """The highest level reached but not yet congratulated on, if any."""
    row = session.exec(select(Profile.xp, Profile.celebrated_level).where(Profile.user_id == user_id)).first()
    if row is None:
        return None
    level = level_for(row[0])
    return level if level > row[1] else None


def mark_celebrated(session: Session, user_id: int, level: int) -> bool:
    """Remember the congratulation; False when another tab (or worker) already showed it."""
    changed = session.execute(
        update(Profile).where(Profile.user_id == user_id, Profile.celebrated_level < level)
        .values(celebrated_level=level)
    ).rowcount
    return bool(changed)
