"""Error monitoring's Reflex side: no DSN, nothing in the page; a DSN, a deferred loader and its origin in the CSP.

The scrubbing itself is proven end to end (a fake ingest, a prod build, Chromium) in
tests/e2e/test_error_monitoring.py; the outbox worker's report in tests/unit/core/test_logging.py.
"""

import hashlib
import json
from pathlib import Path

from tests.conftest import TEST_BOT_TOKEN
from tma_app.core.settings import load_settings
from tma_app.security.http import content_security_policy
from tma_app.session import reporting

ROOT = Path(__file__).resolve().parents[3]
MONITORING = ROOT / "assets" / "monitoring"
DSN = "https://pubkey@o9.ingest.example.io/17"


def _prod(**overrides):
    return load_settings(_env_file=None, APP_ENV="prod", TELEGRAM_BOT_TOKEN=TEST_BOT_TOKEN,
                         PUBLIC_URL="https://app.example.com", **overrides)


def _head(settings) -> str:
    from tma_app.tma_app import head_components

    return "\n".join(str(component.render()) for component in head_components(settings))


def test_without_a_dsn_the_page_has_no_loader_and_the_csp_no_ingest():
    settings = _prod()
    assert reporting.head_scripts(settings, "https://app.example.com") == []
    assert "/monitoring/" not in _head(settings)
    assert "ingest" not in content_security_policy(settings, "https://app.example.com")


def test_with_a_dsn_the_loader_is_deferred_and_configured():
    settings = _prod(SENTRY_DSN=DSN, RELEASE="b42", SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE=0.5)
    loader = next(line for line in _head(settings).splitlines() if reporting.LOADER_SCRIPT_URL in line)
    assert "defer:true" in loader
    for attribute in ('"data-dsn":"' + DSN, '"data-release":"b42"', '"data-environment":"prod"',
                      '"data-replays-on-error-sample-rate":"0.5"', '"data-sdk":"/monitoring/vendor/sentry.js"'):
        assert attribute in loader
    connect = next(d for d in content_security_policy(settings).split("; ") if d.startswith("connect-src"))
    assert connect.split()[-1] == "https://o9.ingest.example.io", "the ingest origin, not the DSN's key"


def test_the_loader_waits_for_the_load_event_and_fetches_nothing_from_elsewhere():
    loader = (MONITORING / "loader.js").read_text()
    assert 'addEventListener("load"' in loader and "requestIdleCallback" in loader
    assert "https://" not in loader and "http://" not in loader
    for url in (reporting.LOADER_SCRIPT_URL, reporting.SDK_URL, reporting.REPLAY_URL, reporting.REPLAY_WORKER_URL):
        assert (ROOT / "assets" / url.lstrip("/")).is_file(), url


def test_the_bundled_sdk_is_the_pinned_build_of_the_locked_packages():
    manifest = json.loads((MONITORING / "vendor" / "sentry.json").read_text())
    lock = json.loads((ROOT / "frontend" / "sentry" / "package-lock.json").read_text())
    for name, pinned in manifest["packages"].items():
        locked = lock["packages"][f"node_modules/{name}"]
        assert (locked["version"], locked["integrity"]) == (pinned["version"], pinned["integrity"]), name
    for name, sha256 in manifest["files_sha256"].items():
        assert hashlib.sha256((MONITORING / "vendor" / name).read_bytes()).hexdigest() == sha256, name
    sdk = (MONITORING / "vendor" / "sentry.js").read_text()
    assert "maskAllText" in sdk and "ResizeObserver loop" in sdk
    assert "replayIntegration" not in sdk, "replay is its own file, loaded after the SDK"
    assert "browser.sentry-cdn.com" not in sdk + (MONITORING / "vendor" / "replay.js").read_text()


def test_a_failed_event_handler_still_tells_the_user_without_sentry():
    spec = reporting.report_backend_exception(RuntimeError("boom"))
    assert spec.handler.fn.__qualname__ == "FailureNotice.show", "the session's notice, not a script the CSP refuses"
    reporting.report_frontend_exception(Exception("render failed"))  # logs; no Sentry, no error


def test_api_traces_are_named_for_their_route_inside_reflexs_mount(monkeypatch):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from tma_app.security import http

    named: list[str] = []
    routes = [Route("/api/things/{thing_id}", lambda request: PlainTextResponse("ok"))]
    api = Starlette(routes=routes, middleware=[Middleware(http.TracesNamedByRoute, routes=routes)])
    api.mount("", Starlette())
    top = Starlette()
    top.mount("", api)
    monkeypatch.setattr(http, "name_trace", named.append)
    monkeypatch.setattr(http, "reporting_enabled", lambda: True)
    TestClient(top).get("/api/things/42")
    assert named == ["/api/things/{thing_id}"], "the template, not the URL or the mount's empty path"
