"""A tap that survives a lost connection: the event goes through the page's action queue.

    rx.el.button("+", on_click=cart_qty.change(line.id, qty + 1, lambda stamp: durable(
        CartState.set_quantity(line.id, qty + 1, stamp), target=f"restaurant:line:{line.id}")))

`durable(spec)` compiles to a call of `window.tmaQueue.push` with the handler's name and
its arguments as the page has them at the moment of the tap. The queue stores it (IndexedDB),
sends it when the socket is up, and forgets it when the server lists its key as handled
(`tma_app.offline.state.handles_queued` on the handler). Arguments must therefore say
everything the handler needs: after the app is closed and reopened, nothing of the
screen that queued the action is left on the server.

- `kind="change"` (the default) sets an absolute value (a cart line's quantity) named by
  `target`: a later change answered by the server makes an earlier unanswered one moot.
  `kind="add"` adds something (a logged set): each one counts, none is superseded.
- `once=True`: a second tap on the same target within 600 ms, while the first is still
  unanswered, reuses the first one's `key` argument: the server acts once (double tap).
- `kind="order"`: the banner says the order will be sent when the user is online.
"""

from __future__ import annotations

import json
from typing import Literal

import reflex as rx
from reflex_base.event import EventChain, EventSpec
from reflex_base.utils.format import format_event_handler
from reflex_base.vars import VarData
from reflex_base.vars.function import ArgsFunctionOperationBuilder, FunctionVar

# A fresh idempotency key per tap, made in the page (the server cannot mint one while offline).
NEW_KEY: rx.Var[str] = rx.Var(
    _js_expr="(window.crypto && crypto.randomUUID ? crypto.randomUUID().replace(/-/g, '') "
             ": Date.now().toString(36) + Math.random().toString(36).slice(2, 14))",
    _var_type=str,
)

Kind = Literal["change", "add", "order"]


def durable(spec: EventSpec, *, target: str | rx.Var[str] = "", once: bool = False, kind: Kind = "change") -> rx.Var:
    """An event-chain entry that queues `spec` durably instead of sending it now."""
    if not isinstance(spec, EventSpec) or spec.handler is None:
        raise TypeError("durable() takes a backend event, e.g. State.handler(args)")
    target_var = rx.Var.create(target)
    arguments = [(name._js_expr, rx.Var.create(value)) for name, value in spec.args]
    payload = "{" + ", ".join(f"{json.dumps(name)}: {value}" for name, value in arguments) + "}"
    action = (
        f"{{name: {json.dumps(format_event_handler(spec.handler))}, payload: {payload}, "
        f"target: String({target_var}), once: {json.dumps(once)}, kind: {json.dumps(kind)}}}"
    )
    # Without the queue (its script failed to load, or no verified user yet) the tap is sent as usual.
    push: rx.Var = rx.Var(
        _js_expr=(
            f"((action) => (window.tmaQueue && window.tmaQueue.push(action)) || "
            f"addEvents([ReflexEvent(action.name, action.payload)]))({action})"
        ),
        _var_data=VarData.merge(
            VarData(imports={"$/utils/context": ["addEvents"], "$/utils/state": ["ReflexEvent"]}),
            target_var._get_all_var_data(),
            *(value._get_all_var_data() for _, value in arguments),
        ),
    )
    return ArgsFunctionOperationBuilder.create(args_names=(), return_expr=push).to(FunctionVar, EventChain)
