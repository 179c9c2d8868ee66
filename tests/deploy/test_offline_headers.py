"""The deployed proxy's caching headers for the offline path, from a real nginx with the site
`python -m deploy.nginx` renders (deploy-check installs Debian's nginx; no backend is needed)."""

from __future__ import annotations

import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from deploy.nginx import site_config
from tests.e2e.conftest import _free_port
from tests.support.services import unavailable
from tests.support.topology import NGINX, nginx_main_config
from tests.support.waiting import eventually
from tests.unit.offline.test_service_worker import a_build
from tma_app.offline.service_worker import IMMUTABLE, WORKER_CSP


def _nginx_config(tmp_path: Path, port: int, root: Path) -> Path:
    """deploy-check's main configuration around the rendered site."""
    site = tmp_path / "site.conf"
    site.write_text(site_config(listen=f"127.0.0.1:{port}", root=str(root), backends=["127.0.0.1:9"],
                                public_url=f"http://127.0.0.1:{port}", page_csp="default-src 'self'"))
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_main_config(tmp_path, site))
    return config


def test_nginx_sends_chunks_immutable_and_the_worker_revalidated_with_its_policy(tmp_path):
    if not Path(NGINX).exists():
        unavailable("nginx", "not installed (make proxy installs Debian's)")
    root = a_build(tmp_path / "root")
    port = _free_port()
    config = _nginx_config(tmp_path, port, root)
    process = subprocess.Popen([NGINX, "-c", str(config), "-e", str(tmp_path / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def listening() -> bool:
            assert process.poll() is None, (tmp_path / "nginx-error.log").read_text()
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        eventually(listening, what="nginx listening")

        def headers(path: str) -> dict[str, str]:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                return {k.lower(): v for k, v in response.headers.items()}

        chunk = headers("/assets/root-AbC123.js")
        assert chunk["cache-control"] == IMMUTABLE
        worker = headers("/sw.js")
        assert worker["cache-control"] == "no-cache"
        assert worker["content-security-policy"] == WORKER_CSP
        page = headers("/")
        assert page["cache-control"] == "no-cache" and page["content-security-policy"] == "default-src 'self'"
        revalidated = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"If-None-Match": page["etag"]})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(revalidated, timeout=5)
        assert not_modified.value.code == 304
        assert "Content-Security-Policy" not in not_modified.value.headers
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_behind_nginx_the_worker_precaches_the_whole_build(browser, topology):
    """The exported build behind the proxy: every precache URL answers (one failure would abort the
    install) and the worker takes over. Opening offline is tested in tests/e2e/test_service_worker.py."""
    from playwright.sync_api import expect

    from tests.support.fake_telegram import FakeTelegram
    from tests.support.telegram import signed_init_data
    from tma_app.offline.service_worker import precache_manifest

    expected = len(precache_manifest(topology.app_dir / ".web" / "build" / "client"))
    # No context.route: it would turn the HTTP cache off; Telegram's script fails on the closed network.
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
    try:
        FakeTelegram(init_data=signed_init_data({"id": 7_200_001, "first_name": "Proxied"}), version="9.1").install(
            context)
        page = context.new_page()
        page.goto(topology.url + "/", wait_until="load")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Proxied!")
        eventually(lambda: page.evaluate("""async () => {
            const name = (await caches.keys()).find(n => n.startsWith('tma-precache-'));
            return name && navigator.serviceWorker.controller ? (await (await caches.open(name)).keys()).length : 0;
        }"""), lambda count: count == expected, what=f"{expected} precached files", page=page, timeout_s=60)
        page.close()
        page = context.new_page()
        response = page.goto(topology.url + "/demos/restaurant", wait_until="domcontentloaded")
        assert response is not None and response.from_service_worker  # the worker answers the next launch
        expect(page.locator("main").first).to_be_visible()
    finally:
        context.close()
