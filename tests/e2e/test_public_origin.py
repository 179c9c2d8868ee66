"""Served from a host other than localhost, the page calls nothing but its own origin.

The prod build runs on 127.0.0.2 with PUBLIC_URL set to it: every request and websocket the
page opens (analytics and Web Vitals included) goes there, and the CSP names no other host.
Telegram's own script is the one exception: Telegram asks that it come from telegram.org.
"""

from __future__ import annotations

import os
import signal
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _free_port, _server_env, copy_app, start_prod_server
from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty
from tests.support.telegram import signed_init_data
from tma_app.core.settings import Settings

TELEGRAM_SCRIPT_URL = str(Settings.model_fields["TELEGRAM_WEB_APP_SCRIPT_URL"].default)

pytestmark = pytest.mark.e2e

HOST = "127.0.0.2"


@pytest.fixture(scope="module")
def public_server(tmp_path_factory):
    app_dir = copy_app(tmp_path_factory.mktemp("public-app"))
    port = _free_port()
    env = _server_env(f"sqlite:///{tmp_path_factory.mktemp('public-db') / 'public.db'}", port)
    env["PUBLIC_URL"] = f"http://{HOST}:{port}"
    log_path = tmp_path_factory.mktemp("public-logs") / "server.log"
    process = start_prod_server(app_dir, env, port, log_path, host=HOST)
    yield f"http://{HOST}:{port}"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


def test_every_request_goes_to_the_apps_own_origin(browser, public_server):
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": 7200001, "first_name": "Remy"})).install(context)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    try:
        page.goto(public_server + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Remy!")
        page.get_by_test_id("demo-card").first.click()
        page.wait_for_url("**/demos/**")
        expect(page.get_by_test_id("bottom-nav")).to_be_visible()
        # Hidden, as when the user switches apps: what is queued goes out now, vitals included.
        with page.expect_request("**/api/vitals") as vitals:
            page.evaluate("""() => {
                Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
                document.dispatchEvent(new Event('visibilitychange'));
            }""")
        page.wait_for_function("() => window.tmaAnalytics && window.tmaAnalytics.queued() === 0", timeout=20_000)
        assert vitals.value.url == public_server + "/api/vitals"
    finally:
        context.close()

    assert any(url.endswith("/api/analytics/events") for url in seen)
    assert any(url.startswith(f"ws://{HOST}:") and "/_event" in url for url in seen)
    elsewhere = sorted({url for url in seen if _origin(url) != public_server and url != TELEGRAM_SCRIPT_URL})
    assert elsewhere == []


def test_the_content_security_policy_names_only_the_public_origin(public_server):
    with urllib.request.urlopen(public_server + "/") as response:
        policy = response.headers["Content-Security-Policy"]
    connect = next(part for part in policy.split("; ") if part.startswith("connect-src"))
    assert "localhost" not in policy
    assert connect.split()[1:] == ["'self'", public_server, public_server.replace("http://", "ws://")]


def test_the_offline_help_answers_on_the_public_host_through_its_own_origin(browser, public_server):
    """No key here: the assistant is the offline help, and its screen calls only the app's origin."""
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    answer_telegram_script_empty(context)
    FakeTelegram(init_data=signed_init_data({"id": 7200002, "first_name": "Ada"})).install(context)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    try:
        page.goto(public_server + "/assistant", wait_until="domcontentloaded")
        expect(page.get_by_test_id("ai-offline")).to_be_visible()
        page.get_by_test_id("ai-input").fill("How do streak freezes work?")
        page.get_by_test_id("ai-send").click()
        answer = page.get_by_test_id("ai-answer").last
        expect(answer).to_have_attribute("data-status", "complete")
        expect(answer).to_contain_text("Streak freezes")
    finally:
        context.close()
    assert any(url == public_server + "/ai/follow.js" for url in seen)
    assert sorted({url for url in seen if _origin(url) != public_server and url != TELEGRAM_SCRIPT_URL}) == []
