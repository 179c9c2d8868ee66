"""The audit page's rows: the latest entries first, every field as the page prints it (SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime

from tma_app.admin.audit_view import audit_log_rows
from tma_app.admin.service import recent_audit
from tma_app.core.db import session_scope
from tma_app.security import audit
from tma_app.security.audit import AuditEntry


def test_the_latest_entries_newest_first_with_every_field_as_text(database):
    audit.insert_batch([
        AuditEntry("session.open", "session", created_at=datetime(2026, 3, 10, 9, 0, 5, tzinfo=UTC)),
        AuditEntry("admin.denied", "admin", telegram_id=3030, resource_id="/admin/audit", ip_address="198.51.100.7",
                   created_at=datetime(2026, 3, 10, 12, 30, 15, tzinfo=UTC)),
        AuditEntry("user.language", "user", telegram_id=1, created_at=datetime(2026, 3, 10, 12, 31, tzinfo=UTC)),
    ])
    with session_scope() as session:
        rows = audit_log_rows(recent_audit(session, 2))
    assert [(r.created_at, r.action, r.resource, r.resource_id, r.telegram_id, r.ip_address) for r in rows] == [
        ("2026-03-10 12:31:00", "user.language", "user", "", "1", ""),
        ("2026-03-10 12:30:15", "admin.denied", "admin", "/admin/audit", "3030", "198.51.100.7"),
    ]
    with session_scope() as session:
        oldest = audit_log_rows(recent_audit(session, 3))[-1]
    assert (oldest.action, oldest.telegram_id) == ("session.open", "—"), "no user: a dash, not 'None'"
