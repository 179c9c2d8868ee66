"""Referrals on SQLite: codes and links, who may be recorded, and the referrer's one reward."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from tma_app.core.db import session_scope
from tma_app.core.settings import load_settings
from tma_app.core.time import utcnow
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.referrals import service as referrals
from tma_app.gamification.referrals.models import PENDING, REWARDED, Referral
from tma_app.gamification.referrals.service import (
    Rejection,
    is_referral_code,
    on_first_demo_completed,
    record_referral,
    referral_code,
    referral_link,
    referral_overview,
)
from tma_app.gamification.rules import RULE_BOOK
from tma_app.telegram.init_data import WebAppUser
from tma_app.users.service import upsert_from_telegram

SIGNUP_REWARD = next(rule.rewards for rule in RULE_BOOK.rules if rule.id == "referral_signup")


def new_user() -> int:
    return 3 * 10**12 + uuid.uuid4().int % 10**9


def code_of(user_id: int) -> str:
    with session_scope() as session:
        return referral_code(session, user_id)


def ref(user_id: int) -> str:
    return f"ref_{code_of(user_id)}"


def start(referee: int, start_param: object, is_new: bool = True):
    with session_scope() as session:
        return record_referral(session, referee, start_param, is_new)


def complete_demo(user_id: int):
    with session_scope() as session:
        return on_first_demo_completed(session, user_id)


def referral_of(referee: int) -> Referral | None:
    with session_scope() as session:
        return session.exec(select(Referral).where(Referral.referee_id == referee)).first()


def balance(user_id: int) -> tuple[int, int]:
    with session_scope() as session:
        profile = session.get(Profile, user_id)
        return (profile.xp, profile.coins) if profile else (0, 0)


def test_a_code_is_made_once_per_user_and_is_unique(migrated_engine):
    alice, bob = new_user(), new_user()
    first = code_of(alice)
    assert is_referral_code(first) and len(first) == 10 and first.isalnum()
    assert code_of(alice) == first, "the code is stable"
    assert code_of(bob) != first


def test_the_link_opens_the_mini_app_with_the_code():
    settings = load_settings(_env_file=None, TELEGRAM_BOT_USERNAME="@Studio_Bot", TELEGRAM_MINIAPP_NAME="catalog")
    assert referral_link("AbCdE12345", settings) == "https://t.me/Studio_Bot/catalog?startapp=ref_AbCdE12345"
    with pytest.raises(ValueError):
        referral_link("../evil", settings)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_USERNAME", "studio"),  # not ending in "bot"
        ("TELEGRAM_BOT_USERNAME", "a/bot"),
        ("TELEGRAM_BOT_USERNAME", "b" * 30 + "bot"),  # 33 characters
        ("TELEGRAM_BOT_USERNAME", ""),
        ("TELEGRAM_MINIAPP_NAME", "ab"),
        ("TELEGRAM_MINIAPP_NAME", "app?x=1"),
        ("TELEGRAM_MINIAPP_NAME", "app\n"),
    ],
)
def test_link_settings_of_the_wrong_shape_stop_start_up(variable, value):
    from tma_app.core.settings import SettingsError

    with pytest.raises(SettingsError, match=f"  {variable}:"):
        load_settings(_env_file=None, **{variable: value})


def test_a_colliding_code_is_drawn_again(migrated_engine, monkeypatch):
    taken = code_of(new_user())
    draws = iter([taken, uuid.uuid4().hex[:10]])
    monkeypatch.setattr(referrals, "new_referral_code", lambda: next(draws))
    user = new_user()
    code = code_of(user)
    assert code != taken and is_referral_code(code)
    monkeypatch.setattr(referrals, "new_referral_code", lambda: taken)
    with pytest.raises(RuntimeError, match="no free referral code"):
        code_of(new_user())


def test_a_new_user_with_a_valid_code_is_recorded_as_pending(migrated_engine):
    alice, bob = new_user(), new_user()
    outcome = start(bob, ref(alice))
    assert outcome.recorded and outcome.reason is None and outcome.referrer_id == alice
    row = referral_of(bob)
    assert (row.referrer_id, row.status, row.rewarded_at) == (alice, PENDING, None)


def _self(alice, bob, carol):
    return alice, ref(alice), True


def _second_referrer(alice, bob, carol):
    assert start(bob, ref(alice)).recorded
    return bob, ref(carol), True


def _not_new(alice, bob, carol):
    return bob, ref(alice), False


def _unknown_code(alice, bob, carol):
    return bob, "ref_" + "Zz9" * 3 + "q", True


def _cycle(alice, bob, carol):
    # Alice's link was shared before her own first session; Bob joined through it.
    assert start(bob, ref(alice)).recorded
    return alice, ref(bob), True


def _long_cycle(alice, bob, carol):
    assert start(bob, ref(alice)).recorded
    assert start(carol, ref(bob)).recorded
    return alice, ref(carol), True


def _malformed(start_param):
    def setup(alice, bob, carol):
        code_of(alice)
        return bob, start_param, True

    return setup


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (_self, Rejection.SELF_REFERRAL),
        (_second_referrer, Rejection.ALREADY_REFERRED),
        (_not_new, Rejection.NOT_NEW),
        (_unknown_code, Rejection.UNKNOWN_CODE),
        (_cycle, Rejection.CYCLE),
        (_long_cycle, Rejection.CYCLE),
        (_malformed("ref_"), Rejection.MALFORMED),
        (_malformed("ref_short"), Rejection.MALFORMED),
        (_malformed("ref_" + "a" * 11), Rejection.MALFORMED),
        (_malformed("ref_abc-efghij"), Rejection.MALFORMED),
        (_malformed("ref_abcdefghij\n"), Rejection.MALFORMED),
        (_malformed(12345), Rejection.MALFORMED),
        (_malformed(None), Rejection.NO_REFERRAL),
        (_malformed(""), Rejection.NO_REFERRAL),
        (_malformed("demo_fitness"), Rejection.NO_REFERRAL),
    ],
    ids=["self", "second-referrer", "not-new", "unknown-code", "cycle", "long-cycle", "empty-code",
         "short-code", "long-code", "bad-character", "trailing-newline", "not-a-string", "none", "empty",
         "other-deep-link"],
)
def test_abuse_is_rejected_with_a_reason_and_recorded_nowhere(migrated_engine, setup, reason):
    alice, bob, carol = new_user(), new_user(), new_user()
    referee, start_param, is_new = setup(alice, bob, carol)
    before = referral_of(referee)
    outcome = start(referee, start_param, is_new)
    assert not outcome.recorded and outcome.reason is reason
    after = referral_of(referee)
    assert (after and (after.id, after.referrer_id)) == (before and (before.id, before.referrer_id))


def test_a_second_referrer_is_told_who_came_first(migrated_engine):
    alice, bob, carol = new_user(), new_user(), new_user()
    start(bob, ref(alice))
    outcome = start(bob, ref(carol))
    assert outcome.referrer_id == alice and referral_of(bob).referrer_id == alice


def test_the_same_session_start_delivered_twice_records_one_referral(migrated_engine):
    alice, bob = new_user(), new_user()
    assert start(bob, ref(alice)).recorded
    again = start(bob, ref(alice))
    assert not again.recorded and again.reason is Rejection.ALREADY_REFERRED and again.referrer_id == alice
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Referral).where(Referral.referee_id == bob)).one() == 1


def test_the_referrer_is_paid_after_the_referees_first_demo_and_only_once(migrated_engine):
    alice, bob = new_user(), new_user()
    start(bob, ref(alice))
    assert balance(alice) == (0, 0), "joining alone pays nothing"

    paid = complete_demo(bob)
    assert paid is not None and paid.user_id == alice and paid.rules == ("referral_signup", "recruiter")
    assert paid.badges == ("recruiter",)
    assert balance(alice) == (SIGNUP_REWARD.xp, SIGNUP_REWARD.coins) == (100, 50)
    row = referral_of(bob)
    assert row.status == REWARDED and row.rewarded_at is not None

    assert complete_demo(bob) is None, "the same completion delivered again"
    assert complete_demo(bob) is None, "a second completion"
    assert balance(alice) == (100, 50)
    assert balance(bob) == (0, 0), "the referee is not paid by the referral"
    with session_scope() as session:
        grants = session.exec(select(LedgerEntry).where(LedgerEntry.user_id == alice,
                                                        LedgerEntry.rule_id == "referral_signup")).all()
    assert [(g.occurrence, g.xp, g.coins) for g in grants] == [(f"referee:{bob}", 100, 50)]


def test_a_demo_completed_by_someone_nobody_referred_pays_nobody(migrated_engine):
    alice, bob = new_user(), new_user()
    code_of(alice)
    assert complete_demo(bob) is None
    assert balance(alice) == (0, 0) and referral_of(bob) is None


def test_each_referee_pays_their_referrer_once(migrated_engine):
    alice, bob, carol = new_user(), new_user(), new_user()
    start(bob, ref(alice))
    start(carol, ref(alice))
    complete_demo(bob)
    complete_demo(carol)
    complete_demo(bob)
    assert balance(alice) == (200, 100)


def _named_user(user_id: int, first_name: str, last_name: str | None = None) -> None:
    with session_scope() as session:
        upsert_from_telegram(session, WebAppUser(id=user_id, first_name=first_name, last_name=last_name))


def test_the_overview_lists_referrals_newest_first_with_names_status_and_dates(migrated_engine):
    alice, bob, carol, dave = new_user(), new_user(), new_user(), new_user()
    _named_user(bob, "Bob", "Builder")
    _named_user(carol, "Carol")
    earlier = utcnow() - timedelta(days=2)
    with session_scope() as session:
        record_referral(session, bob, ref(alice), True, now=earlier)
    start(carol, ref(alice))
    start(dave, ref(alice))  # never opened a session the users service knows of
    complete_demo(bob)

    with session_scope() as session:
        overview = referral_overview(session, alice)
    assert overview.code == code_of(alice) and overview.link.endswith(f"?startapp=ref_{overview.code}")
    assert (overview.total, overview.rewarded) == (3, 1)
    assert [(e.referee_id, e.name, e.status) for e in overview.referrals][-1] == (bob, "Bob Builder", REWARDED)
    assert {e.referee_id: e.name for e in overview.referrals} == {bob: "Bob Builder", carol: "Carol", dave: None}
    assert overview.referrals[-1].joined_at == earlier and overview.referrals[-1].rewarded_at is not None

    with session_scope() as session:
        first_two = referral_overview(session, alice, limit=2)
    assert len(first_two.referrals) == 2 and first_two.total == 3
    assert bob not in {e.referee_id for e in first_two.referrals}


def test_an_overview_of_someone_without_referrals_makes_their_code(migrated_engine):
    user = new_user()
    with session_scope() as session:
        overview = referral_overview(session, user)
    assert (overview.total, overview.rewarded, overview.referrals) == (0, 0, ())
    assert overview.code == code_of(user)
