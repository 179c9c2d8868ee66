import time

import pytest

from tests.conftest import TEST_BOT_TOKEN
from tests.support.telegram import signed_init_data
from tma_app.core.events import subscribe
from tma_app.session.service import SESSION_STARTED, open_session
from tma_app.telegram.init_data import InitDataBadSignature, InitDataMalformed, sign_init_data


def test_verified_launch_opens_a_session_and_announces_it_once(migrated_engine):
    events = []
    unsubscribe = subscribe(SESSION_STARTED, events.append)
    try:
        user = open_session(signed_init_data({"id": 9001, "language_code": "ru-RU"}, start_param="ref_q1"))
        again = open_session(signed_init_data({"id": 9001, "language_code": "ru-RU"}))
    finally:
        unsubscribe()
    assert user.id == 9001 and user.language == "ru" and user.is_new
    assert not again.is_new
    assert [e.data["is_new"] for e in events] == [True, False]
    assert events[0].user_id == 9001 and events[0].data["start_param"] == "ref_q1"


def test_tampered_launch_changes_nothing(migrated_engine):
    raw = signed_init_data({"id": 9002}).replace("Alice", "Mallory")
    with pytest.raises(InitDataBadSignature):
        open_session(raw)


def test_launch_without_a_user_is_refused(migrated_engine):
    with pytest.raises(InitDataMalformed):
        open_session(sign_init_data({"auth_date": str(int(time.time())), "chat_type": "sender"}, TEST_BOT_TOKEN))


async def test_a_tab_signs_in_once_per_launch_and_counts_against_the_verified_user(migrated_engine):
    from tma_app.security import rate_limit
    from tma_app.session.service import ClientInfo, sign_in_tab

    rate_limit.reset_rate_limiter()
    raw = signed_init_data({"id": 9003})
    client = ClientInfo("10.0.0.1", "test", "reflex")
    first = await sign_in_tab(raw, client, signed_in_as=None, launch="")
    assert first.user is not None and first.user.id == 9003 and first.launch
    # A page change with the same launch re-verifies but opens nothing new.
    same = await sign_in_tab(raw, client, signed_in_as=9003, launch=first.launch)
    assert same.user is None and same.retry_after_s == 0
    # Past the standard tier the user is told when to retry, and no session is opened.
    outcomes = [await sign_in_tab(raw, client, signed_in_as=None, launch="") for _ in range(120)]
    limited = [o for o in outcomes if o.retry_after_s]
    assert limited and all(o.user is None for o in limited)
    rate_limit.reset_rate_limiter()


async def test_a_tab_with_forged_init_data_is_refused(migrated_engine):
    from tma_app.session.service import ClientInfo, sign_in_tab

    with pytest.raises(InitDataBadSignature):
        await sign_in_tab(signed_init_data({"id": 9004}).replace("Alice", "Mallory"), ClientInfo(),
                          signed_in_as=None, launch="")
