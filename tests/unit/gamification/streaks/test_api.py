"""The streak over HTTP: its state, buying a freeze once per key, the user's timezone."""

import uuid

from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.gamification.ledger import grant
from tma_app.gamification.streaks.service import FREEZE_PRICE


def new_user() -> int:
    return 10**12 + uuid.uuid4().int % 10**9


def top_up(user: int, coins: int) -> None:
    with session_scope() as session:
        grant(session, user, "test_top_up", uuid.uuid4().hex, coins=coins)


def header(user: int) -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user})}


def test_http_timezone(client):
    user = new_user()
    ok = client.put("/api/gamification/timezone", json={"timezone": "Europe/Berlin"}, headers=header(user))
    assert ok.status_code == 200 and ok.json() == {"timezone": "Europe/Berlin"}
    bad = client.put("/api/gamification/timezone", json={"timezone": "Mars/Base"}, headers=header(user))
    assert bad.status_code == 400 and bad.json()["code"] == "TIMEZONE_INVALID"
    for body in (b"not json", b"[1]", b"{}", b'{"timezone": "' + b"x" * 2000 + b'"}'):
        response = client.put("/api/gamification/timezone", content=body, headers=header(user))
        assert response.status_code == 400 and response.json()["code"] == "BAD_REQUEST"
    assert client.put("/api/gamification/timezone", json={"timezone": "UTC"}).status_code == 401
    streak = client.get("/api/gamification/streak", headers=header(user))
    assert streak.status_code == 200 and streak.json()["timezone"] == "Europe/Berlin"
    assert streak.json()["current"] == 0 and streak.json()["freeze_price"] == FREEZE_PRICE


def test_http_freeze_purchase(client):
    user = new_user()
    url = "/api/gamification/streak/freeze"
    missing = client.post(url, headers=header(user))
    assert missing.status_code == 400 and missing.json()["code"] == "IDEMPOTENCY_KEY_INVALID"
    bad = client.post(url, headers={**header(user), "Idempotency-Key": "no"})
    assert bad.status_code == 400 and bad.json()["code"] == "IDEMPOTENCY_KEY_INVALID"
    poor = client.post(url, headers={**header(user), "Idempotency-Key": "http-key-01"})
    assert poor.status_code == 409 and poor.json()["code"] == "INSUFFICIENT_COINS"
    top_up(user, FREEZE_PRICE)
    first = client.post(url, headers={**header(user), "Idempotency-Key": "http-key-01"})
    again = client.post(url, headers={**header(user), "Idempotency-Key": "http-key-01"})
    assert first.status_code == again.status_code == 200
    assert first.json() == {"freezes": 1, "coins": 0, "charged": True}
    assert again.json() == {"freezes": 1, "coins": 0, "charged": False}
    assert first.headers["X-RateLimit-Tier"] == "sensitive"
