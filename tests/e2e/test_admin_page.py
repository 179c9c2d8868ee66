"""The admin audit page: admins see the log, everyone else is sent home and audited."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.support.app_database import wait_for_audit
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram import ADMIN_ID, signed_init_data

pytestmark = pytest.mark.e2e


def audited(prod_server: str, database_url: str, action: str, telegram_id: int) -> list[dict]:
    """The audit entries of one action by one user, as the admin API shows them once they are written."""
    wait_for_audit(database_url, action, telegram_id)
    headers = {"X-Telegram-Init-Data": signed_init_data({"id": ADMIN_ID})}
    entries = httpx.get(f"{prod_server}/api/admin/audit?limit=200", headers=headers, timeout=10).json()["entries"]
    return [e for e in entries if e["action"] == action and e["telegram_id"] == telegram_id]


def test_admin_sees_the_audit_log_with_the_reflex_sign_in(open_app, prod_server, prod_database_url):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": ADMIN_ID, "first_name": "Root"})), "/admin/audit")
    expect(page.get_by_test_id("audit-row").first).to_be_visible()
    expect(page.get_by_test_id("bottom-nav")).to_contain_text("Admin")
    sign_ins = audited(prod_server, prod_database_url, "session.open", ADMIN_ID)
    assert any(e["metadata"]["channel"] == "reflex" for e in sign_ins)


def test_non_admin_is_sent_home_and_the_attempt_is_audited(open_app, prod_server, prod_database_url):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": 3030, "first_name": "Curious"})), "/admin/audit")
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Curious!")
    assert page.url.rstrip("/").endswith(prod_server.split("//")[1]) or page.url.endswith("/")
    assert page.get_by_test_id("audit-row").count() == 0
    expect(page.get_by_test_id("bottom-nav")).not_to_contain_text("Admin")
    denied = audited(prod_server, prod_database_url, "admin.denied", 3030)
    assert denied and denied[0]["resource_id"].rstrip("/") == "/admin/audit"


def test_untrusted_visitor_never_reaches_the_admin_page(open_app):
    page = open_app(FakeTelegram(init_data=signed_init_data({"id": ADMIN_ID}).replace("Alice", "Eve")), "/admin/audit")
    expect(page.get_by_test_id("open-from-telegram")).to_be_visible()
    assert page.get_by_test_id("audit-row").count() == 0
