"""The last screens, kept for a launch that cannot reach the server (read-only).

Reflex's state reaches the page only over the websocket, so a launch without network would
show empty screens even with every script cached. The page keeps what its screens showed
(frontend/workbox/src/snapshot.js, minified into assets/offline/: IndexedDB, one verified user
per device) and, when the socket cannot connect, puts it back into Reflex's state store until
the server answers. This module says what may be kept, and mounts the React half that hands the
store over.
"""

from __future__ import annotations

import re

import reflex as rx
from reflex_base.components.memo import memo
from reflex_base.constants.compiler import Hooks, Imports
from reflex_base.vars import VarData

SCRIPT_URL = "/offline/snapshot.js"
# A launch that has not connected after this long, and has failed at least once, shows the snapshot.
WAIT_MS = 1500
# Bounded: the largest screens are dropped until the JSON fits.
MAX_CHARS = 200_000
# Older than this, a snapshot is not shown.
MAX_AGE_MS = 30 * 24 * 3600 * 1000

# States never kept (matched against a state's own name, e.g. `tma_app___admin___audit_state____audit_log_state`):
# Reflex's internals, the admin screens (other users' data), payments in flight.
SKIP_STATES = r"^reflex___|___admin___|____payment_state$"
# Fields never kept: idempotency keys, what the user is typing (addresses, phones, names, search,
# drafts), in-flight flags that would show a spinner forever, notices, and server clocks.
SKIP_FIELDS = (
    r"(^|_)key$|^acked$|^(address|phone|phone_hint|name|query|draft_line|draft_html|weight_text)$"
    r"|^(placing|finishing|starting|saving|buying|working|streaming|claiming|busy|loading_more)$"
    r"|^(notice|message|last_error|field_error|errors|price_errors|reconcile_error|server_now_ms)$"
)


def kept(state_name: str, field: str) -> bool:
    """Whether a field of a state (its Python names) goes into the snapshot."""
    return re.search(SKIP_STATES, state_name) is None and re.search(SKIP_FIELDS, field) is None


def head_scripts() -> list[rx.Component]:
    # The rules above are copied into the script (a unit test keeps them equal): attributes here
    # would be sent twice on every page, in the HTML and in the root chunk that renders <head>.
    return [rx.el.script(src=SCRIPT_URL, defer=True)]


_HOOK = """
const tmaStateStore = useContext(StateStoreContext);
const tmaDispatchers = useContext(DispatchContext);
useEffect(() => {
  let tries = 0;
  const attach = () => {
    if (window.tmaSnapshot) window.tmaSnapshot.attach(tmaStateStore, tmaDispatchers, initialState, getConnectErrors);
    else if (tries++ < 50) setTimeout(attach, 100);
  };
  attach();
}, [tmaStateStore, tmaDispatchers]);
useEffect(() => { if (window.tmaSnapshot) window.tmaSnapshot.connection(); }, [connectErrors.length]);
"""


def _keeper_var() -> rx.Var[None]:
    var_data = VarData.merge(
        VarData(imports=Imports.CONNECT_ERRORS, hooks={Hooks.CONNECT_ERRORS: None}),
        VarData(imports={
            "react": ["useContext", "useEffect"],
            "$/utils/context": ["StateStoreContext", "DispatchContext", "initialState", "getConnectErrors"],
        }),
        VarData(hooks={_HOOK: None}),
    )
    return rx.Var(_js_expr="null", _var_data=var_data)


def _keeper() -> rx.Component:
    keeper: rx.Component = rx.Fragment.create(_keeper_var())
    return keeper


def app_wrap(stateful: bool) -> rx.Component | None:
    """For `rx.App.extra_app_wraps`: mounted once around every page (only in an app with state)."""
    if not stateful:
        return None
    wrap: rx.Component = rx.Fragment.create(memo(_keeper)())
    return wrap
