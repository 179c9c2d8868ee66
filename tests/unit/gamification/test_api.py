"""GET /api/gamification/profile in process, behind the real middleware."""

from __future__ import annotations

import uuid

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.gamification.ledger import award


def new_user() -> int:
    return 6 * 10**12 + uuid.uuid4().int % 10**9


def header(user_id: int, first_name: str = "Alice") -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id, "first_name": first_name, "language_code": "ru"})}


def test_no_identity_no_profile(client):
    assert client.get("/api/gamification/profile").status_code == 401


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
