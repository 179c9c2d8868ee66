"""The payments page's state: behind the admin guard, list, refund, reconcile; all work is in payments."""

from __future__ import annotations

import logging

import reflex as rx

from tma_app.admin.payments_view import DifferenceRow, PaymentRow, payment_rows, reconciliation_view
from tma_app.core.db import in_session
from tma_app.core.i18n import text
from tma_app.payments.bot_link import BotNeeded
from tma_app.payments.errors import PaymentError
from tma_app.payments.queries import recent_payments
from tma_app.payments.reconciliation import latest_report, reconcile
from tma_app.payments.refunds import refund
from tma_app.session.guards import rate_limited_event, requires_admin, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import haptic

log = logging.getLogger(__name__)


class PaymentsAdminState(rx.State):
    rows: list[PaymentRow] = []
    summary: str = ""
    reconcile_error: str = ""
    differences: list[DifferenceRow] = []
    references: dict[str, str] = {}
    message: str = ""
    working: bool = False

    async def _reload(self) -> None:
        session = await self.get_state(SessionState)
        self.rows = payment_rows(await in_session(recent_payments), session.lang)
        view = reconciliation_view(await in_session(latest_report), session.lang)
        self.summary, self.reconcile_error, self.differences = view.summary, view.error, view.differences

    @rx.event
    # Reading the list is an ordinary request (as the dashboard's); refunds and reconciliation are
    # the sensitive ones: an admin reopening the page while refunding was refused its own list.
    @requires_user
    @rate_limited_event("standard")
    @requires_admin
    async def load(self):
        await self._reload()

    @rx.event
    def set_reference(self, payment_id: int, value: str):
        self.references = {**self.references, str(payment_id): str(value)[:128]}

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @requires_admin
    async def refund(self, payment_id: int):
        if self.working:
            return
        session = await self.get_state(SessionState)
        self.working = True
        yield
        try:
            yield await self._refund(int(payment_id), self.references.get(str(payment_id)), session)
        finally:
            self.working = False
        await self._reload()

    async def _refund(self, payment_id: int, reference: str | None, session: SessionState):
        """Refund and say how it went; the haptic that goes with it."""
        try:
            done = await refund(payment_id, session.user_id or 0, reference)
        except (PaymentError, BotNeeded) as error:
            self.message = str(error)
            return haptic.error()
        self.message = text("admin_pay_refunded_ok", session.lang, id=str(done.payment_id), taken_back=done.taken_back)
        return haptic.success()

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    @requires_admin
    async def reconcile(self):
        if self.working:
            return
        self.working = True
        yield
        try:
            await reconcile()
        finally:
            self.working = False
        await self._reload()
