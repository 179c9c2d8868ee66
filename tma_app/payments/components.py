"""The buy button and the status line every selling screen shows the same way."""

from __future__ import annotations

import reflex as rx

from tma_app.payments.state import PaymentState

PRIMARY = ("w-full rounded-xl bg-tg-button px-4 py-3 font-semibold text-tg-button-text "
           "disabled:opacity-60")


def buy_button(kind: str, ref: rx.Var | str, *label: rx.Var | str, test_id: str = "buy-button",
               class_name: str = PRIMARY) -> rx.Component:
    """Asks the server for an invoice of kind/ref and opens it; the price on the label is the server's."""
    return rx.el.button(*label, on_click=PaymentState.buy(kind, ref), disabled=PaymentState.busy,
                        class_name=class_name, data_testid=test_id, type="button")


def payment_status(kind: str, ref: rx.Var | str) -> rx.Component:
    """How the last purchase of this product went (paid, cancelled, refused and why...)."""
    mine = (PaymentState.kind == kind) & (PaymentState.ref == ref) & (PaymentState.message != "")
    tone = rx.cond(PaymentState.phase == "paid", "mt-2 text-sm text-tg-link",
                   rx.cond((PaymentState.phase == "refused") | (PaymentState.phase == "failed"),
                           "mt-2 text-sm text-tg-destructive", "mt-2 text-sm text-tg-hint"))
    return rx.cond(
        mine,
        rx.el.p(PaymentState.message, class_name=tone, role="status",
                data_testid="payment-status", data_phase=PaymentState.phase),
    )
