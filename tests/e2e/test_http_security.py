"""Black-box HTTP against the running prod app: identity, limits, admin gate, headers."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from tests.support.app_database import wait_for_audit
from tests.support.telegram import ADMIN_ID, signed_init_data, user_json
from tma_app.telegram.init_data import sign_init_data

pytestmark = pytest.mark.e2e
HEADER = "X-Telegram-Init-Data"


@pytest.fixture
def http(prod_server):
    with httpx.Client(base_url=prod_server, timeout=10) as client:
        yield client


def _tamper(raw: str, **changes: str) -> str:
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    fields.update(changes)
    return urlencode(fields)


def _untrusted_cases() -> dict[str, dict[str, str]]:
    now = int(time.time())
    good = signed_init_data({"id": 61})
    return {
        "forged hash": {HEADER: _tamper(good, hash="0" * 64)},
        "expired": {HEADER: signed_init_data({"id": 61}, auth_date=now - 2 * 86_400)},
        "from the future": {HEADER: signed_init_data({"id": 61}, auth_date=now + 3_600)},
        "tampered user JSON": {HEADER: _tamper(good, user=user_json(id=62))},
        "field added after signing": {HEADER: good + "&start_param=ref_evil"},
        "another bot's valid initData": {HEADER: signed_init_data({"id": 61}, token="123:" + "b" * 35)},
        "oversized header": {HEADER: good + "&pad=" + "a" * 9_000},
        "missing header": {},
        "not a query string": {HEADER: "garbage"},
        "user is not JSON": {HEADER: sign_init_data({"user": "{", "auth_date": str(now)}, "7000000007:x" * 1)},
    }


@pytest.mark.parametrize("case", list(_untrusted_cases()))
def test_untrusted_or_missing_identity_is_401_json(http, case):
    response = http.get("/api/user/me", headers=_untrusted_cases()[case])
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["code"] == "UNAUTHORIZED" and body["message"]
    assert response.headers["content-type"].startswith("application/json")


def test_valid_identity_opens_a_session_and_reads_the_profile(http):
    headers = {HEADER: signed_init_data({"id": 71, "first_name": "Valid", "language_code": "ru"})}
    opened = http.post("/api/auth/session", headers=headers)
    assert opened.status_code == 200
    assert opened.json()["user"] == {**opened.json()["user"], "id": 71, "first_name": "Valid"}
    assert opened.json()["language"] == "ru"
    me = http.get("/api/user/me", headers=headers)
    assert me.status_code == 200 and me.json()["first_name"] == "Valid"
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Tier"):
        assert name in me.headers


def test_exact_counts_on_the_sensitive_tier(http):
    headers = {HEADER: signed_init_data({"id": 81})}
    responses = []
    for _ in range(13):
        responses.append(http.get("/api/admin/audit", headers=headers))
        time.sleep(0.11)  # slower than the anomaly rule: only the tier's limit applies
    assert [r.status_code for r in responses] == [403] * 10 + [429] * 3
    assert [r.headers["X-RateLimit-Remaining"] for r in responses[:10]] == [str(n) for n in range(9, -1, -1)]
    limited = responses[-1]
    assert limited.json()["code"] == "RATE_LIMITED"
    assert int(limited.headers["Retry-After"]) == limited.json()["retryAfter"] >= 1
    assert limited.headers["X-RateLimit-Tier"] == "sensitive"


def test_a_rapid_client_is_flagged_and_held_to_the_sensitive_tier(http, prod_database_url):
    headers = {HEADER: signed_init_data({"id": 91})}
    http.post("/api/auth/session", headers=headers)
    tiers = [http.get("/api/user/me", headers=headers).headers["X-RateLimit-Tier"] for _ in range(8)]
    assert tiers[0] == "standard" and tiers[-1] == "sensitive"
    admin = {HEADER: signed_init_data({"id": ADMIN_ID})}
    wait_for_audit(prod_database_url, "security.flagged", 91)
    entries = http.get("/api/admin/audit?limit=100", headers=admin).json()["entries"]
    assert any(e["action"] == "security.flagged" and e["telegram_id"] == 91 for e in entries)


def test_admin_gate(http, prod_database_url):
    admin = {HEADER: signed_init_data({"id": ADMIN_ID, "first_name": "Root"})}
    other = {HEADER: signed_init_data({"id": 101})}
    assert http.get("/api/admin/audit", headers=admin).status_code == 200
    refused = http.get("/api/admin/audit", headers=other)
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    wait_for_audit(prod_database_url, "admin.denied", 101)
    entries = http.get("/api/admin/audit?limit=50", headers=admin).json()["entries"]
    assert any(e["action"] == "admin.denied" and e["telegram_id"] == 101 for e in entries)
    assert "hash=" not in json.dumps(entries)


def test_security_headers_on_every_response(http):
    responses = [
        http.get("/"),
        http.get("/api/health"),
        http.get("/api/user/me"),
        http.get("/tma/bridge.js"),
        http.get("/definitely-not-here"),
    ]
    for response in responses:
        assert response.headers["X-Content-Type-Options"] == "nosniff", response.url
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors https://web.telegram.org" in csp
        assert "'unsafe-eval'" not in csp
        if response.headers.get("content-type", "").startswith("text/html"):
            assert "default-src 'self'" in csp and "script-src 'self' 'unsafe-inline' https://telegram.org" in csp
        else:
            assert csp == "default-src 'none'; frame-ancestors https://web.telegram.org"
    assert responses[0].headers["content-type"].startswith("text/html")


def test_cors_allows_only_the_public_origin(http, prod_server):
    allowed = http.options("/api/user/me", headers={"Origin": prod_server, "Access-Control-Request-Method": "GET"})
    assert allowed.headers.get("access-control-allow-origin") == prod_server
    foreign = http.options(
        "/api/user/me", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert foreign.headers.get("access-control-allow-origin") in (None, "")
