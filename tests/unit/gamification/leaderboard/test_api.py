"""GET /api/gamification/leaderboard in process, behind the real middleware."""

from __future__ import annotations

import uuid

import pytest

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.gamification.ledger import award


def new_user() -> int:
    return 6 * 10**12 + uuid.uuid4().int % 10**9


def header(user_id: int, first_name: str = "Alice") -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id, "first_name": first_name, "language_code": "ru"})}


def test_no_identity_no_leaderboard(client):
    assert client.get("/api/gamification/leaderboard").status_code == 401


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
