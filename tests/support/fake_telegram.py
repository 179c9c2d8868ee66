"""A fake Telegram WebApp for the browser tests.

It is the app's own mock (tma_app/devmode/telegram_mock.js) configured per test
and injected before any page script, while Telegram's real script is answered
with an empty file. It records every call the app makes into window.__tgCalls
and plays Telegram events through window.__tgFire.
"""

from __future__ import annotations

import json
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

    def install(self, context: BrowserContext) -> None:
        """Inject into every page of the context, before the app's own scripts run."""
        context.add_init_script(script=f"window.__TMA_MOCK_CONFIG__ = {json.dumps(self.config())};\n{MOCK_JS}")


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
