"""HTTP security: identity, CSRF, rate limits, admin gate and headers, composed once.

Route handlers never parse initData themselves: `IdentityMiddleware` verifies
the `X-Telegram-Init-Data` header and leaves the result on `request.state`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tma_app.core.logging import name_trace, reporting_enabled, set_user
from tma_app.core.settings import Settings, get_settings
from tma_app.security import audit
from tma_app.security.admin import is_admin
from tma_app.security.identity import INIT_DATA_HEADER, verify
from tma_app.security.rate_limit import Tier, get_rate_limiter, subject_for
from tma_app.telegram.init_data import InitDataError, VerifiedInitData

# The webhook is Telegram's, not a user's: it proves itself with its secret token instead of initData.
PUBLIC_PATHS = ("/api/health", "/api/telegram/webhook")
IDENTITY_REQUIRED_PREFIXES = (
    "/api/user/", "/api/referral/", "/api/gamification/", "/api/auth/", "/api/admin/", "/api/experiments/",
)
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Telegram's web clients frame the app; its mobile and desktop clients use webviews, not frames.
TELEGRAM_FRAME_ANCESTORS = "https://web.telegram.org"

Endpoint = Callable[[Request], Awaitable[Response]]


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def client_ip(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


def identity_of(request: Request) -> VerifiedInitData | None:
    """The verified launch data of this request, or None when anonymous."""
    return getattr(request.state, "identity", None)


def user_id_of(request: Request) -> int | None:
    identity = identity_of(request)
    return identity.user.id if identity is not None and identity.user is not None else None


class IdentityMiddleware:
    """Verifies the init-data header on /api/ requests.

    - public paths ignore it;
    - a header that is present but untrusted is always a 401;
    - identity-required prefixes and every state-changing method need it (so a
      cookie alone can never change anything: no CSRF);
    - other /api/ routes accept it optionally.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or scope["path"] in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw = headers.get(INIT_DATA_HEADER.lower().encode())
        identity = None
        if raw is not None:
            try:
                identity = verify(raw.decode("latin-1"))
            except InitDataError as error:
                await self._unauthorized(scope, receive, send, f"{error.code}: {error}")
                return
        elif self._needs_identity(scope):
            await self._unauthorized(scope, receive, send, f"missing {INIT_DATA_HEADER} header")
            return
        scope.setdefault("state", {})["identity"] = identity
        if identity is not None and identity.user is not None:
            set_user(identity.user.id)  # error reports of this request name the user by id only
        await self.app(scope, receive, send)

    @staticmethod
    def _needs_identity(scope: Scope) -> bool:
        path = scope["path"]
        return scope["method"] not in _SAFE_METHODS or path.startswith(IDENTITY_REQUIRED_PREFIXES)

    @staticmethod
    async def _unauthorized(scope: Scope, receive: Receive, send: Send, message: str) -> None:
        response = error_response(401, "UNAUTHORIZED", message)
        await response(scope, receive, send)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: Settings, api_url: str | None = None) -> str:
    connect = ["'self'"]
    for url in (str(settings.PUBLIC_URL) if settings.PUBLIC_URL else None, api_url):
        if url:
            origin = _origin(url)
            socket = origin.replace("https://", "wss://").replace("http://", "ws://")
            connect += [origin, socket]
    if settings.sentry_ingest_origin:  # the page reports its errors there (only with a DSN)
        connect.append(settings.sentry_ingest_origin)
    return "; ".join(
        [
            "default-src 'self'",
            # Reflex's prerendered pages carry inline hydration scripts.
            "script-src 'self' 'unsafe-inline' " + _origin(str(settings.TELEGRAM_WEB_APP_SCRIPT_URL)),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob: https:",
            "font-src 'self' data:",
            "connect-src " + " ".join(dict.fromkeys(connect)),
            "frame-ancestors " + TELEGRAM_FRAME_ANCESTORS,
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


# What is not a page (JSON, scripts, styles) may load nothing and be framed by Telegram only;
# a short policy keeps the bytes off every asset response.
SUBRESOURCE_CSP = "default-src 'none'; frame-ancestors " + TELEGRAM_FRAME_ANCESTORS


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response, pages and API alike."""

    def __init__(self, app: ASGIApp, csp: str | None = None) -> None:
        self.app = app
        self.page_csp = csp or content_security_policy(get_settings())
        self.headers = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
                is_page = headers.get("content-type", "").startswith("text/html")
                # A 304 gets none: browsers merge its headers into the stored response, and the
                # subresource policy (a 304 has no content type) would replace a cached page's own
                # and block all its scripts on a repeat launch from the HTTP cache.
                if "content-security-policy" not in headers and message.get("status") != 304:
                    headers["Content-Security-Policy"] = self.page_csp if is_page else SUBRESOURCE_CSP
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TracesNamedByRoute:
    """Names each API request's trace for its route (`/api/media/{group}/{name}`).

    The API is mounted inside Reflex's app, where Sentry's Starlette integration sees only the
    mount (an empty name); named once the request is done, so nothing inside overrides it.
    """

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http" and reporting_enabled():
                route = next((r for r in self.routes if r.matches(scope)[0] == Match.FULL), None)
                if isinstance(route, Route):
                    name_trace(route.path)


def _vary_without_origin(lines: list[str]) -> str:
    """Vary's values once each (case-insensitively, first spelling kept), without Origin."""
    values: dict[str, str] = {}
    for value in (v.strip() for line in lines for v in line.split(",")):
        if value and value.lower() != "origin":
            values.setdefault(value.lower(), value)
    return ", ".join(values.values())


class OriginVaryLeftToCors:
    """Drops `Origin` from Vary on the way out, for the CORS layer around it to add once.

    Reflex wraps the whole backend in CORS, and its own API in a second CORS layer; each
    appends `Origin` to Vary. Mounted just inside the outer layer, this removes what the inner
    one added, so every answer lists `Origin` once (and Vary's other values once each).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_without_origin(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "vary" in headers:
                    vary = _vary_without_origin(headers.getlist("vary"))
                    del headers["vary"]
                    if vary:
                        headers["Vary"] = vary
            await send(message)

        await self.app(scope, receive, send_without_origin)


def rate_limited_route(tier: Tier | str) -> Callable[[Endpoint], Endpoint]:
    """Limit a route per Telegram user (per IP when anonymous); headers on every answer."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def limited(request: Request) -> Response:
            user_id = user_id_of(request)
            decision = await get_rate_limiter().hit(tier, subject_for(user_id, client_ip(request.scope)))
            if decision.newly_flagged:
                audit.record(
                    "security.flagged",
                    "user" if user_id is not None else "ip",
                    telegram_id=user_id,
                    metadata={"reason": "rapid requests", "path": request.url.path},
                    ip_address=client_ip(request.scope),
                    user_agent=request.headers.get("user-agent"),
                )
            if not decision.allowed:
                body = {
                    "code": "RATE_LIMITED",
                    "message": f"Too many requests ({decision.tier} tier); retry in {decision.retry_after_s} s",
                    "retryAfter": decision.retry_after_s,
                }
                return JSONResponse(body, status_code=429, headers=decision.headers())
            response = await endpoint(request)
            response.headers.update(decision.headers())
            return response

        return limited

    return decorate


def admin_only(endpoint: Endpoint) -> Endpoint:
    """403 for everyone not in ADMIN_TELEGRAM_IDS; every refusal is audited."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        user_id = user_id_of(request)
        if not is_admin(user_id):
            audit.record(
                "admin.denied",
                "admin",
                telegram_id=user_id,
                resource_id=request.url.path,
                metadata={"method": request.method},
                ip_address=client_ip(request.scope),
                user_agent=request.headers.get("user-agent"),
            )
            return error_response(403, "FORBIDDEN", "admins only")
        return await endpoint(request)

    return guarded
