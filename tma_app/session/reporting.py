"""Error reporting on the Reflex side: events traced as the verified user, and the exceptions
Reflex catches itself (a handler that raised, an error in the page) sent on to Sentry.

Plain no-ops while SENTRY_DSN is unset (core/logging.py owns Sentry); the page's own SDK is
loaded by assets/monitoring/loader.js, which `head_scripts` adds only when a DSN is set.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import reflex as rx
from reflex.event import EventSpec
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event
from reflex_base.event.context import EventContext

from tma_app.core.i18n import text
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


# The component stack of the page error an event reports ("" when Reflex's window.onerror or
# onunhandledrejection sent it), set in that event's own task.
_component_stack: ContextVar[str | None] = ContextVar("component_stack", default=None)


class EventTracing(Middleware):
    """Runs in each event's task before its handler: a transaction for the event, and the
    verified Telegram id (when this tab has one) as the user of anything it reports."""

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        key = _event_key()
        if reporting_enabled() and key is not None:
            session = state.substates.get(SessionState.get_name())
            user_id = session._user_id if isinstance(session, SessionState) else None
            trace_reflex_event(key, event.name, user_id)
            if event.name.endswith(".handle_frontend_exception"):
                _component_stack.set(str(event.payload.get("component_stack") or ""))
        return None


class FailureNotice(SessionState):
    @rx.event
    def show(self) -> None:
        self.notice = text("notice_failed", self.lang)


def report_backend_exception(exception: Exception) -> EventSpec:
    """rx.App's backend_exception_handler: report, log, and tell the user in the session's notice
    (Reflex's default toast runs a script, which this app's CSP refuses)."""
    REPORTED_LOG.error("Reflex event handler failed: %s", type(exception).__name__, exc_info=exception)
    report_reflex_event_error(exception, _event_key())
    notice: EventSpec = FailureNotice.show()  # type: ignore[operator]  # an event handler, called on the class
    return notice


def report_frontend_exception(exception: Exception) -> None:
    """rx.App's frontend_exception_handler: what the page's error boundary caught, reported.

    Reflex also forwards every uncaught page error and rejection (no component stack); the page's
    own SDK reports those with their route, tags and replay, so they are logged here, not re-sent.
    """
    REPORTED_LOG.error("Reflex frontend error: %s", exception)
    component_stack = _component_stack.get()
    if component_stack == "":
        return
    report_frontend_error(str(exception), component_stack)


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
