"""Optimistic updates, written once for every demo.

A tap writes the new value into a client-side overlay at once (compiled JavaScript,
no server trip) and sends the real event with the same moment's stamp. The server
applies or refuses the change and, either way, acknowledges the stamp. The page
shows the overlay while its stamp is newer than the server's acknowledgement and
the server's value after that, so:

- accepted: the server value catches up and the overlay stops mattering;
- refused: the acknowledgement moves past the stamp and the old value is back:
  a visible rollback, with the handler's error notice and error haptic.

    cart_qty = Optimistic("restaurant_cart_qty")
    rx.el.span(cart_qty.shown(line.id, line.quantity, CartState.acked))
    rx.el.button("+", on_click=cart_qty.change(line.id, line.quantity + 1,
                                               lambda stamp: CartState.set_quantity(line.id, line.quantity + 1, stamp)))

    class CartState(OptimisticAcks, rx.State):
        @rx.event
        async def set_quantity(self, line_id: int, quantity: int, stamp: int):
            ... apply or refuse ...
            self._ack(str(line_id), stamp)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.experimental.client_state import ClientStateVar

# Evaluated in the page when the tap happens; the event's stamp is read after the overlay's.
NOW: rx.Var[int] = rx.Var(_js_expr="Date.now()", _var_type=int)


class OptimisticAcks(rx.State, mixin=True):
    """Server side: the newest stamp handled per key, applied or refused."""

    acked: dict[str, int] = {}

    def _ack(self, key: str, stamp: object) -> None:
        if isinstance(stamp, int) and not isinstance(stamp, bool) and stamp > self.acked.get(key, 0):
            self.acked = {**self.acked, key: stamp}


class Optimistic:
    """Client side: the overlay of pending values, keyed by what they change."""

    def __init__(self, name: str) -> None:
        self.pending = ClientStateVar.create(name, default={}, global_ref=True)

    def _overlay(self) -> rx.Var:
        return self.pending.value

    def shown(self, key: Any, server_value: Any, acked: rx.Var) -> rx.Var:
        """The pending value while it is newer than the server's word on `key`, else the server's."""
        overlay, key_var = self._overlay(), rx.Var.create(key).to(str)
        server = rx.Var.create(server_value)
        expression = (
            f"((o, k, a, s) => (o && o[k] && o[k].seq > ((a && a[k]) || 0)) ? o[k].value : s)"
            f"({overlay}, {key_var}, {acked}, {server})"
        )
        return rx.Var(
            _js_expr=expression,
            _var_type=server._var_type,
            _var_data=rx.vars.VarData.merge(
                overlay._get_all_var_data(), key_var._get_all_var_data(), acked._get_all_var_data(),
                server._get_all_var_data(),
            ),
        )

    def change(self, key: Any, value: Any, send: Callable[[rx.Var], Any]) -> list:
        """An event chain for a trigger: show `value` now, then send the real event with the stamp."""
        overlay, key_var, value_var = self._overlay(), rx.Var.create(key).to(str), rx.Var.create(value)
        next_overlay: rx.Var[dict[str, Any]] = rx.Var(
            _js_expr=f"({{...({overlay} || {{}}), [{key_var}]: {{value: {value_var}, seq: Date.now()}}}})",
            _var_type=dict,
            _var_data=rx.vars.VarData.merge(
                overlay._get_all_var_data(), key_var._get_all_var_data(), value_var._get_all_var_data()
            ),
        )
        return [self.pending.set_value(next_overlay), send(NOW)]
