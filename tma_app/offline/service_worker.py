"""The service worker of production builds: written into each build, registered by the page.

Reflex builds the frontend with Vite (`reflex export`, and `reflex run --env prod` before it
serves). Its `post_build` plugin hook runs once the files of a build exist, before they are
compressed, in both commands: rxconfig's `ServiceWorkerPlugin` then calls `write_worker`, which
lists every file of that build (`precache_manifest`), names the build by their content
(`build_id`), and writes `/sw.js` from the Workbox bundle in assets/offline/sw.template.js
(frontend/workbox/ builds it from npm). Each build's precache is its own cache,
`tma-precache-<build id>`, so a deploy never mixes chunks.

With the kill switch (`SERVICE_WORKER=off`) the build's `/sw.js` is a worker that deletes the
caches and unregisters itself, and the page's script unregisters it too
(frontend/workbox/src/sw-register.js, minified into assets/offline/; launch_components.py puts
it in <head>). In dev nothing is built and the page's script only removes what a prod build left.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets" / "offline"
TEMPLATE = ASSETS_DIR / "sw.template.js"
REGISTER_SCRIPT_URL = "/offline/sw-register.js"
WORKER_PATH = "/sw.js"
# Build-time files of assets/offline that must not be served from a build.
BUILD_ONLY_FILES = ("offline/sw.template.js", "offline/workbox.json")
MANIFEST_PLACEHOLDER = "self.__WB_MANIFEST"
BUILD_PLACEHOLDER = "self.__TMA_BUILD__"

# Never precached: compressed twins, the worker itself, Reflex's 404 copy of the fallback page,
# Sentry's SDK (loaded only with a DSN, and useless offline), licences and vendoring records.
_SKIPPED_SUFFIXES = (".gz", ".br", ".zst", ".map", ".LICENSE")
_SKIPPED_FILES = frozenset({"sw.js", "404.html", *BUILD_ONLY_FILES, "analytics/vendor/web-vitals.json"})
_SKIPPED_DIRS = ("monitoring/",)
# Vite names what it writes under assets/ by content: the URL is the revision.
_HASHED_DIR = "assets/"

# The worker's own Content-Security-Policy governs what it may fetch: its origin (pages, chunks,
# pictures) and Telegram's script, nothing else. The page's policy is unchanged.
WORKER_CSP = "default-src 'none'; connect-src 'self' https://telegram.org"
IMMUTABLE = "public, max-age=31536000, immutable"
# What the backend answers itself (as deploy/nginx.py's BACKEND_PATHS); everything else is the frontend.
_BACKEND_PREFIXES = ("/api/", "/_event", "/_upload", "/ping", "/_health", "/_all_routes")

# The kill switch's worker: replaces an installed one, deletes the caches, unregisters.
OFF_WORKER = """\
/* SERVICE_WORKER=off: remove the app's service worker and its caches (docs/offline.md). */
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("tma-") === 0; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.registration.unregister(); }));
});
"""


@dataclass(frozen=True)
class PrecacheEntry:
    url: str
    # Content hash for files whose URL does not change with their content; None for hashed chunks.
    revision: str | None

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "revision": self.revision}


def _page_url(relative: PurePosixPath) -> str:
    """The URL a prerendered page answers at: `/`, `/demos/restaurant/` (a directory index on
    nginx and on Reflex's own server alike), `/__spa-fallback.html`."""
    if relative.name == "__spa-fallback.html":
        return "/__spa-fallback.html"
    parts = relative.with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "".join(f"{part}/" for part in parts)


def precache_manifest(static_dir: Path) -> list[PrecacheEntry]:
    """Every file of a build that a launch may need, once each, sorted by URL."""
    entries: dict[str, PrecacheEntry] = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        relative = PurePosixPath(path.relative_to(static_dir).as_posix())
        name = str(relative)
        if (name.endswith(_SKIPPED_SUFFIXES) or name in _SKIPPED_FILES
                or name.startswith(_SKIPPED_DIRS)):
            continue
        if name.startswith(_HASHED_DIR):
            entries["/" + name] = PrecacheEntry("/" + name, None)
            continue
        url = _page_url(relative) if relative.suffix == ".html" else "/" + name
        # `x.html` and `x/index.html` are the same page; one entry, the same bytes either way.
        entries.setdefault(url, PrecacheEntry(url, hashlib.sha256(path.read_bytes()).hexdigest()[:16]))
    return [entries[url] for url in sorted(entries)]


def build_id(entries: Iterable[PrecacheEntry]) -> str:
    """Names a build by what it serves: the same files give the same id, any change a new one."""
    payload = json.dumps([entry.as_json() for entry in entries], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def render_worker(template: str, entries: list[PrecacheEntry], build: str) -> str:
    for placeholder in (MANIFEST_PLACEHOLDER, BUILD_PLACEHOLDER):
        if template.count(placeholder) != 1:
            raise ValueError(f"the service worker template must hold {placeholder} exactly once")
    manifest = json.dumps([entry.as_json() for entry in entries], separators=(",", ":"))
    return template.replace(MANIFEST_PLACEHOLDER, manifest).replace(BUILD_PLACEHOLDER, json.dumps(build))


def write_worker(static_dir: Path, *, enabled: bool, template: str | None = None) -> str | None:
    """Writes `sw.js` into a finished build; returns the build id (None for the kill switch's worker)."""
    for name in BUILD_ONLY_FILES:
        (static_dir / name).unlink(missing_ok=True)
    target = static_dir / WORKER_PATH.lstrip("/")
    if not enabled:
        target.write_text(OFF_WORKER)
        return None
    entries = precache_manifest(static_dir)
    build = build_id(entries)
    source = TEMPLATE.read_text() if template is None else template
    target.write_text(render_worker(source, entries, build))
    return build


class OfflineCachingHeaders:
    """HTTP caching for what Reflex's own server sends (`reflex run --env prod`), as nginx does
    (deploy/nginx.py): Vite's content-named chunks are immutable; pages and the other files are
    revalidated on every launch (without a Cache-Control, browsers cache them heuristically for a
    while, and a launch after a deploy would run the old page against chunks that are gone); the
    worker carries its own policy. Placed outside SecurityHeadersMiddleware (which gives 304s no
    policy: see there)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_caching(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                status = message.get("status")
                if path == WORKER_PATH and status in (200, 304):
                    headers["Cache-Control"] = "no-cache"
                    headers["Content-Security-Policy"] = WORKER_CSP
                if status == 200 and "cache-control" not in headers and not path.startswith(_BACKEND_PREFIXES):
                    headers["Cache-Control"] = IMMUTABLE if path.startswith("/" + _HASHED_DIR) else "no-cache"
            await send(message)

        await self.app(scope, receive, send_with_caching)
