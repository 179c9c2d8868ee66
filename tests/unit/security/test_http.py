"""The HTTP security layer in-process: identity, CSRF, headers, limits, admin gate."""

import time

import pytest
from sqlmodel import select

from tests.conftest import TEST_BOT_TOKEN
from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.security import audit
from tma_app.security.models import AuditLog

ADMIN = 8080


@pytest.fixture
def api_settings() -> dict[str, str]:
    return {"ADMIN_TELEGRAM_IDS": str(ADMIN)}


def header(**user):
    return {"X-Telegram-Init-Data": signed_init_data(user or None)}


def test_identity_is_required_on_user_routes(api_client):
    response = api_client.get("/api/user/me")
    assert response.status_code == 401
    assert response.json()["code"] == "UNAUTHORIZED" and "X-Telegram-Init-Data" in response.json()["message"]


def test_session_then_profile(api_client):
    opened = api_client.post("/api/auth/session", headers=header(id=4711, first_name="Eva"))
    assert opened.status_code == 200
    assert opened.json()["user"]["id"] == 4711 and opened.json()["language"] == "en"
    me = api_client.get("/api/user/me", headers=header(id=4711, first_name="Eva"))
    assert me.status_code == 200 and me.json()["first_name"] == "Eva"
    assert me.headers["X-RateLimit-Tier"] == "standard" and me.headers["X-RateLimit-Limit"] == "100"


@pytest.mark.parametrize(
    "init_data",
    [
        signed_init_data().replace("Alice", "Mallory"),
        signed_init_data(auth_date=int(time.time()) - 90_000),
        signed_init_data(token="99:another-bots-token-abcdefghijklmnop"),
        "x" * 9000,
    ],
    ids=["tampered", "expired", "other-bot", "oversized"],
)
def test_untrusted_header_is_401_even_where_optional(api_client, init_data):
    for method, path in [("GET", "/api/user/me"), ("GET", "/api/demos/catalog")]:
        response = api_client.request(method, path, headers={"X-Telegram-Init-Data": init_data})
        assert response.status_code == 401, path
        assert response.json()["code"] == "UNAUTHORIZED"


def test_state_changes_need_the_header_not_cookies(api_client):
    api_client.cookies.set("session", "abc")
    response = api_client.post("/api/anything")
    assert response.status_code == 401
    optional = api_client.get("/api/demos/catalog")
    assert optional.status_code == 404, "anonymous reads pass through to routing"


def test_health_is_public_and_every_response_has_security_headers(api_client):
    for response in (api_client.get("/api/health"), api_client.get("/api/user/me"), api_client.get("/nope")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors https://web.telegram.org" in csp and "unsafe-eval" not in csp
        assert csp.startswith("default-src 'none'"), "API answers get the short policy"
    assert api_client.get("/api/health", headers={"X-Telegram-Init-Data": "garbage"}).status_code == 200


def test_rate_limit_answers_429_with_body_and_headers(api_client):
    headers = header(id=123123)
    api_client.post("/api/auth/session", headers=headers)
    statuses = []
    for _ in range(12):
        statuses.append(api_client.get("/api/admin/audit", headers=headers))
        time.sleep(0.105)  # not "rapid": only the sensitive tier's 10/min applies
    assert [r.status_code for r in statuses] == [403] * 10 + [429] * 2
    limited = statuses[-1]
    assert limited.json()["code"] == "RATE_LIMITED" and limited.json()["retryAfter"] >= 1
    assert limited.headers["Retry-After"] == str(limited.json()["retryAfter"])
    assert limited.headers["X-RateLimit-Tier"] == "sensitive"
    assert statuses[0].headers["X-RateLimit-Remaining"] == "9"


def test_admin_gate_and_audit_of_refusals(api_client):
    assert api_client.get("/api/admin/audit", headers=header(id=ADMIN)).status_code == 200
    refused = api_client.get("/api/admin/audit", headers=header(id=9999))
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    assert audit.flush(5)
    with session_scope() as session:
        denied = session.exec(select(AuditLog).where(AuditLog.action == "admin.denied")).all()
    assert any(entry.telegram_id == 9999 and entry.resource_id == "/api/admin/audit" for entry in denied)
    bad_limit = api_client.get("/api/admin/audit?limit=9999", headers=header(id=ADMIN))
    assert bad_limit.status_code == 400
    entries = api_client.get("/api/admin/audit?limit=5", headers=header(id=ADMIN)).json()["entries"]
    assert 1 <= len(entries) <= 5
    dumped = str(entries)
    assert TEST_BOT_TOKEN not in dumped and "hash=" not in dumped and "user=%7B" not in dumped
