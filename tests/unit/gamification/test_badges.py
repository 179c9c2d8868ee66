import uuid

import pytest

from tma_app.core.db import session_scope
from tma_app.gamification.badges import CATALOG, check_catalog, earned
from tma_app.gamification.ledger import award
from tma_app.gamification.rules import Rule, RuleBook


def test_every_badge_speaks_both_languages_and_rules_only_award_known_badges():
    for badge in CATALOG.values():
        assert badge.icon and set(badge.name) == set(badge.description) == {"en", "ru"}
        assert all(badge.name.values()) and all(badge.description.values())
    check_catalog()
    with pytest.raises(ValueError, match="ghost"):
        check_catalog(RuleBook((Rule.from_data({"id": "x", "trigger": "t", "rewards": {"badge": "ghost"}}),)))


def test_the_profile_lists_earned_badges_with_the_date(migrated_engine):
    user = 10**12 + uuid.uuid4().int % 10**9
    with session_scope() as session:
        award(session, user, "demo_complete", {}, "b1")
    with session_scope() as session:
        badges = earned(session, user, "ru")
    assert [(b.id, b.name) for b in badges] == [("first_demo", "Первые шаги")]
    assert badges[0].earned_at.tzinfo is not None
