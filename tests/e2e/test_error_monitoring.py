"""Error monitoring, proven against a fake Sentry ingest on loopback.

With SENTRY_DSN unset (the default prod build) the page has no loader and requests nothing of it.
With it set (a prod build of its own, with a probe route and page added to its copy: see
tests/support/sentry_probe_app.py), an API route, a Reflex event handler, a background task, the page's render and the
page's own scripts all raise errors carrying initData, the bot token and an OpenAI key, in
messages, local variables, headers, query strings, bodies, breadcrumbs and the launch URL. Every
envelope that arrives is searched byte by byte (replay recordings decompressed): none of the three
is there, while the errors and the Telegram id as the user are.
"""

from __future__ import annotations

import os
import shutil
import signal
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_BOT_TOKEN
from tests.e2e.conftest import _free_port, _server_env, copy_app, start_prod_server
from tests.support.fake_sentry import FakeSentry
from tests.support.fake_telegram import answer_telegram_script_empty, signed_in

pytestmark = pytest.mark.e2e

USER_ID = 7300001
FIRST_NAME = "Zebulon"
OPENAI_KEY = "sk-probe-e2e-9f8e7d6c5b4a39281706"
RELEASE = "e2e-release-1"
PROBE = os.path.join(os.path.dirname(__file__), "..", "support", "sentry_probe_app.py")
INSTALL_PROBE = """

# Added by tests/e2e/test_error_monitoring.py to the copy it builds.
import sys as _sys  # noqa: E402

from tma_app import sentry_probe as _sentry_probe  # noqa: E402

_sentry_probe.install(_sys.modules[__name__])
"""


@pytest.fixture(scope="module")
def fake_sentry():
    with FakeSentry() as sentry:
        yield sentry


@pytest.fixture(scope="module")
def monitored_server(tmp_path_factory, fake_sentry):
    """A prod build with SENTRY_DSN pointing at the fake ingest, every sample rate at 1."""
    app_dir = copy_app(tmp_path_factory.mktemp("monitored-app"))
    shutil.copy(PROBE, app_dir / "tma_app" / "sentry_probe.py")
    with (app_dir / "tma_app" / "tma_app.py").open("a") as assembly:
        assembly.write(INSTALL_PROBE)
    port = _free_port()
    env = _server_env(f"sqlite:///{tmp_path_factory.mktemp('monitored-db') / 'monitored.db'}", port)
    env.update(SENTRY_DSN=fake_sentry.dsn, SENTRY_TRACES_SAMPLE_RATE="1.0", SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE="1.0",
               RELEASE=RELEASE, OPENAI_API_KEY=OPENAI_KEY, LOG_LEVEL="INFO")
    log_path = tmp_path_factory.mktemp("monitored-logs") / "server.log"
    process = start_prod_server(app_dir, env, port, log_path)
    yield f"http://127.0.0.1:{port}"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def test_without_a_dsn_the_page_loads_and_sends_nothing_of_it(browser, prod_server):
    context = browser.new_context(viewport={"width": 390, "height": 760})
    answer_telegram_script_empty(context)
    signed_in(7300002, first_name="Quiet").install(context)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        response = page.goto(prod_server + "/", wait_until="load")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Quiet!")
        # Past the load event and an idle callback: when the loader, were it there, imports the SDK.
        page.evaluate("() => new Promise(done => requestIdleCallback(() => setTimeout(done, 0), {timeout: 4000}))")
        html = page.content()
        has_sdk = page.evaluate("() => '__SENTRY__' in window")
        policy = response.headers["content-security-policy"]
    finally:
        context.close()
    assert "/monitoring/" not in html and "data-dsn" not in html
    assert not has_sdk
    assert not [url for url in requests if "/monitoring/" in url or "envelope" in url or "sentry" in url]
    connect = next(d for d in policy.split("; ") if d.startswith("connect-src"))
    assert set(connect.split()[1:]) <= {"'self'", prod_server, prod_server.replace("http://", "ws://")}


def test_errors_everywhere_arrive_scrubbed_with_the_user_and_linked(browser, monitored_server, fake_sentry):
    fake = signed_in(USER_ID, first_name=FIRST_NAME, username="zeb_probe")
    init_data = fake.init_data
    secrets = {
        "initData": init_data,
        "initData, URL-encoded": quote(init_data, safe=""),
        "initData's hash": init_data.rsplit("hash=", 1)[1],
        "bot token": TEST_BOT_TOKEN,
        "OpenAI key": OPENAI_KEY,
        "the user's username": "zeb_probe",
    }
    context = browser.new_context(viewport={"width": 390, "height": 760})
    answer_telegram_script_empty(context)
    fake.install(context)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())  # Reflex's "An error occurred" alert
    traced: list[str] = []
    page.on("request", lambda r: traced.append(r.headers.get("sentry-trace", "")) if "/api/probe/" in r.url else None)
    launch = f"{monitored_server}/probe#tgWebAppData={quote(init_data, safe='')}&tgWebAppVersion=9.1"
    try:
        page.goto(launch, wait_until="load")
        expect(page.get_by_test_id("probe-explode")).to_be_visible()
        page.wait_for_selector("script[data-dsn][data-started]", state="attached", timeout=20_000)

        # The page: a console breadcrumb, an API call (header, query, body), a thrown error, a rejection.
        page.evaluate(
            """([token, key]) => {
                const initData = window.tmaBridge.initData();
                console.log('probe console', initData, token, key);
                fetch('/api/probe/fail?token=' + encodeURIComponent(token) + '&key=' + key, {
                    method: 'POST',
                    headers: {'X-Telegram-Init-Data': initData, 'Content-Type': 'application/json'},
                    body: JSON.stringify({init_data: initData, note: token + ' ' + key}),
                });
                Promise.reject(new Error('probe rejection ' + initData + ' ' + key));
                // Later: an error thrown in a timer makes Sentry skip global handlers for that tick.
                setTimeout(() => { throw new Error('probe page failure ' + initData + ' ' + token + ' ' + key); }, 200);
            }""",
            [TEST_BOT_TOKEN, OPENAI_KEY],
        )
        # A Reflex event handler that raises, then a render that throws (Reflex's error boundary).
        page.get_by_test_id("probe-explode").click()
        notice = page.get_by_test_id("notice")
        expect(notice).to_contain_text("Something went wrong on our side"), "the user is told, in the app's words"
        fake_sentry.wait_for(lambda s: _errors_with(s, "probe event failure"))
        notice.get_by_role("button").click()
        page.get_by_test_id("probe-later").click()
        expect(notice).to_contain_text("Something went wrong on our side")
        notice.get_by_role("button").click()
        page.get_by_test_id("probe-break").click()

        fake_sentry.wait_for(lambda s: all(_errors_with(s, text) for text in (
            "probe HTTP failure", "probe page failure", "probe rejection", "probe render failure",
            "probe background failure")), timeout=40)
        fake_sentry.wait_for(lambda s: s.items("replay_recording") and _transactions(s, "/api/probe/fail"))
    finally:
        context.close()

    raw = fake_sentry.raw()
    leaked = [name for name, secret in secrets.items() if secret.encode() in raw]
    assert leaked == [], f"{leaked} reached the ingest"

    user = {"id": str(USER_ID)}
    http_error = _errors_with(fake_sentry, "probe HTTP failure")[0]
    assert http_error["user"] == user and http_error["release"] == RELEASE and http_error["environment"] == "prod"
    assert http_error["request"]["headers"]["x-telegram-init-data"] == "[redacted]"
    assert http_error["exception"]["values"][-1]["value"] == (
        "probe HTTP failure: [redacted] token=[redacted] key=[redacted]")

    event_error = _errors_with(fake_sentry, "probe event failure")[0]
    assert event_error["user"] == user and event_error["release"] == RELEASE
    assert event_error["tags"]["reflex.event"].endswith("explode")
    assert any("probe event about to fail" in (crumb.get("message") or "")
               for crumb in event_error["breadcrumbs"]["values"]), "the handler's log line went along, scrubbed"
    background_error = _errors_with(fake_sentry, "probe background failure")[0]
    assert background_error["user"] == user and background_error["tags"]["reflex.event"].endswith("explode_later")
    render_error = _errors_with(fake_sentry, "probe render failure")[0]
    assert render_error["user"] == user and render_error["tags"]["origin"] == "reflex.frontend"
    assert render_error["contexts"]["react"]["componentStack"], "what the error boundary knew"
    # Reflex also forwards the page's own errors; the page's SDK reported those, once each.
    assert len(_errors_with(fake_sentry, "probe page failure")) == 1
    assert len(_errors_with(fake_sentry, "probe rejection")) == 1

    for text in ("probe page failure", "probe rejection"):
        page_error = _errors_with(fake_sentry, text)[0]
        assert page_error["user"] == user and page_error["release"] == RELEASE
        assert page_error["tags"]["route"] == "/probe/"  # as the prod build serves it
        assert page_error["tags"]["telegram.platform"] == fake.platform
        assert page_error["tags"]["telegram.version"] == "9.1"
        assert "[redacted]" in page_error["request"]["url"] or "#" not in page_error["request"]["url"]
    crumbs = _errors_with(fake_sentry, "probe page failure")[0]["breadcrumbs"]
    assert any(c.get("category") == "console" and "probe console" in (c.get("message") or "") for c in crumbs)

    # Replay: sent because of the error, recorded with every text masked.
    assert fake_sentry.items("replay_event") and FIRST_NAME.encode() not in raw

    # One trace across the page and the API: the request carried it, the backend continued it.
    (api,) = _transactions(fake_sentry, "/api/probe/fail")
    assert traced and traced[0].split("-")[0] == api["contexts"]["trace"]["trace_id"]
    assert api["user"] == user
    assert any(t["contexts"]["trace"].get("op") == "reflex.event" for t in fake_sentry.transactions())
    pageloads = [s for s in fake_sentry.spans() if s["attributes"].get("sentry.op", {}).get("value") == "pageload"]
    assert [s["trace_id"] for s in pageloads] == [api["contexts"]["trace"]["trace_id"]]


def _errors_with(sentry: FakeSentry, text: str) -> list[dict]:
    return [e for e in sentry.errors()
            if any(text in (v.get("value") or "") for v in e.get("exception", {}).get("values", []))]


def _transactions(sentry: FakeSentry, name: str) -> list[dict]:
    return [t for t in sentry.transactions() if t.get("transaction") == name]
