"""/admin/payments: paid and refunded payments with a Refund button, and the Stars reconciliation."""

from __future__ import annotations

import reflex as rx

from tma_app.admin.payments_state import PaymentsAdminState
from tma_app.admin.payments_view import DifferenceRow, PaymentRow
from tma_app.session.state import SessionState
from tma_app.ui.layout import app_shell

ROUTE = "/admin/payments"
_S = SessionState.strings
_BUTTON = "rounded-xl bg-tg-button px-3 py-1.5 text-sm text-tg-button-text disabled:opacity-50"


def _row(row: rx.Var[PaymentRow]) -> rx.Component:
    state = PaymentsAdminState
    return rx.el.li(
        rx.el.div(
            rx.el.span("#", row.id, " ", row.product, class_name="font-medium text-tg-text"),
            rx.el.span(row.amount, class_name="text-sm text-tg-text"),
            class_name="flex justify-between gap-2",
        ),
        rx.el.p(row.when, " · ", row.user, " · ", rx.el.span(row.status, data_testid="payment-row-status"),
                " · ", row.charge, " ", row.refund_reference, class_name="mt-0.5 truncate text-xs text-tg-subtitle"),
        rx.cond(
            row.refundable,
            rx.el.div(
                rx.cond(
                    row.needs_reference,
                    rx.el.input(placeholder=_S["admin_pay_reference"], aria_label=_S["admin_pay_reference"],
                                on_change=lambda value: state.set_reference(row.id, value),
                                class_name="min-w-0 flex-1 rounded-lg bg-tg-bg px-2 py-1 text-sm",
                                data_testid="refund-reference"),
                ),
                rx.el.button(_S["admin_pay_refund"], on_click=state.refund(row.id), disabled=state.working,
                             class_name=_BUTTON, data_testid="refund-button"),
                class_name="mt-2 flex items-center justify-end gap-2",
            ),
        ),
        class_name="border-b border-tg-separator px-4 py-2.5",
        data_testid="payment-row",
    )


def _difference(row: rx.Var[DifferenceRow]) -> rx.Component:
    return rx.el.li(
        rx.el.span(row.problem, class_name="font-medium text-tg-destructive"), " · ", row.charge_id,
        rx.el.p(row.ours, " / ", row.theirs, class_name="text-xs text-tg-subtitle"),
        class_name="px-4 py-2", data_testid="reconciliation-difference",
    )


def payments_page() -> rx.Component:
    state = PaymentsAdminState
    return app_shell(
        rx.el.h1(_S["admin_pay_title"], class_name="pt-5 pb-3 text-xl font-bold text-tg-text"),
        rx.el.section(
            rx.el.div(
                rx.el.p(state.summary, class_name="text-sm text-tg-text", data_testid="reconciliation-summary"),
                rx.el.button(_S["admin_pay_reconcile"], on_click=state.reconcile, disabled=state.working,
                             class_name=_BUTTON, data_testid="reconcile-button"),
                class_name="flex items-center justify-between gap-2 px-4 py-3",
            ),
            rx.cond(state.reconcile_error != "",
                    rx.el.p(state.reconcile_error, class_name="px-4 pb-3 text-sm text-tg-destructive")),
            rx.el.ul(rx.foreach(state.differences, _difference)),
            class_name="mb-3 overflow-hidden rounded-2xl bg-tg-secondary-bg",
        ),
        rx.cond(state.message != "",
                rx.el.p(state.message, role="status", class_name="mb-3 text-sm text-tg-link",
                        data_testid="admin-payments-message")),
        rx.cond(
            state.rows.length() > 0,
            rx.el.ul(rx.foreach(state.rows, _row), class_name="overflow-hidden rounded-2xl bg-tg-secondary-bg"),
            rx.el.p(_S["admin_pay_empty"], class_name="text-sm text-tg-hint"),
        ),
        active_route=ROUTE,
        on_verified=state.load,
    )
