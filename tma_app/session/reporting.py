"""Error reporting on the Reflex side: events traced as the verified user, and the exceptions
Reflex catches itself (a handler that raised, an error in the page) sent on to Sentry.

Plain no-ops while SENTRY_DSN is unset (core/logging.py owns Sentry); the page's own SDK is
loaded by assets/monitoring/loader.js, which `head_scripts` adds only when a DSN is set.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventSpec
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_components_sonner.toast import toast  # type: ignore[import-untyped]

from tma_app.core.logging import (
    REPORTED_LOG,
    browser_config,
    report_frontend_error,
    report_reflex_event_error,
    reporting_enabled,
    trace_reflex_event,
)
from tma_app.core.settings import Settings
from tma_app.session.state import SessionState

LOADER_SCRIPT_URL = "/monitoring/loader.js"
SDK_URL = "/monitoring/vendor/sentry.js"
REPLAY_URL = "/monitoring/vendor/replay.js"
REPLAY_WORKER_URL = "/monitoring/vendor/replay-worker.js"


class EventTracing(Middleware):
    """Runs in each event's task before its handler: a transaction for the event, and the
    verified Telegram id (when this tab has one) as the user of anything it reports."""

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        key = _event_key()
        if reporting_enabled() and key is not None:
            session = state.substates.get(SessionState.get_name())
            user_id = session._user_id if isinstance(session, SessionState) else None
            trace_reflex_event(key, event.name, user_id)
        return None


def report_backend_exception(exception: Exception) -> EventSpec:
    """rx.App's backend_exception_handler: report, log, and tell the user (Reflex's own words)."""
    REPORTED_LOG.error("Reflex event handler failed: %s", type(exception).__name__, exc_info=exception)
    report_reflex_event_error(exception, _event_key())
    notice: EventSpec = toast(
        "An error occurred.",
        level="error",
        fallback_to_alert=True,
        description="Contact the website administrator.",
        position="top-center",
        id="backend_error",
    )
    return notice


def report_frontend_exception(exception: Exception) -> None:
    """rx.App's frontend_exception_handler: what the page's error boundary caught, reported."""
    REPORTED_LOG.error("Reflex frontend error: %s", exception)
    report_frontend_error(str(exception))


def head_scripts(settings: Settings, api_url: str) -> list[rx.Component]:
    """The deferred Sentry loader, or nothing at all without a DSN."""
    config = browser_config(settings, api_url)
    if config is None:
        return []
    return [
        rx.el.script(
            src=LOADER_SCRIPT_URL,
            defer=True,
            custom_attrs={
                **config,
                "data-sdk": SDK_URL,
                "data-replay": REPLAY_URL,
                "data-replay-worker": REPLAY_WORKER_URL,
            },
        )
    ]


def _event_key() -> str | None:
    try:
        return EventContext.get().txid
    except LookupError:
        return None
