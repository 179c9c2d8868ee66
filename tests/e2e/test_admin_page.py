"""The admin audit page: admins see the log, everyone else is sent home and audited."""

from __future__ import annotations

import time

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ADMIN_ID
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram import signed_init_data

pytestmark = pytest.mark.e2e


def admin_entries(prod_server: str) -> list[dict]:
    headers = {"X-Telegram-Init-Data": signed_init_data({"id": ADMIN_ID})}
    deadline = time.monotonic() + 5
    while True:
        entries = httpx.get(f"{prod_server}/api/admin/audit?limit=200", headers=headers, timeout=10).json()["entries"]
        if entries or time.monotonic() > deadline:
            return entries
        time.sleep(0.2)


def test_admin_sees_the_audit_log_with_the_reflex_sign_in(open_app, prod_server):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": ADMIN_ID, "first_name": "Root"})), "/admin/audit")
    expect(page.get_by_test_id("audit-row").first).to_be_visible()
    expect(page.get_by_test_id("bottom-nav")).to_contain_text("Admin")
    sign_ins = [e for e in admin_entries(prod_server) if e["action"] == "session.open" and e["telegram_id"] == ADMIN_ID]
    assert any(e["metadata"]["channel"] == "reflex" for e in sign_ins)


def test_non_admin_is_sent_home_and_the_attempt_is_audited(open_app, prod_server):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": 3030, "first_name": "Curious"})), "/admin/audit")
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Curious!")
    assert page.url.rstrip("/").endswith(prod_server.split("//")[1]) or page.url.endswith("/")
    assert page.get_by_test_id("audit-row").count() == 0
    expect(page.get_by_test_id("bottom-nav")).not_to_contain_text("Admin")
    time.sleep(1)
    denied = [e for e in admin_entries(prod_server) if e["action"] == "admin.denied" and e["telegram_id"] == 3030]
    assert denied and denied[0]["resource_id"].rstrip("/") == "/admin/audit"


def test_untrusted_visitor_never_reaches_the_admin_page(open_app):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": ADMIN_ID}).replace("Alice", "Eve")), "/admin/audit")
    expect(page.get_by_test_id("open-from-telegram")).to_be_visible()
    assert page.get_by_test_id("audit-row").count() == 0
