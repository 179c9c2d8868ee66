"""Referrals on PostgreSQL under concurrency: one referral per referee, one reward per referral."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.support.concurrency import run_at_once
from tests.support.database import upgrade
from tma_app.core.db import session_scope
from tma_app.gamification.models import LedgerEntry, Profile
from tma_app.gamification.referrals.models import REWARDED, Referral
from tma_app.gamification.referrals.service import Rejection, on_first_demo_completed, record_referral, referral_code

pytestmark = pytest.mark.integration

THREADS = 12


@pytest.fixture
def engine(postgres_engine):
    upgrade(postgres_engine)
    return postgres_engine


def new_user() -> int:
    return 2**51 + uuid.uuid4().int % 10**12  # past 32 bits, as real Telegram ids are


def ref(engine, user_id: int) -> str:
    with session_scope(engine) as session:
        return f"ref_{referral_code(session, user_id)}"


def referrals_of_referee(engine, referee: int) -> list[Referral]:
    with session_scope(engine) as session:
        return list(session.exec(select(Referral).where(Referral.referee_id == referee)).all())


def test_a_first_session_recorded_from_many_threads_makes_one_referral(engine):
    alice, bob = new_user(), new_user()
    start_param = ref(engine, alice)

    def first_session(_):
        with session_scope(engine) as session:
            return record_referral(session, bob, start_param, True)

    outcomes, errors = run_at_once(THREADS, first_session)
    assert errors == []
    assert sum(o.recorded for o in outcomes) == 1
    assert {o.reason for o in outcomes if not o.recorded} == {Rejection.ALREADY_REFERRED}
    assert {o.referrer_id for o in outcomes} == {alice}
    assert [r.referrer_id for r in referrals_of_referee(engine, bob)] == [alice]


def test_different_referrers_racing_for_one_referee_leave_exactly_one(engine):
    referee, referrers = new_user(), [new_user() for _ in range(THREADS)]
    links = [ref(engine, user) for user in referrers]

    def first_session(index):
        with session_scope(engine) as session:
            return record_referral(session, referee, links[index], True)

    outcomes, errors = run_at_once(THREADS, first_session)
    assert errors == []
    [winner] = [o.referrer_id for o in outcomes if o.recorded]
    assert all(o.referrer_id == winner for o in outcomes), "the losers are told who won"
    assert [r.referrer_id for r in referrals_of_referee(engine, referee)] == [winner]


def test_two_users_joining_through_each_others_links_at_once_make_no_cycle(engine):
    for _ in range(5):
        alice, bob = new_user(), new_user()
        links = {alice: ref(engine, bob), bob: ref(engine, alice)}
        pair = [alice, bob]

        def first_session(index, pair=pair, links=links):
            with session_scope(engine) as session:
                return record_referral(session, pair[index], links[pair[index]], True)

        outcomes, errors = run_at_once(2, first_session)
        assert errors == []
        assert sorted(str(o.reason) for o in outcomes) == ["None", Rejection.CYCLE.value]
        recorded = referrals_of_referee(engine, alice) + referrals_of_referee(engine, bob)
        assert len(recorded) == 1


def test_the_referees_completion_delivered_concurrently_pays_the_referrer_once(engine):
    alice, bob = new_user(), new_user()
    with session_scope(engine) as session:
        assert record_referral(session, bob, ref(engine, alice), True).recorded

    def completed(_):
        with session_scope(engine) as session:
            return on_first_demo_completed(session, bob)

    awards, errors = run_at_once(THREADS, completed)
    assert errors == []
    assert sum(a is not None for a in awards) == 1
    with session_scope(engine) as session:
        profile = session.get(Profile, alice)
        grants = session.exec(select(func.count()).select_from(LedgerEntry).where(
            LedgerEntry.user_id == alice, LedgerEntry.rule_id == "referral_signup")).one()
    assert (profile.xp, profile.coins) == (100, 50) and grants == 1
    [row] = referrals_of_referee(engine, bob)
    assert row.status == REWARDED and row.rewarded_at is not None


def test_a_code_asked_for_from_many_threads_at_once_is_one_code(engine):
    user = new_user()

    def ask(_):
        with session_scope(engine) as session:
            return referral_code(session, user)

    answers, errors = run_at_once(THREADS, ask)
    assert errors == [] and len(set(answers)) == 1
