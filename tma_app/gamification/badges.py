"""The badge catalog (en/ru) and what a user has earned, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from tma_app.core.i18n import Language
from tma_app.gamification.models import UserBadge
from tma_app.gamification.rules import RULE_BOOK, RuleBook


@dataclass(frozen=True, slots=True)
class Badge:
    id: str
    icon: str
    name: dict[str, str]
    description: dict[str, str]


CATALOG: dict[str, Badge] = {
    badge.id: badge
    for badge in (
        Badge("first_demo", "🎉", {"en": "First steps", "ru": "Первые шаги"},
              {"en": "Completed your first demo.", "ru": "Прошли первое демо."}),
        Badge("all_demos", "🏆", {"en": "Explorer", "ru": "Исследователь"},
              {"en": "Completed every demo.", "ru": "Прошли все демо."}),
        Badge("streak_7", "🔥", {"en": "On fire", "ru": "В ударе"},
              {"en": "Active seven days in a row.", "ru": "Семь дней подряд."}),
        Badge("recruiter", "🤝", {"en": "Recruiter", "ru": "Наставник"},
              {"en": "Brought a friend who completed a demo.", "ru": "Пригласили друга, который прошёл демо."}),
    )
}


@dataclass(frozen=True, slots=True)
class EarnedBadge:
    id: str
    icon: str
    name: str
    description: str
    earned_at: datetime


def check_catalog(book: RuleBook = RULE_BOOK) -> None:
    """Every badge a rule can award must be in the catalog (checked by the tests and at start)."""
    missing = {r.rewards.badge for r in book.rules if r.rewards.badge} - set(CATALOG)
    if missing:
        raise ValueError(f"rules award badges missing from the catalog: {sorted(missing)}")


def earned(session: Session, user_id: int, language: Language) -> list[EarnedBadge]:
    rows = session.exec(
        select(UserBadge).where(UserBadge.user_id == user_id).order_by(col(UserBadge.earned_at).desc())
    ).all()
    return [
        EarnedBadge(row.badge_id, badge.icon, badge.name[language], badge.description[language], row.earned_at)
        for row in rows
        if (badge := CATALOG.get(row.badge_id)) is not None
    ]
