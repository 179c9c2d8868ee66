"""The admin audit page's state: the admin gate, then the latest entries."""

from __future__ import annotations

import asyncio

import reflex as rx
from pydantic import BaseModel

from tma_app.core.db import session_scope
from tma_app.security import audit
from tma_app.security.admin import is_admin
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState


class AuditRow(BaseModel):
    id: int
    created_at: str
    telegram_id: str
    action: str
    resource: str
    resource_id: str
    ip_address: str


def _latest(limit: int) -> list[AuditRow]:
    with session_scope() as session:
        return [
            AuditRow(
                id=entry.id or 0,
                created_at=entry.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                telegram_id=str(entry.telegram_id or "—"),
                action=entry.action,
                resource=entry.resource,
                resource_id=entry.resource_id or "",
                ip_address=entry.ip_address or "",
            )
            for entry in audit.recent(session, limit)
        ]


class AuditLogState(rx.State):
    rows: list[AuditRow] = []

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def load(self):
        session = await self.get_state(SessionState)
        if not is_admin(session.user_id):
            audit.record(
                "admin.denied",
                "admin",
                telegram_id=session.user_id,
                resource_id=self.router.url.path,
                ip_address=self.router.session.client_ip or None,
                user_agent=self.router.headers.user_agent or None,
            )
            return rx.redirect("/")
        self.rows = await asyncio.to_thread(_latest, 100)
