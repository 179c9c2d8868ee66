"""The audit log as /admin/audit shows it: one row per entry, every field as text. No reflex."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from tma_app.admin.service import AuditLine

DASH = "—"


class AuditLogRow(BaseModel):
    id: int
    created_at: str
    telegram_id: str
    action: str
    resource: str
    resource_id: str
    ip_address: str


def audit_log_rows(lines: Iterable[AuditLine]) -> list[AuditLogRow]:
    return [
        AuditLogRow(
            id=line.id,
            created_at=line.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            telegram_id=str(line.telegram_id or DASH),
            action=line.action,
            resource=line.resource,
            resource_id=line.resource_id or "",
            ip_address=line.ip_address or "",
        )
        for line in lines
    ]
