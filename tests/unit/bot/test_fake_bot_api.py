"""The fake Bot API answers like Telegram, records calls, scripts errors and posts updates."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.support.fake_bot_api import BLOCKED_DESCRIPTION, WEBHOOK_SECRET_HEADER, FakeBotApi, message_update

TOKEN = "123456:fake-token-for-the-fake-server-only"


@pytest.fixture
def fake():
    with FakeBotApi(token=TOKEN) as server:
        yield server


def call(fake: FakeBotApi, method: str, token: str = TOKEN, **params):
    response = httpx.post(f"{fake.base_url}/bot{token}/{method}", json=params)
    return response.status_code, response.json()


def test_answers_like_telegram_and_records_every_call(fake):
    status, body = call(fake, "sendMessage", chat_id=7, text="hi")
    assert status == 200 and body["ok"] is True
    assert body["result"]["chat"]["id"] == 7 and body["result"]["text"] == "hi"
    assert isinstance(body["result"]["message_id"], int)
    link = call(fake, "createInvoiceLink", title="t", description="d", payload="p", currency="XTR",
                prices=[{"label": "x", "amount": 1}])[1]["result"]
    assert link.startswith("https://t.me/$")
    for method in ("answerPreCheckoutQuery", "refundStarPayment", "setWebhook", "setMyCommands", "setChatMenuButton"):
        assert call(fake, method)[1] == {"ok": True, "result": True}
    fake.star_transactions = [{"id": "c1", "amount": 5, "date": 1}, {"id": "c2", "amount": 7, "date": 2}]
    assert call(fake, "getStarTransactions", offset=1, limit=5)[1]["result"] == {
        "transactions": [{"id": "c2", "amount": 7, "date": 2}]}
    assert fake.calls[0] == ("sendMessage", {"chat_id": 7, "text": "hi"})
    assert [method for method, _ in fake.calls][-1] == "getStarTransactions"


def test_form_and_query_parameters_are_read_too(fake):
    httpx.post(f"{fake.base_url}/bot{TOKEN}/sendMessage?chat_id=3",
               data={"text": "x", "reply_markup": '{"inline_keyboard": []}'})
    assert fake.calls_to("sendMessage") == [{"chat_id": "3", "text": "x", "reply_markup": {"inline_keyboard": []}}]


def test_scripted_errors_come_once_each_in_order(fake):
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    assert call(fake, "sendMessage", chat_id=1, text="a") == (429, {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3}})
    assert call(fake, "sendMessage", chat_id=1, text="a")[0] == 400
    assert call(fake, "sendMessage", chat_id=1, text="a")[0] == 200
    assert len(fake.calls_to("sendMessage")) == 3  # failed calls are recorded too


def test_a_blocked_chat_is_forbidden_until_unblocked(fake):
    fake.block(42)
    assert call(fake, "sendMessage", chat_id=42, text="a") == (403, {
        "ok": False, "error_code": 403, "description": BLOCKED_DESCRIPTION})
    assert call(fake, "sendMessage", chat_id=43, text="a")[0] == 200
    fake.unblock(42)
    assert call(fake, "sendMessage", chat_id=42, text="a")[0] == 200


def test_another_token_is_unauthorized_and_not_recorded(fake):
    assert call(fake, "getMe", token="999:other")[0] == 401
    assert fake.calls == []


def test_posts_updates_with_and_without_the_secret():
    seen = []

    class Webhook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            seen.append((self.headers.get(WEBHOOK_SECRET_HEADER), json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        update = message_update(5, 7, "/start")
        assert FakeBotApi.post_update(url, update, secret="s3").status_code == 200
        FakeBotApi.post_update(url, update)
    finally:
        server.shutdown()
        thread.join(5)
    assert seen == [("s3", update), (None, update)]


def test_get_webhook_info_shows_what_set_webhook_set(fake):
    call(fake, "setWebhook", url="https://x.example/api/telegram/webhook", secret_token="s",
         allowed_updates=["message"])
    info = call(fake, "getWebhookInfo")[1]["result"]
    assert info["url"] == "https://x.example/api/telegram/webhook" and info["allowed_updates"] == ["message"]
    assert "secret_token" not in info  # Telegram never shows it back


def test_wait_for_calls_returns_once_they_happen_or_times_out(fake):
    call(fake, "sendMessage", chat_id=1, text="a")
    assert fake.wait_for_calls("sendMessage", 1, timeout=1) == [{"chat_id": 1, "text": "a"}]
    with pytest.raises(TimeoutError):
        fake.wait_for_calls("sendMessage", 2, timeout=0.2)


def test_unknown_paths_are_404(fake):
    assert httpx.get(f"{fake.base_url}/nothing/here").status_code == 404
