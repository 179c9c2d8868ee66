"""GET /api/referral/link and /api/referral/list in process, behind the real middleware."""

from __future__ import annotations

import uuid

import pytest

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.gamification.referrals.service import Rejection, on_first_demo_completed, record_referral


@pytest.fixture(autouse=True)
def bot_names(fresh_settings):
    # Set before the shared `client` fixture loads the settings (autouse fixtures come first).
    fresh_settings.setenv("TELEGRAM_BOT_USERNAME", "studio_demo_bot")
    fresh_settings.setenv("TELEGRAM_MINIAPP_NAME", "catalog")


def new_user() -> int:
    return 4 * 10**12 + uuid.uuid4().int % 10**9


def header(user_id: int, first_name: str = "Alice", **extra: str) -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id, "first_name": first_name}, **extra)}


@pytest.mark.parametrize("path", ["/api/referral/link", "/api/referral/list"])
def test_no_identity_no_referrals(client, path):
    missing = client.get(path)
    assert missing.status_code == 401 and missing.json()["code"] == "UNAUTHORIZED"
    forged = client.get(path, headers={"X-Telegram-Init-Data": signed_init_data().replace("Alice", "Mallory")})
    assert forged.status_code == 401


def test_the_link_is_the_callers_own_and_stable(client):
    alice = new_user()
    first = client.get("/api/referral/link", headers=header(alice))
    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"code", "link"}
    assert body["link"] == f"https://t.me/studio_demo_bot/catalog?startapp=ref_{body['code']}"
    assert client.get("/api/referral/link", headers=header(alice)).json() == body
    assert client.get("/api/referral/link", headers=header(new_user())).json()["code"] != body["code"]
    assert first.headers["X-RateLimit-Tier"] == "standard"


def test_a_friend_who_joins_through_the_link_is_listed_then_rewarded(client):
    alice, bob = new_user(), new_user()
    code = client.get("/api/referral/link", headers=header(alice)).json()["code"]
    # Bob's first session, launched from Alice's link: the signed start_param carries the code.
    opened = client.post("/api/auth/session", headers=header(bob, "Bob", start_param=f"ref_{code}"))
    assert opened.status_code == 200 and opened.json()["is_new"] and opened.json()["start_param"] == f"ref_{code}"
    with session_scope() as session:
        # What the session_started consumer does; it may have run already when it is wired in process.
        outcome = record_referral(session, bob, opened.json()["start_param"], opened.json()["is_new"])
    assert outcome.recorded or (outcome.reason is Rejection.ALREADY_REFERRED and outcome.referrer_id == alice)

    listed = client.get("/api/referral/list", headers=header(alice))
    assert listed.status_code == 200
    body = listed.json()
    assert (body["code"], body["total"], body["pending"], body["rewarded"]) == (code, 1, 1, 0)
    assert body["link"].endswith(f"?startapp=ref_{code}")
    [entry] = body["referrals"]
    assert set(entry) == {"name", "status", "joined_at", "rewarded_at"}, "no Telegram ids of other people"
    assert (entry["name"], entry["status"], entry["rewarded_at"]) == ("Bob Tester", "pending", None)

    with session_scope() as session:
        on_first_demo_completed(session, bob)
    [entry] = client.get("/api/referral/list", headers=header(alice)).json()["referrals"]
    assert entry["status"] == "rewarded" and entry["rewarded_at"] >= entry["joined_at"]
    assert client.get("/api/referral/list", headers=header(bob)).json()["total"] == 0


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "²", "1" * 5000, ""])
def test_a_bad_limit_is_a_400_with_a_reason(client, limit):
    response = client.get("/api/referral/list", params={"limit": limit}, headers=header(new_user()))
    assert response.status_code == 400
    assert response.json()["code"] == "BAD_REQUEST" and "limit" in response.json()["message"]


def test_the_list_honours_the_limit(client):
    alice = new_user()
    code = client.get("/api/referral/link", headers=header(alice)).json()["code"]
    with session_scope() as session:
        for _ in range(3):
            record_referral(session, new_user(), f"ref_{code}", True)
    body = client.get("/api/referral/list?limit=2", headers=header(alice)).json()
    assert len(body["referrals"]) == 2 and body["total"] == 3


def test_only_reads_are_routed(client):
    response = client.post("/api/referral/link", headers=header(new_user()))
    assert response.status_code == 405
