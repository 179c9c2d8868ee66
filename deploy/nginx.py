"""The reverse proxy's site configuration, rendered from the app's own settings.

    python -m deploy.nginx --listen 80 --root /srv/tma --backend backend-1:8000 --backend backend-2:8000

prints an nginx `http`-level include (maps, the upstream, the server): the static export of
the frontend from `--root`, the Reflex websocket (`/_event`, upgraded) and the HTTP API
proxied to every `--backend`. Run it with the production environment (APP_ENV=prod,
PUBLIC_URL, ...): the Content-Security-Policy the static pages carry is the one the backend
sends with its own responses (tma_app.security.http), so the two cannot drift apart.
`make deploy-check` runs exactly this output; deploy/Dockerfile bakes it into the proxy image.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from tma_app.core.settings import get_settings
from tma_app.offline.service_worker import WORKER_CSP
from tma_app.security.http import SUBRESOURCE_CSP, content_security_policy

# Paths the backends answer: the app's HTTP API and Reflex's own endpoints.
BACKEND_PATHS = ("api", "_upload", "ping", "_health", "_all_routes")

_SECURITY_HEADERS = """\
        add_header Content-Security-Policy $tma_csp always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;"""

_PROXY_HEADERS = """\
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 2s;"""


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_config(*, listen: str, root: str, backends: list[str], public_url: str, page_csp: str) -> str:
    server_name = urlsplit(public_url).hostname or "_"
    upstream = "\n".join(f"    server {backend} max_fails=1 fail_timeout=10s;" for backend in backends)
    return f"""\
# Rendered by `python -m deploy.nginx` for {public_url}; render again rather than edit.

# Pages get the app's policy; everything else (scripts, styles, JSON) may load nothing. A 304 (no
# content type) gets none: browsers merge its headers into the cached response, and a subresource
# policy there would replace a cached page's own and block its scripts on the next launch.
map $sent_http_content_type $tma_csp {{
    ~^text/html {_quoted(page_csp)};
    "" "";
    default {_quoted(SUBRESOURCE_CSP)};
}}

map $http_upgrade $tma_connection {{
    default upgrade;
    "" close;
}}

# Any backend can serve any session: state lives in Redis, data in PostgreSQL. A backend that
# refuses connections (stopped, crashed, restarting) is skipped for 10 s.
upstream tma_backend {{
{upstream}
}}

server {{
    listen {listen};
    server_name {server_name};
    root {root};

    # `reflex export` writes a .gz next to every file.
    gzip_static on;
    gzip on;
    gzip_types application/json text/css application/javascript image/svg+xml;
    client_max_body_size 1m;

    # The Reflex event websocket, upgraded; a session survives losing its backend by
    # reconnecting here, which picks a live one.
    location /_event {{
        proxy_pass http://tma_backend;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $tma_connection;
{_PROXY_HEADERS}
        proxy_read_timeout 1h;
        proxy_send_timeout 1h;
    }}

    location ~ ^/({"|".join(BACKEND_PATHS)})(/|$) {{
        proxy_pass http://tma_backend;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
{_PROXY_HEADERS}
        # Only requests that never reached a backend are tried on the other one.
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
    }}

    # Content-hashed bundles never change.
    location /assets/ {{
        add_header Cache-Control "public, max-age=31536000, immutable" always;
{_SECURITY_HEADERS}
        try_files $uri =404;
    }}

    # The service worker: checked for a new build on every launch, and allowed to fetch its origin.
    location = /sw.js {{
        add_header Cache-Control "no-cache" always;
        add_header Content-Security-Policy {_quoted(WORKER_CSP)} always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;
        try_files $uri =404;
    }}

    # Every route was prerendered to a page; dynamic ones fall back to the client router.
    location / {{
        add_header Cache-Control "no-cache" always;
{_SECURITY_HEADERS}
        try_files $uri $uri.html $uri/index.html /__spa-fallback.html;
    }}
}}
"""


def render(listen: str, root: str, backends: list[str]) -> str:
    settings = get_settings()
    if settings.PUBLIC_URL is None or settings.APP_ENV != "prod":
        raise SystemExit("render the proxy configuration with the production environment (APP_ENV=prod, PUBLIC_URL)")
    public_url = str(settings.PUBLIC_URL).rstrip("/")
    # The page calls only its own origin (rxconfig sets api_url to PUBLIC_URL in prod).
    page_csp = content_security_policy(settings, public_url)
    return site_config(listen=listen, root=root, backends=backends, public_url=public_url, page_csp=page_csp)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", required=True, help="address:port or port nginx listens on")
    parser.add_argument("--root", required=True, help="the exported frontend (.web/build/client)")
    parser.add_argument("--backend", action="append", required=True, help="host:port of a backend (repeat)")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.listen, args.root, args.backend))


if __name__ == "__main__":
    main()
