"""What the profile screen and /api/gamification/profile show, buying a freeze from it, and the
level-ups to celebrate.

Assembled from the gamification services (balances, levels, badges, streak,
referrals); the user's name and avatar come from the users service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from tma_app.core.db import rows_changed
from tma_app.core.i18n import Language
from tma_app.core.time import utcnow
from tma_app.gamification.badges import EarnedBadge, earned
from tma_app.gamification.ledger import InsufficientCoins
from tma_app.gamification.levels import Progress, level_for, progress
from tma_app.gamification.models import Profile
from tma_app.gamification.referrals.service import ReferralOverview, referral_overview
from tma_app.gamification.streaks import service as streaks
from tma_app.gamification.streaks.service import StreakView, streak_status
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


class FreezeRefusal(StrEnum):
    NO_COINS = "no_coins"
    CAP_REACHED = "cap_reached"


@dataclass(frozen=True, slots=True)
class FreezeOutcome:
    view: ProfileView  # the profile after the attempt
    refusal: FreezeRefusal | None = None  # None: bought (or a retry of a purchase made with this key)


def purchase_freeze(session: Session, user_id: int, idempotency_key: str, language: Language) -> FreezeOutcome:
    """A freeze bought from the profile screen, and the profile as it then stands.

    A refusal undoes only the purchase (the streaks service works in a savepoint).
    """
    refusal = None
    try:
        streaks.buy_freeze(session, user_id, idempotency_key)
    except InsufficientCoins:
        refusal = FreezeRefusal.NO_COINS
    except streaks.FreezeCapReached:
        refusal = FreezeRefusal.CAP_REACHED
    return FreezeOutcome(profile_view(session, user_id, language), refusal)


def level_to_celebrate(session: Session, user_id: int) -> int | None:
    """The highest level reached but not yet congratulated on, if any."""
    row = session.exec(select(Profile.xp, Profile.celebrated_level).where(Profile.user_id == user_id)).first()
    if row is None:
        return None
    level = level_for(row[0])
    return level if level > row[1] else None


def mark_celebrated(session: Session, user_id: int, level: int) -> bool:
    """Remember the congratulation; False when another tab (or worker) already showed it."""
    changed = rows_changed(
        session,
        update(Profile).where(col(Profile.user_id) == user_id, col(Profile.celebrated_level) < level)
        .values(celebrated_level=level),
    )
    return bool(changed)


def celebrate(session: Session, user_id: int) -> int | None:
    """The level to congratulate the user on now, marked as congratulated; None when there is none
    or another tab (or worker) got to it first."""
    level = level_to_celebrate(session, user_id)
    return level if level is not None and mark_celebrated(session, user_id, level) else None
