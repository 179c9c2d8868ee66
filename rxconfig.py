"""Reflex configuration, derived from the app's one settings object."""

import os
import sys
from pathlib import Path

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from tma_app.core.settings import SettingsError, get_settings
from tma_app.offline.service_worker import write_worker

try:
    settings = get_settings()
except SettingsError as error:
    # One clear message naming the variables, before Reflex starts anything.
    print(error, file=sys.stderr)
    raise SystemExit(2) from None


# The dev server (`reflex run`) restarts its backend whenever a watched file changes. Reflex
# watches every non-hidden entry at the root by default, data/ included, where SQLite's -wal/-shm
# files change on every transaction (the outbox worker's poll each second) and the media cache
# grows: each restart wrote them again, so the backend restarted every ~2 s. Watch the sources only.
_ROOT = Path(__file__).resolve().parent
HOT_RELOAD_PATHS = tuple(
    _ROOT / name for name in ("tma_app", "assets", "rxconfig.py", ".env") if (_ROOT / name).exists()
)
os.environ.setdefault("REFLEX_HOT_RELOAD_OVERRIDE_PATHS", os.pathsep.join(map(str, HOT_RELOAD_PATHS)))


def _tg(name: str) -> str:
    return f"var(--tg-theme-{name}-color)"


TAILWIND = {
    "plugins": [],
    "theme": {
        "extend": {
            "colors": {
                "tg": {
                    "bg": _tg("bg"),
                    "text": _tg("text"),
                    "hint": _tg("hint"),
                    "link": _tg("link"),
                    "button": _tg("button"),
                    "button-text": _tg("button-text"),
                    "secondary-bg": _tg("secondary-bg"),
                    "header-bg": _tg("header-bg"),
                    "bottom-bar": _tg("bottom-bar-bg"),
                    "accent": _tg("accent-text"),
                    "section": _tg("section-bg"),
                    "section-header": _tg("section-header-text"),
                    "separator": _tg("section-separator"),
                    "subtitle": _tg("subtitle-text"),
                    "destructive": _tg("destructive-text"),
                }
            }
        }
    },
}

class ServiceWorkerPlugin(rx.plugins.Plugin):
    """Writes /sw.js into every production build (`reflex export`, `reflex run --env prod`): Reflex
    calls `post_build` once the build's files exist, before it compresses them
    (tma_app/offline/service_worker.py, docs/offline.md)."""

    def post_build(self, **context):
        write_worker(context["static_dir"], enabled=settings.service_worker_enabled)


# In prod the page is served from PUBLIC_URL with the backend behind the same origin (one port,
# or a proxy routing /_event and /api): Reflex's default, http://localhost:<port>, would send the
# websocket, analytics and vitals to whoever opens the page, and put localhost into the CSP.
# REFLEX_API_URL still overrides it for a backend on another origin.
PUBLIC_ORIGIN = str(settings.PUBLIC_URL).rstrip("/") if settings.PUBLIC_URL else None
_deployed = {"api_url": PUBLIC_ORIGIN, "deploy_url": PUBLIC_ORIGIN} if settings.APP_ENV == "prod" else {}

config = rx.Config(
    app_name="tma_app",
    **_deployed,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # ServiceWorkerPlugin writes /sw.js into every production build (docs/offline.md).
    plugins=[rx.plugins.TailwindV4Plugin(config=TAILWIND), ServiceWorkerPlugin()],
    disable_plugins=[SitemapPlugin],
    # With REDIS_URL set, state lives in Redis so several backend workers can share it.
    redis_url=settings.REDIS_URL,
    state_manager_mode="redis" if settings.REDIS_URL else "disk",
    # A tab's state lock, held by the backend handling one of its events. A backend that dies mid-event
    # (SIGKILL, OOM) leaves it behind, and the tab, reconnected to another backend, waits until it expires:
    # Reflex's 10 s kept users of a killed backend waiting that long (tests/faults/test_worker_killed.py).
    # Handlers hold it for milliseconds; long work runs as background events, which do not hold it.
    redis_lock_expiration=3000,
    # An allow-list from PUBLIC_URL (plus the dev page outside prod), never "*". `reflex run
    # --frontend-port N` exports REFLEX_FRONTEND_PORT before the backend reads this file again.
    cors_allowed_origins=settings.cors_origins_for(
        dev_frontend_port=int(os.environ.get("REFLEX_FRONTEND_PORT") or 3000)),
)
