"""Keeps the session check from hanging when the backend is out of reach.

The check is one `sign_in` event over the websocket. If the backend is down, restarting, or
lost the event (a worker stopped while handling it, or state that came back empty after a
reconnect), nothing on the server can answer, so the page decides by itself: while the check
is pending it is re-sent every few seconds over a live connection and at once when the
connection comes back, and after a few seconds without an answer, or as soon as the
connection fails, the page says it cannot reach the server and is retrying.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.constants.compiler import Hooks, Imports
from reflex_base.event import EventChain
from reflex_base.vars import VarData

from tma_app.session.state import SessionState
from tma_app.telegram import bridge

# How long the check may take before the page says so, and how often it is re-sent meanwhile.
STALL_MS = 5000
RETRY_MS = 4000


def _sign_in() -> rx.Var:
    """The sign-in as a JavaScript function the hook can call."""
    return rx.Var.create(EventChain(events=[SessionState.sign_in(bridge.init_data())], args_spec=lambda: []))


def _stalled() -> rx.Var[bool]:
    """True once the check has waited STALL_MS, or while the websocket cannot connect.

    The hook goes with the Var: the one component that renders it (the rx.cond below, mounted
    only while the check is pending) owns the timers, so they stop when the check ends.
    """
    sign_in = _sign_in()
    hook = f"""
const tmaCheckSignIn = {sign_in._js_expr};
const [tmaCheckStalled, setTmaCheckStalled] = useState(false);
const tmaCheckDown = useRef(false);
const tmaCheckWasDown = useRef(false);
tmaCheckDown.current = connectErrors.length > 0;
useEffect(() => {{
  const stall = setTimeout(() => setTmaCheckStalled(true), {STALL_MS});
  const retry = setInterval(() => {{ if (!tmaCheckDown.current) tmaCheckSignIn(); }}, {RETRY_MS});
  return () => {{ clearTimeout(stall); clearInterval(retry); }};
}}, []);
useEffect(() => {{
  if (connectErrors.length > 0) {{ tmaCheckWasDown.current = true; return; }}
  if (tmaCheckWasDown.current) {{ tmaCheckWasDown.current = false; tmaCheckSignIn(); }}
}}, [connectErrors.length]);
"""
    var_data = VarData.merge(
        VarData(imports=Imports.CONNECT_ERRORS, hooks={Hooks.CONNECT_ERRORS: None}),
        VarData(imports={"react": ["useEffect", "useRef", "useState"]}),
        sign_in._get_all_var_data(),
        VarData(hooks={hook: None}),
    )
    return rx.Var(_js_expr="(tmaCheckStalled || connectErrors.length > 0)", _var_type=bool, _var_data=var_data)


def reconnecting_screen() -> rx.Component:
    return rx.el.main(
        rx.el.div(
            rx.el.div(class_name="mx-auto h-8 w-8 animate-spin rounded-full border-2 border-tg-hint "
                                 "border-t-transparent"),
            rx.el.h1(SessionState.strings["reconnecting_title"], class_name="mt-4 text-xl font-semibold text-tg-text"),
            rx.el.p(SessionState.strings["reconnecting_body"], class_name="mt-2 text-sm text-tg-hint"),
            rx.el.button(
                SessionState.strings["retry"],
                on_click=SessionState.sign_in(bridge.init_data()),
                class_name="mt-4 rounded-xl bg-tg-button px-5 py-2.5 text-tg-button-text",
            ),
            class_name="max-w-sm text-center",
            role="status",
        ),
        class_name="tma-safe-top flex min-h-[var(--tg-viewport-stable-height)] items-center justify-center px-6",
        data_testid="reconnecting",
    )


def watched(loading: rx.Component) -> rx.Component:
    """`loading` while the session check runs, the reconnecting screen once it stalls."""
    return rx.cond(_stalled(), reconnecting_screen(), loading)
