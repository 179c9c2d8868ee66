"""The buyer's side, thin: ask the server for an invoice, open it in Telegram, show how it ended.

What the page sends is only which product it is about; the server decides the price and grants
on the bot's `successful_payment`. The status Telegram reports when the form closes (`invoiceClosed`)
only chooses what to say: a "paid" is confirmed against the payment row before the screen says so.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from tma_app.core.db import in_session
from tma_app.core.i18n import Language, text
from tma_app.payments.bot_link import BotNeeded
from tma_app.payments.errors import InvoiceFailed, PaymentError, ProviderNotConfigured
from tma_app.payments.invoices import issue_invoice
from tma_app.payments.presenter import closed_text, refusal_text
from tma_app.payments.products import Refusal
from tma_app.payments.queries import status_for_buyer
from tma_app.session.guards import rate_limited_event, requires_user
from tma_app.session.state import SessionState
from tma_app.telegram import commands, haptic
from tma_app.telegram.state import send

log = logging.getLogger(__name__)

# How long a "paid" from Telegram's form waits for the bot's successful_payment before saying "pending".
CONFIRM_WAIT_S = 10.0
_POLL_S = 0.4
# After "pending", how long the screen keeps looking for the confirmation (one cheap read every few s).
PENDING_WATCH_S = 600.0
_PENDING_POLL_S = 2.0

# What to reload once a kind is paid: the screen that sells it registers its own handler.
_on_paid: dict[str, rx.EventHandler] = {}


def on_paid(kind: str, handler: rx.EventHandler) -> None:
    _on_paid[kind] = handler


class PaymentState(rx.State):
    # Which product the status line is about, so each screen shows only its own.
    kind: str = ""
    ref: str = ""
    # "", opening, open, confirming, paid, pending, cancelled, failed, refused
    phase: str = ""
    message: str = ""
    _payment_id: int = 0

    @rx.var
    def busy(self) -> bool:
        # Not while the form is open: a form Telegram never reported closed must not lock the button
        # (asking again reopens the same invoice).
        return self.phase in ("opening", "confirming")

    @rx.event
    @requires_user
    @rate_limited_event("sensitive")
    async def buy(self, kind: str, ref: str):
        session = await self.get_state(SessionState)
        if self.busy and (self.kind, self.ref) == (kind, ref):
            return
        self.kind, self.ref = str(kind)[:32], str(ref)[:64]
        self.phase, self.message = "opening", text("pay_opening", session.lang)
        yield
        try:
            invoice = await issue_invoice(session.user_id, self.kind, self.ref, session.lang)
        except (BotNeeded, Refusal, ProviderNotConfigured, InvoiceFailed, PaymentError) as error:
            self.phase, self.message = "refused", refusal_text(error, session.lang)
            yield haptic.error()
            return
        self._payment_id, self.phase = invoice.payment_id, "open"
        await send(self, commands.open_invoice(invoice.url), then=PaymentState.invoice_closed)

    @rx.event(background=True)
    async def invoice_closed(self, result: dict[str, Any]):
        status = result.get("value") if isinstance(result, dict) and result.get("ok") else "failed"
        watch = await self._closed(status)
        if watch is None:
            return
        user_id, language, payment_id, kind = watch
        paid = await self._wait_for_payment(user_id, payment_id, language)
        async with self:
            if self._payment_id != payment_id:
                return  # another purchase started meanwhile: its own status line is showing
            self.phase = "paid" if paid else "pending"
            self.message = closed_text(self.phase, language)
        if paid:
            yield _paid_follow_ups(kind)

    async def _closed(self, status: Any) -> tuple[int | None, Language, int, str] | None:
        """Say how the form closed; what to watch for while it may be paid (None: nothing was charged)."""
        async with self:
            session = await self.get_state(SessionState)
            user_id, language, payment_id, kind = session.user_id, session.lang, self._payment_id, self.kind
            if status in ("cancelled", "failed"):
                # Nothing was charged: the order stays unpaid and the same invoice can be paid again.
                self.phase, self.message = str(status), closed_text(str(status), language)
                return None
            self.phase, self.message = "confirming", text("pay_confirming", language)
        return user_id, language, payment_id, kind

    async def _wait_for_payment(self, user_id: int | None, payment_id: int, language: Language) -> bool:
        """Whether the bot's successful_payment arrived: briefly, then (saying "pending") for minutes."""
        if await _wait_until_paid(user_id, payment_id, CONFIRM_WAIT_S, _POLL_S):
            return True
        async with self:
            self.phase, self.message = "pending", closed_text("pending", language)
        # Telegram may confirm minutes later: the screen says it will update, so it watches on.
        return await _wait_until_paid(user_id, payment_id, PENDING_WATCH_S, _PENDING_POLL_S)

    @rx.event
    def dismiss(self):
        if not self.busy:
            self.phase = self.message = ""


def _paid_follow_ups(kind: str) -> list[Any]:
    """The success haptic, and the reload of the screen that sells `kind`."""
    follow_ups: list[Any] = [haptic.success()]
    if kind in _on_paid:
        follow_ups.append(_on_paid[kind])
    return follow_ups


async def _wait_until_paid(user_id: int | None, payment_id: int, wait_s: float, poll_s: float) -> bool:
    if user_id is None or not payment_id:
        return False
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        if await in_session(status_for_buyer, user_id, payment_id) == "paid":
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(poll_s)

