"""/admin/audit: the latest audit entries, for admins only."""

import reflex as rx

from tma_app.admin.audit_state import AuditLogState
from tma_app.admin.audit_view import AuditLogRow
from tma_app.session.state import SessionState
from tma_app.ui.layout import app_shell


def _row(row: rx.Var[AuditLogRow]) -> rx.Component:
    return rx.el.li(
        rx.el.div(
            rx.el.span(row.action, class_name="font-medium text-tg-text"),
            rx.el.span(row.created_at, class_name="text-xs text-tg-hint"),
            class_name="flex justify-between gap-2",
        ),
        rx.el.p(
            row.resource, " ", row.resource_id, " · ", row.telegram_id, " · ", row.ip_address,
            class_name="mt-0.5 truncate text-xs text-tg-subtitle",
        ),
        class_name="border-b border-tg-separator px-4 py-2.5",
        data_testid="audit-row",
    )


def audit_page() -> rx.Component:
    return app_shell(
        rx.el.h1(SessionState.strings["admin_audit_title"], class_name="pt-5 pb-3 text-xl font-bold text-tg-text"),
        rx.cond(
            AuditLogState.rows.length() > 0,
            rx.el.ul(rx.foreach(AuditLogState.rows, _row), class_name="overflow-hidden rounded-2xl bg-tg-secondary-bg"),
            rx.el.p(SessionState.strings["admin_audit_empty"], class_name="text-sm text-tg-hint"),
        ),
        active_route="/admin/audit",
        on_verified=AuditLogState.load,
    )
