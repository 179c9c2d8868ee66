"""The analytics client's <head> scripts: web-vitals, then the client that reports it.

Both are deferred: they download alongside the page and run once it is parsed,
after bridge.js (a classic script) has set up window.tmaBridge. web-vitals
observes with `buffered: true`, so what happened before it ran is still seen.
"""

from __future__ import annotations

import reflex as rx

CLIENT_SCRIPT_URL = "/analytics/client.js"
WEB_VITALS_SCRIPT_URL = "/analytics/vendor/web-vitals.attribution.iife.js"
TAXONOMY_URL = "/analytics/taxonomy.json"


def head_scripts(api_url: str) -> list[rx.Component]:
    """`api_url` is where the backend answers (the events are POSTed there)."""
    return [
        rx.el.script(src=WEB_VITALS_SCRIPT_URL, defer=True),
        rx.el.script(
            src=CLIENT_SCRIPT_URL,
            defer=True,
            custom_attrs={"data-api": api_url.rstrip("/"), "data-taxonomy": TAXONOMY_URL},
        ),
    ]
