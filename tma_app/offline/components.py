"""The action queue's link to the page, and the connection banner; drawn once by the shell.

One always-mounted element (`queue_link`) carries the hooks that give window.tmaQueue
(assets/offline/queue.js) what only Reflex knows: how to send an event, who the verified
user is (an opaque tag, never the Telegram id) and which queued actions the server handled.
The queue hears the socket itself (Reflex's connect/disconnect instrumentation hooks). The
banner reads the queue's status; it is fixed above the bottom bar, so it never shifts the layout.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventChain
from reflex_base.vars import VarData
from reflex_base.vars.function import ArgsFunctionOperationBuilder, FunctionVar

from tma_app.offline import messages  # noqa: F401  (registers the banner's strings)
from tma_app.offline.state import ActionQueueState
from tma_app.session.state import SessionState

QUEUE_SCRIPT_URL = "/offline/queue.js"
_IDLE = "{up: true, pending: 0, orders: 0, storage: 'indexeddb', droppedOther: 0, droppedOld: 0, targets: []}"


_DISMISS = ArgsFunctionOperationBuilder.create(
    args_names=(), return_expr=rx.Var("(window.tmaQueue && window.tmaQueue.dismiss())"),
).to(FunctionVar, EventChain)


def head_scripts() -> list[rx.Component]:
    # Not deferred: Reflex's bundle is an async module that may run before any deferred script, and
    # the queue must wrap WebSocket and hear `offline` before socket.io does (queue.js: connect attempts).
    # 2 KB, cached by the service worker and by HTTP.
    return [rx.el.script(src=QUEUE_SCRIPT_URL)]


def _link() -> rx.Var:
    """The hooks that hand the queue what only Reflex knows; used by exactly one element."""
    owner_var, handled_var, hydrated_var = SessionState.owner, ActionQueueState.handled, rx.State.is_hydrated
    owner, handled, hydrated = owner_var._js_expr, handled_var._js_expr, hydrated_var._js_expr
    # The queue's script normally runs first; what the page knows is also left in window.__tmaQueueLink,
    # where the queue picks it up if it starts later.
    hook = f"""
useEffect(() => {{
  const link = (window.__tmaQueueLink = window.__tmaQueueLink || {{}});
  link.send = (name, payload) => addEvents([ReflexEvent(name, payload)]);
  if (window.tmaQueue) window.tmaQueue.attach(link.send);
}}, []);
useEffect(() => {{
  (window.__tmaQueueLink = window.__tmaQueueLink || {{}}).owner = {owner};
  if (window.tmaQueue) window.tmaQueue.identify({owner});
}}, [{owner}]);
useEffect(() => {{
  (window.__tmaQueueLink = window.__tmaQueueLink || {{}}).handled = {handled};
  if (window.tmaQueue) window.tmaQueue.handled({handled});
}}, [{handled}]);
useEffect(() => {{
  if (!{hydrated}) return;
  (window.__tmaQueueLink = window.__tmaQueueLink || {{}}).hydrated = true;
}}, [{hydrated}]);
"""
    return rx.Var(
        _js_expr="undefined",
        _var_data=VarData.merge(
            owner_var._get_all_var_data(), handled_var._get_all_var_data(), hydrated_var._get_all_var_data(),
            VarData(imports={"react": ["useEffect"], "$/utils/context": ["addEvents"],
                             "$/utils/state": ["ReflexEvent"]}),
            VarData(hooks={hook: None}),
        ),
    )


def queue_link() -> rx.Component:
    """Drawn once on every page, verified or not (the queue pauses until it knows the user)."""
    return rx.el.span(hidden=True, data_queue=_link(), data_testid="queue-link")


def _status() -> rx.Var:
    """The queue's status as React state; any number of elements may read it (subscribing is idempotent)."""
    hook = f"""
const [tmaQueueStatus, setTmaQueueStatus] = useState(() => (window.tmaQueue ? window.tmaQueue.status() : {_IDLE}));
useEffect(() => (window.tmaQueue ? window.tmaQueue.subscribe(setTmaQueueStatus) : undefined), []);
"""
    return rx.Var(
        _js_expr="tmaQueueStatus",
        _var_type=dict,
        _var_data=VarData(imports={"react": ["useEffect", "useState"]}, hooks={hook: None}),
    )


def is_queued(target: rx.Var[str] | str) -> rx.Var[bool]:
    """True while an action on `target` waits in the queue (offline, or not yet answered)."""
    status, target_var = _status(), rx.Var.create(target)
    return rx.Var(
        _js_expr=f"((({status._js_expr}) || {{}}).targets || []).includes({target_var._js_expr})",
        _var_type=bool,
        _var_data=VarData.merge(status._get_all_var_data(), target_var._get_all_var_data()),
    )


# Marks a queued line; the delay keeps an online round trip from flickering it.
QUEUED_LOOK = " opacity-60 transition-opacity delay-300"


def connection_banner() -> rx.Component:
    """'No connection · waiting to be sent: 3', 'Sending your changes…', or why queued changes were discarded."""
    status = _status().to(dict)
    up, pending = status["up"].to(bool), status["pending"].to(int)
    dropped = (status["droppedOther"].to(int) > 0) | (status["droppedOld"].to(int) > 0)
    strings = SessionState.strings
    waiting = strings["offline_waiting"].to(str).replace("{count}", pending.to_string())
    line = rx.cond(
        ~up,
        rx.fragment(
            rx.el.span(strings["offline_down"], class_name="font-medium"),
            rx.cond(pending > 0, rx.el.span(" · ", waiting)),
        ),
        strings["offline_sending"],
    )
    return rx.el.div(
        rx.el.div(
            rx.el.span(class_name=rx.cond(up, "h-2 w-2 animate-pulse rounded-full bg-tg-button",
                                          "h-2 w-2 rounded-full bg-tg-destructive")),
            rx.el.span(line),
            class_name="flex items-center gap-2",
        ),
        rx.cond(status["orders"].to(int) > 0, rx.el.p(strings["offline_order_waiting"], data_testid="order-waiting")),
        rx.cond((status["storage"].to(str) == "memory") & (pending > 0), rx.el.p(strings["offline_memory_only"])),
        rx.cond(status["droppedOther"].to(int) > 0, rx.el.p(strings["offline_dropped_other"])),
        rx.cond(status["droppedOld"].to(int) > 0, rx.el.p(strings["offline_dropped_old"])),
        rx.cond(dropped, rx.el.button(
            strings["dismiss"], on_click=_DISMISS,
            class_name="mt-1 text-tg-link",
        )),
        role="status",
        data_testid="connection-banner",
        data_state=rx.cond(~up, "offline", rx.cond(pending > 0, "sending", "online")),
        data_pending=pending.to_string(),
        class_name=rx.cond(
            ~up | (pending > 0) | dropped,
            # Above the bottom bar: the notice line owns the top of the screen.
            "fixed left-1/2 -translate-x-1/2 z-40 bottom-[calc(4.75rem+var(--tg-safe-area-inset-bottom))] "
            "w-max max-w-[90vw] rounded-2xl bg-tg-secondary-bg px-3 py-1.5 text-xs text-tg-text shadow",
            "hidden",
        ),
    )
