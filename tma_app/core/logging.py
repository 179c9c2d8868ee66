"""Logging and Sentry, both with secrets scrubbed before anything leaves the process.

With SENTRY_DSN unset nothing here starts or sends anything: every report function is a no-op.
What is reported, and from where (docs/deploy.md, "Error monitoring"):
- HTTP routes: Sentry's Starlette integration (one transaction per request, the verified
  Telegram id as the user, set by the identity middleware through `set_user`);
- Reflex events: `trace_reflex_event` at the start of each event's task (a transaction and the
  user), `report_reflex_event_error` from the app's backend exception handler;
- background work (the outbox worker): `report_exception` with its own user and tags.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.logging import ignore_logger
from sentry_sdk.scope import Scope, use_isolation_scope, use_scope
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber
from sentry_sdk.tracing import TransactionSource

from tma_app.core.settings import Settings, get_settings

# initData carries a signature and personal data; bot tokens unlock the bot.
_SECRET_PATTERNS = [
    # Bot tokens, also inside Bot API URLs (".../bot<token>/sendMessage": no word boundary before it).
    re.compile(r"(?<![0-9])\d{6,20}:[A-Za-z0-9_-]{30,}\b"),
    re.compile(r"(hash=)[0-9a-fA-F]{64}"),
    re.compile(r"(hash%3D)[0-9a-fA-F]{64}", re.IGNORECASE),  # inside an encoded URL fragment
    re.compile(r"(signature=)[A-Za-z0-9_-]{40,}"),
    re.compile(r"(sk-)[A-Za-z0-9_-]{10,}"),
]
# A whole initData string (or a Telegram launch URL's tgWebAppData), up to a space or quote:
# besides the signature it holds the user's name and username.
_INIT_DATA = re.compile(r"[^\s\"'<>]*(?:auth_date|tgWebAppData|query_id)(?:=|%3D|%253D)[^\s\"'<>]*", re.IGNORECASE)
# Mapping keys whose values never leave the process, in any spelling (`-` and `_` alike).
SECRET_KEYS = frozenset({
    "x_telegram_init_data", "init_data", "initdata", "tgwebappdata", "authorization", "cookie",
    "bot_token", "openai_api_key", "sentry_dsn", "dsn",
})


def redact(text: str, extra_secrets: tuple[str, ...] = ()) -> str:
    for secret in extra_secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    text = _INIT_DATA.sub("[redacted]", text)
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[redacted]", text)
    return text


def _configured_secrets(settings: Settings) -> tuple[str, ...]:
    values = [settings.TELEGRAM_BOT_TOKEN, settings.OPENAI_API_KEY, settings.SENTRY_DSN]
    return tuple(v.get_secret_value() for v in values if v is not None)


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            # A traceback's text carries the exception's message: formatted once, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self._secrets)
        return True


def configure_logging(settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    root = logging.getLogger("tma_app")
    if any(isinstance(f, RedactingFilter) for f in root.filters):
        return
    root.setLevel(settings.LOG_LEVEL)
    redacting = RedactingFilter(_configured_secrets(settings))
    root.addFilter(redacting)
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.propagate = False
    # A logger's filter sees only its own records; the handlers see its children's too.
    for existing in root.handlers:
        existing.addFilter(redacting)


# Errors logged here were reported to Sentry with their context already; Sentry's logging
# integration skips this logger so each error arrives once.
REPORTED_LOG = logging.getLogger("tma_app.reported")
# Only the API's requests are traced: not static files, not probes, not the websocket (it lives as
# long as the tab; its events are traced one by one instead).
_TRACED_PREFIX = "/api/"
_UNTRACED_PREFIX = "/api/health"

_enabled = False


def init_sentry(settings: Settings | None = None) -> bool:
    """Start Sentry when SENTRY_DSN is set; events are scrubbed of secrets and initData."""
    global _enabled
    settings = settings or get_settings()
    dsn = settings.sentry_dsn
    if dsn is None:
        return False
    secrets = _configured_secrets(settings)
    rate = settings.SENTRY_TRACES_SAMPLE_RATE

    def scrub_event(event: Any, _hint: Any) -> Any:
        return _scrub_value(_app_locals_only(event), secrets)

    def sample(context: Mapping[str, Any]) -> float:
        asgi = context.get("asgi_scope")
        if asgi is not None:
            path = str(asgi.get("path", ""))
            if asgi.get("type") != "http" or not path.startswith(_TRACED_PREFIX) or path.startswith(_UNTRACED_PREFIX):
                return 0.0
        parent = context.get("parent_sampled")
        # A request the page traced continues the page's trace: one decision for both.
        return float(parent) if parent is not None else rate

    ignore_logger(REPORTED_LOG.name)
    sentry_sdk.init(
        dsn=dsn,
        release=settings.release,
        environment=settings.APP_ENV,
        send_default_pii=False,
        traces_sample_rate=rate,
        traces_sampler=sample,
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *SECRET_KEYS], recursive=True),
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=lambda crumb, _hint: _scrub_value(crumb, secrets),
    )
    _enabled = True
    return True


def reporting_enabled() -> bool:
    return _enabled


def set_user(telegram_id: int | None) -> None:
    """The user of the request or event being handled: the Telegram id and nothing else."""
    if _enabled and telegram_id is not None:
        sentry_sdk.get_isolation_scope().set_user({"id": str(telegram_id)})


def report_exception(error: BaseException, *, user_id: int | None = None,
                     tags: Mapping[str, str] | None = None) -> None:
    """Report an error of work done outside any request or event (a background job)."""
    if not _enabled:
        return
    with sentry_sdk.isolation_scope() as scope:
        if user_id is not None:
            scope.set_user({"id": str(user_id)})
        for name, value in (tags or {}).items():
            scope.set_tag(name, value)
        sentry_sdk.capture_exception(error)


# Each Reflex event runs in its own asyncio task, but Reflex calls the backend exception handler
# from another task: the scopes of a failed event wait here for it, keyed by the event's txid.
_event_scopes: OrderedDict[str, tuple[Scope, Scope]] = OrderedDict()
_MAX_WAITING = 256


def trace_reflex_event(key: str, name: str, user_id: int | None) -> None:
    """Called in a Reflex event's task before its handler: a transaction spans the task, and
    whatever it reports carries the user. `key` identifies the event (its txid)."""
    task = asyncio.current_task()
    if not _enabled or task is None:
        return
    # The task runs in a copy of its creator's context: these scopes are the event's own.
    isolation = sentry_sdk.get_isolation_scope().fork()
    current = sentry_sdk.get_current_scope().fork()
    Scope.set_isolation_scope(isolation)
    Scope.set_current_scope(current)
    current.set_new_propagation_context()
    if user_id is not None:
        isolation.set_user({"id": str(user_id)})
    isolation.set_tag("reflex.event", name)
    transaction = sentry_sdk.start_transaction(op="reflex.event", name=name, source=TransactionSource.COMPONENT)
    current.span = transaction
    _event_scopes[key] = (isolation, current)
    while len(_event_scopes) > _MAX_WAITING:
        _event_scopes.popitem(last=False)

    def finished(done: asyncio.Task[Any]) -> None:
        failed = not done.cancelled() and done.exception() is not None
        transaction.set_status("internal_error" if failed else "ok")
        transaction.finish(scope=current)
        if not failed:  # a failure's scopes wait for the exception handler
            _event_scopes.pop(key, None)

    task.add_done_callback(finished)


def report_reflex_event_error(error: BaseException, key: str | None) -> None:
    """Report an exception a Reflex event handler raised, in the scopes of its event."""
    if not _enabled:
        return
    scopes = _event_scopes.pop(key, None) if key is not None else None
    if scopes is None:
        sentry_sdk.capture_exception(error)
        return
    isolation, current = scopes
    with use_isolation_scope(isolation), use_scope(current):
        sentry_sdk.capture_exception(error)


def report_frontend_error(report: str, component_stack: str | None = None) -> None:
    """A page error Reflex forwarded to the backend (its error boundary, a failed state update)."""
    if not _enabled:
        return
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("origin", "reflex.frontend")
        if component_stack:
            scope.set_context("react", {"componentStack": component_stack})
        sentry_sdk.capture_exception(FrontendError(report))


def name_trace(route: str) -> None:
    """Names the current request's trace for its route template (`/api/media/{group}/{name}`)."""
    if _enabled:
        sentry_sdk.get_current_scope().set_transaction_name(route, source=TransactionSource.ROUTE)


class FrontendError(Exception):
    """An error raised in the page, as Reflex's frontend reported it (message and JS stack)."""


def browser_config(settings: Settings, api_url: str) -> dict[str, str] | None:
    """What the page's Sentry loader is configured with, or None: no DSN, no loader at all."""
    dsn = settings.sentry_dsn
    if dsn is None:
        return None
    return {
        "data-dsn": dsn,
        "data-release": settings.release or "",
        "data-environment": settings.APP_ENV,
        "data-traces-sample-rate": str(settings.SENTRY_TRACES_SAMPLE_RATE),
        "data-replays-on-error-sample-rate": str(settings.SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE),
        # Requests to the backend carry the page's trace, so both ends of a request are linked.
        "data-api": api_url.rstrip("/"),
    }


def _app_locals_only(event: Any) -> Any:
    """Local variables are kept for the app's own frames only: a library's (Reflex's state trees and
    deltas, Starlette's scopes) are whole user records, of no use for finding the app's bug."""
    for kind in ("exception", "threads"):
        for value in (event.get(kind) or {}).get("values") or []:
            for frame in (value.get("stacktrace") or {}).get("frames") or []:
                if not frame.get("in_app"):
                    frame.pop("vars", None)
    return event


def _scrub_value(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {
            k: "[redacted]" if _is_secret_key(k) else _scrub_value(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub_value(v, secrets) for v in value]
    return value


def _is_secret_key(key: object) -> bool:
    return str(key).lower().replace("-", "_") in SECRET_KEYS
