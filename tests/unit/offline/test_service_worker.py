"""What each build's service worker precaches, how it is named, and the headers it is served with."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from tma_app.core.settings import load_settings
from tma_app.offline import launch_components, service_worker
from tma_app.offline.service_worker import (
    IMMUTABLE,
    OFF_WORKER,
    WORKER_CSP,
    OfflineCachingHeaders,
    PrecacheEntry,
    build_id,
    precache_manifest,
    render_worker,
    write_worker,
)
from tma_app.security.http import SUBRESOURCE_CSP, SecurityHeadersMiddleware

TEMPLATE = "var m = self.__WB_MANIFEST; var b = self.__TMA_BUILD__;"


def a_build(root: Path) -> Path:
    """The shape of `.web/build/client` after `reflex export`."""
    files = {
        "index.html": "<html>home</html>",
        "__spa-fallback.html": "<html>spa</html>",
        "404.html": "<html>spa</html>",
        "demos/restaurant.html": "<html>menu</html>",
        "demos/restaurant/index.html": "<html>menu</html>",
        "demos/restaurant/cart/index.html": "<html>cart</html>",
        "assets/root-AbC123.js": "export{}",
        "assets/root-AbC123.js.gz": "gz",
        "assets/styles-XyZ.css": "body{}",
        "tma/bridge.js": "bridge()",
        "tma/bridge.js.gz": "gz",
        "offline/sw-register.js": "register()",
        "offline/sw.template.js": TEMPLATE,
        "offline/workbox.json": "{}",
        "monitoring/loader.js": "loader()",
        "monitoring/vendor/sentry.js": "sentry()",
        "analytics/vendor/web-vitals.LICENSE": "MIT",
        "favicon.svg": "<svg/>",
        "sw.js": "old worker",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_manifest_lists_each_page_once_at_its_url_and_every_script_and_style(tmp_path):
    entries = precache_manifest(a_build(tmp_path))
    urls = [entry.url for entry in entries]
    assert urls == sorted(urls)
    assert urls == [
        "/", "/__spa-fallback.html", "/assets/root-AbC123.js", "/assets/styles-XyZ.css", "/demos/restaurant/",
        "/demos/restaurant/cart/", "/favicon.svg", "/offline/sw-register.js", "/tma/bridge.js",
    ]
    revisions = {entry.url: entry.revision for entry in entries}
    # Vite's chunks are named by their content; everything else is revisioned by it.
    assert revisions["/assets/root-AbC123.js"] is None
    assert revisions["/tma/bridge.js"] == hashlib.sha256(b"bridge()").hexdigest()[:16]


def test_the_build_id_follows_the_content(tmp_path):
    build = a_build(tmp_path)
    first = build_id(precache_manifest(build))
    assert first == build_id(precache_manifest(build))
    (build / "tma" / "bridge.js").write_text("bridge(2)")
    assert build_id(precache_manifest(build)) != first


def test_the_worker_gets_the_manifest_and_the_build_id(tmp_path):
    build = a_build(tmp_path)
    built = write_worker(build, enabled=True, template=TEMPLATE)
    worker = (build / "sw.js").read_text()
    manifest = json.loads(worker.split("var m = ")[1].split("; var b")[0])
    assert [entry["url"] for entry in manifest] == [entry.url for entry in precache_manifest(build)]
    assert worker.endswith(f'var b = "{built}";')
    # The template and its record are build-time files, never served.
    assert not (build / "offline" / "sw.template.js").exists() and not (build / "offline" / "workbox.json").exists()


def test_the_kill_switch_builds_a_worker_that_removes_itself(tmp_path):
    build = a_build(tmp_path)
    assert write_worker(build, enabled=False, template=TEMPLATE) is None
    worker = (build / "sw.js").read_text()
    assert worker == OFF_WORKER
    assert "unregister()" in worker and "caches.delete" in worker and "fetch" not in worker


def test_a_template_without_its_placeholders_is_refused():
    with pytest.raises(ValueError, match="__TMA_BUILD__"):
        render_worker("self.__WB_MANIFEST", [PrecacheEntry("/", "x")], "b")


def test_the_built_files_are_the_ones_build_mjs_recorded():
    # An edit of assets/offline/ by hand (or of a source without `npm run build`) shows up here.
    template = service_worker.TEMPLATE.read_text()
    record = json.loads((service_worker.ASSETS_DIR / "workbox.json").read_text())
    for name in ("sw.template.js", "sw-register.js", "snapshot.js", "queue.js", "../tma/bridge.js"):
        built = (service_worker.ASSETS_DIR / name).read_bytes()
        assert record["files_sha256"][name] == hashlib.sha256(built).hexdigest(), name
    assert set(record["packages"]) >= {"workbox-precaching", "workbox-routing", "workbox-strategies",
                                       "workbox-expiration", "esbuild"}
    render_worker(template, [PrecacheEntry("/", "x")], "b")  # each placeholder exactly once
    # The worker's own rules are in the bundle: media only, network-first pages, one cache per build.
    for text in ("/api/media/", "-media", "navigate", "-precache-", "x-telegram-init-data", "authorization"):
        assert text in template


@pytest.mark.parametrize(("env", "value", "enabled"), [
    ("prod", None, True), ("prod", "off", False), ("test", "on", True), ("dev", "on", False), ("dev", None, False),
])
def test_the_setting_and_dev(fresh_settings, env, value, enabled):
    fresh_settings.setenv("APP_ENV", env)
    fresh_settings.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAHk-real-looking-token-abcdefghijklm")
    fresh_settings.setenv("PUBLIC_URL", "https://tma.example.com")
    if value is None:
        fresh_settings.delenv("SERVICE_WORKER", raising=False)
    else:
        fresh_settings.setenv("SERVICE_WORKER", value)
    assert load_settings(_env_file=None).service_worker_enabled is enabled


def _served(path: str, conditional: bool = False) -> dict[str, str]:
    async def any_file(request):  # what Reflex's static files answer, without caching headers
        if request.headers.get("if-none-match") == '"v1"':
            return Response(status_code=304, headers={"ETag": '"v1"'})  # as Starlette's: no content type
        media = "text/html" if path == "/" else "text/javascript"
        return PlainTextResponse("x", media_type=media, headers={"ETag": '"v1"'})

    app = Starlette(routes=[Route("/{path:path}", any_file)], middleware=[  # the order of tma_app.api_app
        Middleware(OfflineCachingHeaders),
        Middleware(SecurityHeadersMiddleware, csp="default-src 'self'"),
    ])
    with TestClient(app) as client:
        response = client.get(path, headers={"If-None-Match": '"v1"'} if conditional else {})
        assert response.status_code == (304 if conditional else 200)
        return dict(response.headers)


def test_reflex_s_own_server_sends_chunks_immutable_and_the_worker_revalidated():
    assert _served("/assets/root-AbC123.js")["cache-control"] == IMMUTABLE
    worker = _served("/sw.js")
    assert worker["cache-control"] == "no-cache"
    assert worker["content-security-policy"] == WORKER_CSP
    assert _served("/")["cache-control"] == "no-cache"
    assert _served("/tma/bridge.js")["cache-control"] == "no-cache"
    assert "cache-control" not in _served("/api/media/x")  # the API says for itself
    assert _served("/")["content-security-policy"] == "default-src 'self'"
    assert _served("/tma/bridge.js")["content-security-policy"] == SUBRESOURCE_CSP


def test_a_304_keeps_the_cached_page_s_policy():
    # The browser merges a 304's headers into the stored page: a policy here would replace the page's.
    assert "content-security-policy" not in _served("/", conditional=True)
    assert _served("/sw.js", conditional=True)["content-security-policy"] == WORKER_CSP


@pytest.mark.parametrize(("env", "value", "mode"), [("prod", "on", "on"), ("prod", "off", "off"), ("dev", "on", "off")])
def test_the_page_registers_in_builds_and_removes_in_dev_and_with_the_kill_switch(fresh_settings, env, value, mode):
    fresh_settings.setenv("APP_ENV", env)
    fresh_settings.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAHk-real-looking-token-abcdefghijklm")
    fresh_settings.setenv("PUBLIC_URL", "https://tma.example.com")
    fresh_settings.setenv("SERVICE_WORKER", value)
    tag = str(launch_components.head_scripts(load_settings(_env_file=None))[0].render())
    assert service_worker.REGISTER_SCRIPT_URL in tag and f'"data-sw":"{mode}"' in tag.replace(" ", "")
    assert "defer" in tag
