"""A fake Telegram WebApp for the browser tests.

It is the app's own mock (tma_app/devmode/telegram_mock.js) configured per test
and injected before any page script, while Telegram's real script is answered
with an empty file. It records every call the app makes into window.__tgCalls
and plays Telegram events through window.__tgFire. An invoice the app opens stays
open until the test settles it (`TelegramPayments.settle`): for "paid", Telegram's
pre_checkout_query and successful_payment reach the bot's webhook first.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Route

from tests.support.telegram import signed_init_data

MOCK_JS = (Path(__file__).resolve().parents[2] / "tma_app" / "devmode" / "telegram_mock.js").read_text()

LIGHT_THEME = {
    "bg_color": "#fafafa",
    "text_color": "#111111",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f0f0f0",
    "section_bg_color": "#ffffff",
    "bottom_bar_bg_color": "#fafafa",
}


@dataclass
class FakeTelegram:
    init_data: str = ""
    version: str = "8.0"
    platform: str = "ios"
    color_scheme: str = "light"
    theme_params: dict[str, str] = field(default_factory=lambda: dict(LIGHT_THEME))
    viewport_height: int = 700
    viewport_stable_height: int = 680
    safe_area_inset: dict[str, int] = field(default_factory=lambda: {"top": 0, "bottom": 0, "left": 0, "right": 0})
    content_safe_area_inset: dict[str, int] = field(
        default_factory=lambda: {"top": 0, "bottom": 0, "left": 0, "right": 0}
    )

    def config(self) -> dict[str, Any]:
        return {
            "initData": self.init_data,
            "version": self.version,
            "platform": self.platform,
            "colorScheme": self.color_scheme,
            "themeParams": self.theme_params,
            "viewportHeight": self.viewport_height,
            "viewportStableHeight": self.viewport_stable_height,
            "safeAreaInset": self.safe_area_inset,
            "contentSafeAreaInset": self.content_safe_area_inset,
            "fixedTheme": True,
        }

    def script(self) -> str:
        """The fake as an init script, for one page (`page.add_init_script`) or a whole context."""
        return f"window.__TMA_MOCK_CONFIG__ = {json.dumps(self.config())};\n{MOCK_JS}"

    def install(self, context: BrowserContext) -> None:
        """Inject into every page of the context, before the app's own scripts run."""
        context.add_init_script(script=self.script())


def signed_in(user_id: int, *, version: str = "9.1", **user: Any) -> FakeTelegram:
    """A recent Telegram client launched by this user, with correctly signed initData."""
    return FakeTelegram(init_data=signed_init_data({"id": user_id, **user}), version=version)


def answer_telegram_script_empty(context: BrowserContext) -> None:
    """Telegram's script is the fake's job here; the closed network could not fetch it anyway."""

    def empty(route: Route) -> None:
        route.fulfill(status=200, content_type="text/javascript", body="/* served by the test */")

    context.route("https://telegram.org/**", empty)


def calls(page: Page, path: str | None = None) -> list[dict[str, Any]]:
    recorded = page.evaluate("() => window.__tgCalls || []")
    return [c for c in recorded if path is None or c["path"] == path]


def fire(page: Page, event: str, params: dict[str, Any] | None = None) -> None:
    page.evaluate("([event, params]) => window.__tgFire(event, params)", [event, params or {}])


def haptic_played(page: Page, method: str, kind: str) -> None:
    """Wait until the app has played this haptic, e.g. ("notificationOccurred", "success")."""
    page.wait_for_function(
        "([method, kind]) => window.__tgCalls.some(c => c.path === 'HapticFeedback.' + method && c.args[0] === kind)",
        arg=[method, kind],
    )


def main_button_text(page: Page) -> str:
    """The main button's label, once the app shows it."""
    page.wait_for_function("() => window.Telegram.WebApp.MainButton.isVisible")
    return page.evaluate("() => window.Telegram.WebApp.MainButton.text")


# ---- payments: the invoice form, its outcome decided by the test -------------------------------------------

INVOICE_STATUSES = ("paid", "cancelled", "failed", "pending")
# The bot takes each update_id once: ids of this run, never reused by another test of it.
_UPDATE_IDS = itertools.count(int(time.time()) % 100_000 * 10_000)


def opened_invoice(page: Page, count: int = 1) -> str:
    """The link of the `count`-th invoice the app opened with openInvoice, once it has."""
    page.wait_for_function("n => (window.__tgCalls || []).filter(c => c.path === 'openInvoice').length >= n",
                           arg=count)
    return calls(page, "openInvoice")[count - 1]["args"][0]


def close_invoice(page: Page, status: str) -> None:
    """The user closes Telegram's payment form: `invoiceClosed` and openInvoice's callback get `status`."""
    assert status in INVOICE_STATUSES, status
    assert page.evaluate("status => window.__tgCloseInvoice(status)", status), "no invoice is open"


@dataclass
class InvoiceOutcome:
    status: str  # what the form reported when it closed
    pre_checkout: dict[str, Any] | None = None  # the app's answerPreCheckoutQuery, when Telegram asked
    successful_payment: dict[str, Any] | None = None  # the update Telegram sent, to redeliver


@dataclass
class TelegramPayments:
    """Telegram's side of a payment, played against the app: the form in the page, the updates to the bot.

    `settle(page, "paid")` does what Telegram does when the user pays: it asks the bot's
    pre_checkout_query (through the webhook; the app answers inside the request), and only if the
    app agreed delivers `successful_payment`, then closes the form with "paid" ("failed" when the app
    refused). Other outcomes only close the form.
    """

    bot: Any  # tests.support.fake_bot_api.FakeBotApi
    webhook_url: str
    secret: str
    invoice_of: Any  # invoice link -> {"payload", "amount", "currency", "user_id"} (from the app's database)

    def post(self, update: dict[str, Any]) -> None:
        response = self.bot.post_update(self.webhook_url, update, secret=self.secret)
        assert response.status_code == 200, response.text

    def next_update_id(self) -> int:
        return next(_UPDATE_IDS)

    def settle(self, page: Page, outcome: str, *, count: int = 1, closed_as: str = "paid",
               before_charge: Callable[[], None] | None = None) -> InvoiceOutcome:
        """`closed_as="pending"`: the form says "pending" first (Telegram still processing), then
        `before_charge` runs (the test looks at the screen), then the updates arrive."""
        url = opened_invoice(page, count)
        if outcome == "paid" and closed_as != "paid":
            close_invoice(page, closed_as)
            if before_charge is not None:
                before_charge()
        if outcome != "paid":
            close_invoice(page, outcome)
            return InvoiceOutcome(outcome)
        invoice = self.invoice_of(url)
        buyer = {"id": invoice["user_id"], "is_bot": False, "first_name": "Ada", "language_code": "en"}
        query_id = f"pcq-{self.next_update_id()}"
        self.post({"update_id": self.next_update_id(), "pre_checkout_query": {
            "id": query_id, "from": buyer, "currency": invoice["currency"], "total_amount": invoice["amount"],
            "invoice_payload": invoice["payload"]}})
        answer = next(a for a in self.bot.calls_to("answerPreCheckoutQuery") if a["pre_checkout_query_id"] == query_id)
        if not answer["ok"]:
            if closed_as == "paid":
                close_invoice(page, "failed")  # Telegram showed the app's error_message in its form
            return InvoiceOutcome("failed", answer)
        update_id = self.next_update_id()
        paid = {"update_id": update_id, "message": {
            "message_id": update_id, "date": 0, "from": buyer, "chat": {"id": buyer["id"], "type": "private"},
            "successful_payment": {
                "currency": invoice["currency"], "total_amount": invoice["amount"],
                "invoice_payload": invoice["payload"], "telegram_payment_charge_id": f"stxE2E{update_id}",
                "provider_payment_charge_id": "" if invoice["currency"] == "XTR" else f"prov-{update_id}"}}}
        self.post(paid)
        if closed_as == "paid":
            close_invoice(page, "paid")
        return InvoiceOutcome("paid", answer, paid)
