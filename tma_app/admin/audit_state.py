"""The audit page's state: behind the admin guard, the latest entries."""

from __future__ import annotations

import reflex as rx

from tma_app.admin.audit_view import AuditLogRow, audit_log_rows
from tma_app.admin.service import recent_audit
from tma_app.core.db import in_session
from tma_app.session.guards import rate_limited_event, requires_admin, requires_user

AUDIT_PAGE_ROWS = 100


class AuditLogState(rx.State):
    rows: list[AuditLogRow] = []

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @requires_admin
    async def load(self):
        self.rows = audit_log_rows(await in_session(recent_audit, AUDIT_PAGE_ROWS))
