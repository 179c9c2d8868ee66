"""The service worker and the last screens, in Chromium against prod builds of their own.

The server sits behind a loopback TCP link the tests cut: Playwright's `set_offline` does not reach
a service worker's own fetches in Chromium (microsoft/playwright#2311), so "offline" here is both
the page offline and the origin refusing every connection, as a phone without network sees it.
Three builds, one after the other on the same origin: the app, the app with a visible change (a
deploy), and the app with the kill switch.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import _free_port, _server_env, copy_app, start_prod_server
from tests.support.app_database import rows
from tests.support.fake_telegram import MOCK_JS, FakeTelegram
from tests.support.loopback_link import LoopbackLink
from tests.support.restaurant_steps import add_first_dish
from tests.support.telegram import signed_init_data
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

ALICE = {"id": 7_100_001, "first_name": "Alicesw"}
BOB = {"id": 7_100_002, "first_name": "Bobsw"}


@dataclass
class SwServer:
    app_dir: Path
    logs: Path
    database_url: str
    link: LoopbackLink
    server_port: int
    process: subprocess.Popen | None = None
    starts: list[dict[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.link.port}"

    def start(self, **extra_env: str) -> None:
        env = {**_server_env(self.database_url, self.link.port), **extra_env}
        self.starts.append(extra_env)
        log = self.logs / f"server-{len(self.starts)}.log"
        self.process = start_prod_server(self.app_dir, env, self.server_port, log)

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def built_chunks(self) -> set[str]:
        return {"/assets/" + p.name for p in (self.app_dir / ".web" / "build" / "client" / "assets").iterdir()
                if not p.name.endswith((".gz", ".br", ".zst"))}


@pytest.fixture(scope="module")
def sw_server(tmp_path_factory) -> Iterator[SwServer]:
    root = tmp_path_factory.mktemp("sw")
    link = LoopbackLink(_free_port(), _free_port())
    server = SwServer(copy_app(root / "app"), root, f"sqlite:///{root / 'sw.db'}", link, link.target)
    server.start()
    link.up()
    try:
        yield server
    finally:
        link.down()
        server.stop()


LAUNCH_COOKIE = "tma_e2e_launch"
# When the page asked for the worker, on the page's clock.
REGISTRATION_CLOCK = """(() => {
  const sw = navigator.serviceWorker;
  if (!sw) return;
  const register = sw.register.bind(sw);
  sw.register = (...args) => { window.__swRegisteredAt = performance.now(); return register(...args); };
})();"""


@pytest.fixture
def device(browser) -> Iterator[BrowserContext]:
    """One phone: its service worker, caches and IndexedDB outlive the launches made in it.

    The fake Telegram of each launch is configured from a cookie the test sets before it (an init
    script is installed once per context, and the mock keeps the first user it was given)."""
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    # No context.route: Playwright turns the HTTP cache off while a route is set, and the worker's
    # precache must be right with it on (revalidated pages, 304s). Telegram's own script fails to
    # load on the closed network; the fake is an init script.
    context.add_init_script(script=REGISTRATION_CLOCK)
    context.add_init_script(script=(
        f"(function () {{ var m = document.cookie.match(/{LAUNCH_COOKIE}=([^;]*)/);"
        " if (m) window.__TMA_MOCK_CONFIG__ = JSON.parse(atob(decodeURIComponent(m[1]))); })();\n" + MOCK_JS))
    yield context
    context.close()


def launch(context: BrowserContext, server: SwServer, user: dict, path: str = "/") -> Page:
    """A Mini App launch: a fresh page (the previous ones closed), signed by Telegram for `user`."""
    for page in context.pages:
        page.close()
    config = FakeTelegram(init_data=signed_init_data(user), version="9.1").config()
    value = urllib.parse.quote(base64.b64encode(json.dumps(config).encode()).decode())
    context.add_cookies([{"name": LAUNCH_COOKIE, "value": value, "url": server.url}])
    page = context.new_page()
    page.goto(server.url + path, wait_until="domcontentloaded")
    return page


def controlled(page: Page) -> bool:
    # `ready` never settles without a registration: ask for at most a second.
    return page.evaluate("""() => Promise.race([
        navigator.serviceWorker.ready.then(r => !!r.active && !!navigator.serviceWorker.controller),
        new Promise(resolve => setTimeout(() => resolve(false), 1000))])""")


def snapshot_record(page: Page) -> Any:
    return page.evaluate("""async () => {
      const dbs = await indexedDB.databases();
      if (!dbs.some(d => d.name === 'tma-snapshot')) return null;
      return await new Promise((resolve) => {
        const open = indexedDB.open('tma-snapshot');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('snapshot')) { db.close(); return resolve(null); }
          const get = db.transaction('snapshot').objectStore('snapshot').get('last');
          get.onsuccess = () => { db.close(); resolve(get.result || null); };
          get.onerror = () => { db.close(); resolve(null); };
        };
        open.onerror = () => resolve(null);
      });
    }""")


CACHE_CONTENTS = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const type = response.headers.get('content-type') || '';
      const text = /text|javascript|json|svg/.test(type) ? await response.clone().text() : '';
      const headers = JSON.stringify([...request.headers, ...response.headers]);
      out.push({cache: name, url: request.url, type, headers, text});
    }
  }
  return out;
}"""


def online_visit(context: BrowserContext, server: SwServer, user: dict) -> Page:
    page = launch(context, server, user)
    expect(page.get_by_test_id("greeting")).to_have_text(f"Hi, {user['first_name']}!")
    expect(page.get_by_test_id("demo-card")).to_have_count(3)
    eventually(lambda: controlled(page), what="the service worker controls the page", page=page, timeout_s=30)
    # Registered after the load event (and so after the first paint), never competing with it. A page the
    # worker already controls (an earlier visit) may not have asked yet: it asks once the main thread is idle.
    eventually(lambda: page.evaluate("() => window.__swRegisteredAt"), lambda at: at is not None,
               what="the page registered the service worker", page=page)
    asked, loaded, painted = page.evaluate("""() => [window.__swRegisteredAt,
        performance.getEntriesByType('navigation')[0].loadEventEnd,
        performance.getEntriesByName('first-contentful-paint')[0].startTime]""")
    assert asked >= loaded and asked >= painted, (asked, loaded, painted)
    eventually(lambda: snapshot_record(page), lambda r: bool(r) and r["user"] == user["id"]
               and any("home_state" in name for name in r["states"]),
               what="the home screen is kept for this user", page=page)
    return page


def test_opens_offline_from_the_cache_with_the_last_data_and_recovers(device, sw_server):
    online_visit(device, sw_server, ALICE)

    sw_server.link.down()
    device.set_offline(True)
    try:
        page = launch(device, sw_server, ALICE)
        expect(page.locator("html[data-tma-snapshot]")).to_have_count(1, timeout=15_000)
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alicesw!")
        expect(page.get_by_test_id("demo-card")).to_have_count(3)
        assert page.evaluate("() => window.tmaSnapshot.shown() > 0")
        expect(page.get_by_test_id("connection-banner")).to_have_attribute("data-state", "offline")
        expect(page.get_by_test_id("connection-banner")).to_contain_text("No connection")
    finally:
        device.set_offline(False)
        sw_server.link.up()
    # Back online: Reflex reconnects on its own, the server's state replaces the snapshot.
    expect(page.locator("html[data-tma-snapshot]")).to_have_count(0, timeout=30_000)
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alicesw!")


def test_a_launch_offline_without_a_snapshot_for_this_user_shows_none(device, sw_server):
    online_visit(device, sw_server, ALICE)
    sw_server.link.down()
    device.set_offline(True)
    try:
        page = launch(device, sw_server, BOB)
        # The cached shell opens, but Alice's screens are never shown to Bob.
        expect(page.get_by_test_id("reconnecting")).to_be_visible(timeout=15_000)
        expect(page.locator("html[data-tma-snapshot]")).to_have_count(0)
        expect(page.get_by_text("Alicesw")).to_have_count(0)
    finally:
        device.set_offline(False)
        sw_server.link.up()


def test_caches_hold_no_init_data_and_a_new_user_replaces_the_last_one(device, sw_server):
    page = online_visit(device, sw_server, ALICE)
    page.goto(sw_server.url + "/demos/restaurant", wait_until="domcontentloaded")
    expect(page.locator("img[src*='/api/media/']").first).to_be_visible(timeout=15_000)
    eventually(lambda: page.evaluate(CACHE_CONTENTS), lambda entries: any("/api/media/" in e["url"] for e in entries),
               what="a picture in the media cache", page=page)
    page = online_visit(device, sw_server, BOB)

    entries = page.evaluate(CACHE_CONTENTS)
    names = {entry["cache"] for entry in entries}
    assert any(name.startswith("tma-precache-") for name in names) and "tma-media" in names
    secrets = [signed_init_data(ALICE), signed_init_data(BOB), "Alicesw", "Bobsw", str(ALICE["id"]), str(BOB["id"])]
    # The launch parameters' names: in a URL, a header or stored data they would carry a launch;
    # the bridge's code names them (it reads the launch hash), which carries none.
    markers = ["tgWebAppData", "auth_date"]
    for entry in entries:
        blob = entry["url"] + entry["headers"] + entry["text"]
        data = blob if "javascript" not in entry["type"] else entry["url"] + entry["headers"]
        for secret in secrets:
            assert secret not in blob, f"{entry['cache']} {entry['url']} holds {secret[:24]!r}"
        for marker in markers:
            assert marker not in data, f"{entry['cache']} {entry['url']} holds {marker!r}"
        assert "/api/" not in entry["url"] or "/api/media/" in entry["url"], entry["url"]
        assert "/_event" not in entry["url"] and "/_upload" not in entry["url"]

    record = snapshot_record(page)
    assert record["user"] == BOB["id"]
    kept = json.dumps(record)
    assert "Alicesw" not in kept and "Bobsw" in kept
    assert "tgWebAppData" not in kept and "auth_date" not in kept and "hash=" not in kept


def test_without_service_workers_the_app_works_and_chunks_come_from_the_http_cache(browser, sw_server):
    """The iOS path (WKWebView has no service worker): Vite's chunks are immutable in the HTTP cache."""
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US", service_workers="block")
    try:
        # No context.route here: Playwright turns the HTTP cache off while any route is set (Telegram's
        # own script then simply fails to load on the closed network; the fake is an init script).
        FakeTelegram(init_data=signed_init_data(ALICE), version="9.1").install(context)
        for visit in (1, 2):
            page = context.new_page()
            page.goto(sw_server.url + "/", wait_until="load")
            # The second launch revalidates the page (304) and must keep its policy, or nothing runs.
            expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alicesw!")
            chunks = page.evaluate("""() => performance.getEntriesByType('resource')
                .filter(e => new URL(e.name).pathname.startsWith('/assets/'))
                .map(e => ({url: e.name, transferred: e.transferSize}))""")
            assert chunks
            if visit == 2:
                # Served from the browser's cache without asking the server (no revalidation).
                assert all(chunk["transferred"] == 0 for chunk in chunks), chunks
            page.close()
        assert page.is_closed()
    finally:
        context.close()


def test_reflex_s_server_sends_the_caching_headers(sw_server):
    def headers(path: str) -> dict[str, str]:
        with urllib.request.urlopen(sw_server.url + path, timeout=10) as response:
            return {name.lower(): value for name, value in response.headers.items()}

    worker = headers("/sw.js")
    assert worker["cache-control"] == "no-cache"
    assert worker["content-security-policy"].startswith("default-src 'none'; connect-src 'self'")
    chunk = sorted(sw_server.built_chunks())[0]
    assert headers(chunk)["cache-control"] == "public, max-age=31536000, immutable"
    # Pages are revalidated on every launch: the one after a deploy must get the new build.
    assert headers("/")["cache-control"] == "no-cache"


CAROL = {"id": 7_100_003, "first_name": "Carolsw"}


def test_a_tap_on_an_offline_launch_is_queued_and_arrives_once(device, sw_server):
    """The worker opens the cart from the cache, the snapshot shows its line, the queue keeps the tap
    under the snapshot's owner and sends it once the server verified the same user."""
    page = launch(device, sw_server, CAROL, "/demos/restaurant")
    add_first_dish(page)
    page.goto(sw_server.url + "/demos/restaurant/cart", wait_until="domcontentloaded")
    expect(page.get_by_test_id("line-quantity")).to_have_text("1")
    eventually(lambda: controlled(page), what="the service worker controls the page", page=page, timeout_s=30)
    eventually(lambda: snapshot_record(page), lambda r: bool(r) and any("restaurant_cart_state" in name and any(
        v for k, v in state.items() if k.startswith("lines")) for name, state in r["states"].items()),
        what="the cart is kept", page=page)

    sw_server.link.down()
    device.set_offline(True)
    try:
        page = launch(device, sw_server, CAROL, "/demos/restaurant/cart")
        expect(page.locator("html[data-tma-snapshot]")).to_have_count(1, timeout=15_000)
        quantity = page.get_by_test_id("line-quantity")
        expect(quantity).to_have_text("1")
        page.get_by_test_id("line-increase").click()
        expect(quantity).to_have_text("2")
    finally:
        device.set_offline(False)
        sw_server.link.up()
    eventually(lambda: rows(sw_server.database_url, "SELECT quantity FROM restaurant_cart_lines WHERE user_id = :u",
                            u=CAROL["id"]), lambda found: found == [(2,)], what="the tap on the server once",
               page=page, timeout_s=45)
    expect(page.locator("html[data-tma-snapshot]")).to_have_count(0)
    expect(page.get_by_test_id("line-quantity")).to_have_text("2")


# Last in the module: it deploys two more builds on the module's server (a change, then the kill switch).
def test_a_new_build_is_served_alone_on_the_next_launch_then_the_kill_switch_removes_it(device, sw_server):
    online_visit(device, sw_server, ALICE)
    old_chunks = sw_server.built_chunks()
    old_caches = device.pages[0].evaluate("() => caches.keys()")

    # Deploy: the home screen changes, so its chunk (and the build id) does.
    pages = sw_server.app_dir / "tma_app" / "home" / "pages.py"
    pages.write_text(pages.read_text().replace('data_testid="greeting"', 'data_testid="greeting", data_build="2"', 1))
    sw_server.stop()
    sw_server.start()
    new_chunks = sw_server.built_chunks()
    assert new_chunks != old_chunks

    page = launch(device, sw_server, ALICE)
    expect(page.locator("[data-build='2']")).to_have_text("Hi, Alicesw!")
    page.wait_for_load_state("load")
    loaded = set(page.evaluate("""() => performance.getEntriesByType('resource').map(e => new URL(e.name))
        .filter(u => u.origin === location.origin && u.pathname.startsWith('/assets/')).map(u => u.pathname)"""))
    assert loaded and loaded <= new_chunks, f"chunks of another build: {sorted(loaded - new_chunks)}"
    assert not loaded & (old_chunks - new_chunks)

    # The next launch runs under the new build's worker, whose precache is the only one left. The worker
    # first precaches the whole build from the app's own server (Python serving every file): on a busy
    # CI host that took longer than 30 s once, both precaches still there.
    page = launch(device, sw_server, ALICE)
    expect(page.locator("[data-build='2']")).to_be_visible()
    eventually(lambda: [n for n in page.evaluate("() => caches.keys()") if n.startswith("tma-precache-")],
               lambda names: len(names) == 1 and names[0] not in old_caches,
               what="only the new build's precache", page=page, timeout_s=60)

    # The kill switch: the next launch unregisters the worker and deletes its caches.
    sw_server.stop()
    sw_server.start(SERVICE_WORKER="off")
    page = launch(device, sw_server, ALICE)
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alicesw!")
    eventually(lambda: page.evaluate("""async () => ({
        workers: (await navigator.serviceWorker.getRegistrations()).length,
        caches: (await caches.keys()).filter(n => n.startsWith('tma-')).length})"""),
               lambda found: found == {"workers": 0, "caches": 0}, what="no worker and no caches", page=page,
               timeout_s=30)
