"""Errors to report, for tests/e2e/test_error_monitoring.py: copied into the copy of the app that
test builds (as tma_app/sentry_probe.py, registered by `install`), never into the app itself.

- POST /api/probe/fail: an API route that logs (a breadcrumb) and raises an error carrying the
  request's initData, the bot token and the OpenAI key, in its message and its local variables;
  the test sends them in the header, the query string and the body too.
- /probe: a page (inside the app shell, so the tab signs in) whose buttons run a Reflex event
  handler and a background task that raise the same way, and make the page's render throw
  (Reflex's error boundary).
"""

from __future__ import annotations

import logging

import reflex as rx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tma_app.core.settings import get_settings
from tma_app.session.state import SessionState
from tma_app.telegram import bridge
from tma_app.ui.layout import app_shell

log = logging.getLogger("tma_app.sentry_probe")


def _keys() -> tuple[str, str]:
    settings = get_settings()
    assert settings.OPENAI_API_KEY is not None
    return settings.bot_token, settings.OPENAI_API_KEY.get_secret_value()


async def fail(request: Request) -> Response:
    body = await request.json()
    init_data = request.headers.get("X-Telegram-Init-Data", "")
    bot_token, openai_api_key = _keys()
    log.info("probe route about to fail: %s %s %s %s", init_data, bot_token, openai_api_key, body)
    raise RuntimeError(f"probe HTTP failure: initData={init_data} token={bot_token} key={openai_api_key}")


class ProbeState(SessionState):
    broken: bool = False

    @rx.event
    def explode(self, init_data: str):
        bot_token, openai_api_key = _keys()
        log.info("probe event about to fail: %s %s %s", init_data, bot_token, openai_api_key)
        raise RuntimeError(f"probe event failure: initData={init_data} token={bot_token} key={openai_api_key}")

    @rx.event(background=True)
    async def explode_later(self, init_data: str):
        bot_token, openai_api_key = _keys()
        raise RuntimeError(f"probe background failure: initData={init_data} token={bot_token} key={openai_api_key}")

    @rx.event
    def break_render(self):
        self.broken = True


# Throws while React renders it: what Reflex's error boundary catches and reports to the backend.
_THROW_IN_RENDER: rx.Var[str] = rx.Var(
    _js_expr="(() => { throw new Error('probe render failure ' + "
    "(window.tmaBridge ? window.tmaBridge.initData() : '')); })()",
    _var_type=str,
)


def probe_page() -> rx.Component:
    return app_shell(
        rx.el.button("Explode", on_click=ProbeState.explode(bridge.init_data()),  # type: ignore[operator]
                     data_testid="probe-explode"),
        rx.el.button("Later", on_click=ProbeState.explode_later(bridge.init_data()),  # type: ignore[operator]
                     data_testid="probe-later"),
        rx.el.button("Break", on_click=ProbeState.break_render, data_testid="probe-break"),
        # A ternary of Vars, evaluated only when `broken` turns true (a component cond builds both sides).
        rx.el.span(rx.cond(ProbeState.broken, _THROW_IN_RENDER, "")),
        active_route="/probe",
    )


def install(assembly) -> None:
    """Adds the route and the page to the assembled app (tma_app.tma_app, already imported)."""
    routes_of = assembly.http_routes
    assembly.http_routes = lambda settings: [*routes_of(settings), Route("/api/probe/fail", fail, methods=["POST"])]
    assembly.app.add_page(probe_page, route="/probe", title="Probe")
