"""The analytics client's <head> part: a small loader that adds web-vitals and the client after the first screen.

Nothing of analytics runs before the app: assets/analytics/loader.js (deferred, under 1 KB) adds
both scripts once the page has loaded and the main thread is idle, in order, after bridge.js has
set up window.tmaBridge. web-vitals observes with `buffered: true`, so what happened before it ran
is still seen; events carry their own timestamps.
"""

from __future__ import annotations

import reflex as rx

LOADER_SCRIPT_URL = "/analytics/loader.js"
CLIENT_SCRIPT_URL = "/analytics/client.js"
WEB_VITALS_SCRIPT_URL = "/analytics/vendor/web-vitals.attribution.iife.js"
TAXONOMY_URL = "/analytics/taxonomy.json"


def head_scripts(api_url: str) -> list[rx.Component]:
    """`api_url` is where the backend answers (the events are POSTed there)."""
    return [
        rx.el.script(
            src=LOADER_SCRIPT_URL,
            defer=True,
            custom_attrs={"data-api": api_url.rstrip("/"), "data-taxonomy": TAXONOMY_URL,
                          "data-vitals": WEB_VITALS_SCRIPT_URL, "data-client": CLIENT_SCRIPT_URL},
        ),
    ]
