"""The profile services the screen calls: a freeze bought from it, and a level-up congratulated once."""

from __future__ import annotations

import uuid

from tma_app.core.db import session_scope
from tma_app.gamification.ledger import grant
from tma_app.gamification.profile import FreezeRefusal, celebrate, purchase_freeze
from tma_app.gamification.streaks.service import FREEZE_PRICE, MAX_FREEZES


def new_user() -> int:
    return 7 * 10**12 + uuid.uuid4().int % 10**9


def give(user: int, *, xp: int = 0, coins: int = 0) -> None:
    with session_scope() as session:
        grant(session, user, "test_grant", uuid.uuid4().hex, xp=xp, coins=coins)


def buy(user: int, key: str):
    with session_scope() as session:
        return purchase_freeze(session, user, key, "en")


def test_a_freeze_is_bought_and_the_profile_shows_it(migrated_engine):
    user = new_user()
    give(user, coins=FREEZE_PRICE)
    outcome = buy(user, "profile-key-1")
    assert outcome.refusal is None
    assert (outcome.view.streak.freezes, outcome.view.coins) == (1, 0)


def test_a_refused_freeze_says_why_and_charges_nothing(migrated_engine):
    poor = new_user()
    outcome = buy(poor, "profile-key-2")
    assert outcome.refusal is FreezeRefusal.NO_COINS and outcome.view.streak.freezes == 0
    full = new_user()
    give(full, coins=FREEZE_PRICE * (MAX_FREEZES + 1))
    for n in range(MAX_FREEZES):
        assert buy(full, f"profile-full-{n}").refusal is None
    capped = buy(full, "profile-full-x")
    assert capped.refusal is FreezeRefusal.CAP_REACHED
    assert (capped.view.streak.freezes, capped.view.coins) == (MAX_FREEZES, FREEZE_PRICE)


def test_a_level_reached_is_celebrated_once(migrated_engine):
    user = new_user()
    with session_scope() as session:
        assert celebrate(session, user) is None  # no profile yet
    give(user, xp=260)  # level 3
    with session_scope() as session:
        assert celebrate(session, user) == 3
    with session_scope() as session:
        assert celebrate(session, user) is None
