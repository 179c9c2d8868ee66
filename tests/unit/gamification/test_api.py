"""GET /api/gamification/profile and /leaderboard in process, behind the real middleware."""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.core.settings import load_settings
from tma_app.gamification.ledger import award
from tma_app.security import rate_limit


@pytest.fixture
def client(migrated_engine, fresh_settings):
    rate_limit.reset_rate_limiter()
    from tma_app.tma_app import api_app

    with TestClient(api_app(load_settings(_env_file=None))) as test_client:
        yield test_client
    rate_limit.reset_rate_limiter()


def new_user() -> int:
    return 6 * 10**12 + uuid.uuid4().int % 10**9


def header(user_id: int, first_name: str = "Alice") -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id, "first_name": first_name, "language_code": "ru"})}


@pytest.mark.parametrize("path", ["/api/gamification/profile", "/api/gamification/leaderboard"])
def test_no_identity_no_answer(client, path):
    assert client.get(path).status_code == 401


def test_the_profile_shows_level_progress_badges_and_streak(client):
    alice = new_user()
    client.post("/api/auth/session", headers=header(alice))
    with session_scope() as session:
        award(session, alice, "demo_complete", {"demo_id": "fitness"}, "e1")
    body = client.get("/api/gamification/profile", headers=header(alice)).json()
    assert (body["xp"], body["coins"], body["name"]) == (75, 5, "Alice Tester")
    assert body["level"] == {"level": 1, "level_start": 0, "next_level_at": 100, "fraction": 0.75}
    assert [b["id"] for b in body["badges"]] == ["first_demo"] and body["badges"][0]["name"] == "Первые шаги"
    assert body["streak"]["freeze_price"] > 0 and body["referrals"]["link"].startswith("https://t.me/")


def test_the_leaderboard_names_others_but_never_their_ids(client):
    alice, bob = new_user(), new_user()
    for user, name in ((alice, "Alice"), (bob, "Bob")):
        client.post("/api/auth/session", headers=header(user, name))
    with session_scope() as session:
        award(session, bob, "demo_complete", {}, "b1")
    answer = client.get("/api/gamification/leaderboard?board=weekly&limit=200", headers=header(alice))
    assert answer.status_code == 200
    body = answer.json()
    assert body["board"] == "weekly" and body["period_start"] and body["me"] is None  # Alice has no XP
    assert str(bob) not in answer.text and all(set(e) == {"rank", "name", "xp"} for e in body["entries"])
    mine = client.get("/api/gamification/leaderboard?board=all_time", headers=header(bob)).json()
    assert mine["me"]["xp"] == 75 and mine["me"]["rank"] >= 1
    if mine["me"]["rank"] <= 50:
        assert mine["entries"][mine["me"]["rank"] - 1] == {"rank": mine["me"]["rank"], "name": "Bob Tester", "xp": 75}


@pytest.mark.parametrize("query", ["board=monthly", "limit=0", "limit=201", "limit=abc", "limit=%C2%B2"])
def test_bad_leaderboard_queries_get_a_reason(client, query):
    answer = client.get(f"/api/gamification/leaderboard?{query}", headers=header(new_user()))
    assert answer.status_code == 400 and answer.json()["code"] == "BAD_REQUEST"
