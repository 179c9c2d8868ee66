"""The profile screen as shown: numbers and rows from the profile view, the share link, freeze feedback."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tma_app.gamification.badges import EarnedBadge
from tma_app.gamification.levels import progress
from tma_app.gamification.presenter import freeze_feedback, initials, profile_screen, share_url
from tma_app.gamification.profile import FreezeRefusal, ProfileView
from tma_app.gamification.referrals.service import ReferralEntry, ReferralOverview
from tma_app.gamification.streaks.service import StreakView

JOINED = datetime(2026, 5, 9, 18, 30, tzinfo=UTC)
LINK = "https://t.me/studio_demo_bot/catalog?startapp=ref_AbCdEfGhIj"


def view(*, name: str = "Alice Tester", xp: int = 175, streak: int = 3, referrals=()) -> ProfileView:
    return ProfileView(
        user_id=1,
        name=name,
        photo_url=None,
        xp=xp,
        coins=40,
        level=progress(xp),
        badges=(EarnedBadge("first_demo", "🎉", "First steps", "Completed your first demo.", JOINED),),
        streak=StreakView(current=streak, longest=7, freezes=1, freezes_due=0, active_today=True,
                          last_active_on=date(2026, 5, 10), timezone=None, today=date(2026, 5, 10), bonus_today=0),
        referrals=ReferralOverview("AbCdEfGhIj", LINK, len(referrals), 0, tuple(referrals)),
    )


def test_the_screen_shows_level_progress_and_what_is_left_to_the_next_level():
    screen = profile_screen(view(xp=175), "en")
    # Level 2 runs from 100 to 250 XP: 75 of 150 done, 75 to go.
    assert (screen.level, screen.level_percent, screen.to_next, screen.xp, screen.coins) == (2, 50, 75, 175, 40)
    assert (screen.longest, screen.freezes) == (7, 1) and screen.max_freezes > screen.freezes
    assert screen.photo_url == "" and screen.initials == "AT"
    assert [(b.id, b.earned) for b in screen.badges] == [("first_demo", "2026-05-09")]


@pytest.mark.parametrize(("days", "language", "shown"), [
    (1, "ru", "1 день подряд"), (2, "ru", "2 дня подряд"), (5, "ru", "5 дней подряд"), (21, "ru", "21 день подряд"),
    (1, "en", "1 day in a row"), (2, "en", "2 days in a row"), (5, "en", "5 days in a row"),
    (21, "en", "21 days in a row"),
])
def test_the_streak_is_counted_in_the_users_language(days, language, shown):
    assert profile_screen(view(streak=days), language).streak == shown


def test_referrals_show_a_dash_for_an_unknown_name_and_their_status_in_the_users_language():
    friends = (ReferralEntry(2, "Bob", "rewarded", JOINED, JOINED), ReferralEntry(3, None, "pending", JOINED, None))
    rows = profile_screen(view(referrals=friends), "ru").referrals
    assert [(r.name, r.status, r.date) for r in rows] == [
        ("Bob", "награда получена", "2026-05-09"), ("—", "присоединился", "2026-05-09")]


@pytest.mark.parametrize(("name", "expected"), [("alice", "A"), ("Alice Mary Tester", "AM"), ("", "?"), ("  ", "?")])
def test_initials(name, expected):
    assert initials(name) == expected


def test_the_share_link_carries_the_referral_link_and_an_invitation_in_the_users_language():
    url = urlsplit(share_url(LINK, "ru"))
    assert (url.scheme, url.netloc, url.path) == ("https", "t.me", "/share/url")
    query = parse_qs(url.query)
    assert query["url"] == [LINK] and query["text"] == ["Попробуй со мной демо мини-приложений в Telegram"]
    assert share_url("", "en") == ""


@pytest.mark.parametrize(("refusal", "notice", "haptic_type"), [
    (None, "Freeze bought.", "success"),
    (FreezeRefusal.NO_COINS, "Not enough coins for a freeze.", "error"),
    (FreezeRefusal.CAP_REACHED, "You already have the most freezes you can hold.", "warning"),
])
def test_each_freeze_outcome_has_its_notice_and_haptic(refusal, notice, haptic_type):
    assert freeze_feedback(refusal, "en") == (notice, haptic_type)
