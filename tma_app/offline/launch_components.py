"""What a launch needs in the page from the offline layer: the service worker's registration and
the React half of the last screens (the plain rules are in service_worker.py and snapshot.py)."""

from __future__ import annotations

import reflex as rx
from reflex_base.components.memo import memo
from reflex_base.constants.compiler import Hooks, Imports
from reflex_base.vars import VarData

from tma_app.core.settings import Settings
from tma_app.offline import service_worker, snapshot


def head_scripts(settings: Settings) -> list[rx.Component]:
    """The worker's registration (after load, when idle), or in dev and with the kill switch its
    removal; then the last screens' script. Both deferred. The snapshot's rules are copied into its
    script: attributes here would be sent twice on every page (the HTML and the root chunk)."""
    mode = "on" if settings.service_worker_enabled else "off"
    return [
        rx.el.script(src=service_worker.REGISTER_SCRIPT_URL, defer=True, custom_attrs={"data-sw": mode}),
        rx.el.script(src=snapshot.SCRIPT_URL, defer=True),
    ]


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


def snapshot_app_wrap(stateful: bool) -> rx.Component | None:
    """For `rx.App.extra_app_wraps`: hands Reflex's state store (and its connection errors) to the
    snapshot script, once around every page (only in an app with state)."""
    if not stateful:
        return None
    wrap: rx.Component = rx.Fragment.create(memo(_keeper)())
    return wrap
