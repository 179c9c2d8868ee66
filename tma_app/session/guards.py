"""One-line guards for Reflex event handlers: a verified user, a rate limit, an admin.

    @rx.event
    @requires_user
    async def claim(self, task_id: str): ...

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @requires_admin  # innermost: a refused attempt has been counted by the limit first
    async def load(self): ...

A guarded handler that is refused does nothing and tells the user why through
the session's notice (an admin screen instead sends a non-admin home, audited).
Plain, async and async-generator handlers are supported.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import reflex as rx

from tma_app.core.i18n import text
from tma_app.security import audit
from tma_app.security.admin import is_admin
from tma_app.security.rate_limit import Tier, get_rate_limiter, subject_for


async def _session_of(state: rx.State):
    # Imported here: SessionState itself uses these guards.
    from tma_app.session.state import SessionState

    return state if isinstance(state, SessionState) else await state.get_state(SessionState)


async def _call(handler: Callable, state: rx.State, args: tuple, kwargs: dict) -> Any:
    result = handler(state, *args, **kwargs)
    return await result if inspect.isawaitable(result) else result


def _guard(handler: Callable, refuse: Callable, answer: Callable[[], Any] | None = None) -> Callable:
    """Wrap `handler` so that `await refuse(self)` returning True stops it, keeping its kind.

    A refused handler returns (or yields) `answer()` when given, such as a redirect.
    """
    if inspect.isasyncgenfunction(handler):

        @functools.wraps(handler)
        async def guarded_stream(self, *args, **kwargs):
            if await refuse(self):
                if answer is not None:
                    yield answer()
                return
            async for update in handler(self, *args, **kwargs):
                yield update

        return guarded_stream

    @functools.wraps(handler)
    async def guarded(self, *args, **kwargs):
        if await refuse(self):
            return answer() if answer is not None else None
        return await _call(handler, self, args, kwargs)

    return guarded


def requires_user(handler: Callable) -> Callable:
    async def refuse(self) -> bool:
        session = await _session_of(self)
        if session._user_id is None:
            session.notice = text("notice_sign_in_required", session.lang)
            return True
        return False

    return _guard(handler, refuse)


def requires_admin(handler: Callable) -> Callable:
    """Admin screens only (ADMIN_TELEGRAM_IDS): anyone else is audited and sent home."""

    async def refuse(self) -> bool:
        session = await _session_of(self)
        if is_admin(session._user_id):
            return False
        audit.record(
            "admin.denied",
            "admin",
            telegram_id=session._user_id,
            resource_id=self.router.url.path,
            ip_address=self.router.session.client_ip or None,
            user_agent=self.router.headers.user_agent or None,
        )
        return True

    return _guard(handler, refuse, answer=lambda: rx.redirect("/"))


def rate_limited_event(tier: Tier | str) -> Callable[[Callable], Callable]:
    def decorate(handler: Callable) -> Callable:
        async def refuse(self) -> bool:
            session = await _session_of(self)
            ip = self.router.session.client_ip or None
            decision = await get_rate_limiter().hit(tier, subject_for(session._user_id, ip))
            if decision.newly_flagged:
                audit.record(
                    "security.flagged",
                    "user" if session._user_id is not None else "ip",
                    telegram_id=session._user_id,
                    metadata={"reason": "rapid events", "handler": handler.__name__},
                    ip_address=ip,
                )
            if not decision.allowed:
                session.notice = text("notice_rate_limited", session.lang, seconds=str(decision.retry_after_s))
                return True
            return False

        return _guard(handler, refuse)

    return decorate
