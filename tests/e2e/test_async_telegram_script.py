"""Telegram's script loads async: a launch paints its theme and signs in from the launch hash alone,
and Telegram.WebApp is bound, with everything asked of it meanwhile, once the script has run."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, Route, expect

from tests.support.fake_telegram import FakeTelegram, calls, fire
from tests.support.telegram import signed_init_data

pytestmark = pytest.mark.e2e

DARK_THEME = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
              "button_color": "#5288c1", "button_text_color": "#ffffff", "secondary_bg_color": "#232e3c",
              "section_bg_color": "#17212b", "bottom_bar_bg_color": "#17212b"}


class HeldTelegramScript:
    """Answers Telegram's script only when the test says so, with the fake as its content."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake, self.released = fake, False
        self.held: list[Route] = []

    def __call__(self, route: Route) -> None:
        if self.released:
            self._answer(route)
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            self._answer(route)
        self.held.clear()

    def _answer(self, route: Route) -> None:
        route.fulfill(status=200, content_type="text/javascript", body=self.fake.script())


def launch_url(base: str, init_data: str, path: str = "/") -> str:
    params = {"tgWebAppData": init_data, "tgWebAppVersion": "9.1", "tgWebAppPlatform": "android",
              "tgWebAppThemeParams": json.dumps(DARK_THEME)}
    return base + path + "#" + "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())


def css_var(page: Page, name: str) -> str:
    return page.evaluate("(n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim()", name)


@pytest.fixture
def launch(browser, prod_server):
    contexts = []

    def _launch(init_data: str) -> tuple[Page, HeldTelegramScript]:
        context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
        contexts.append(context)
        script = HeldTelegramScript(FakeTelegram(init_data=init_data, version="9.1", platform="android",
                                                 theme_params=DARK_THEME, color_scheme="dark"))
        context.route("https://telegram.org/**", script)
        page = context.new_page()
        page.goto(launch_url(prod_server, init_data), wait_until="domcontentloaded")
        return page, script

    yield _launch
    for context in contexts:
        context.close()


def test_the_first_screen_needs_nothing_from_telegrams_script(launch):
    page, script = launch(signed_init_data({"id": 5151, "first_name": "Asel"}))

    expect(page.get_by_test_id("greeting")).to_contain_text("Asel")
    assert script.held, "Telegram's script is still on its way"
    assert page.evaluate("() => window.Telegram === undefined")
    # The theme came from the launch hash before any paint; its dark background gives the scheme.
    assert css_var(page, "--tg-theme-bg-color") == DARK_THEME["bg_color"]
    assert css_var(page, "--tg-color-scheme") == "dark"
    facts = page.evaluate("() => window.tmaBridge.viewportState()")
    assert (facts["inTelegram"], facts["platform"], facts["version"]) == (True, "android", "9.1")


def test_telegram_webapp_is_bound_with_what_was_asked_meanwhile(launch):
    page, script = launch(signed_init_data({"id": 5152, "first_name": "Timur"}))
    expect(page.get_by_test_id("greeting")).to_contain_text("Timur")
    assert page.evaluate("() => window.tmaBridge.onEvent('activated', () => { window.__activated = "
                         "(window.__activated || 0) + 1; })"), "a listener is taken before the script runs"

    script.release()
    page.wait_for_function("() => (window.__tgCalls || []).some(c => c.path === 'expand')")
    assert [c["path"] for c in calls(page) if c["path"] in ("ready", "expand")] == ["ready", "expand"]
    assert calls(page, "setHeaderColor"), "Telegram's header follows the app once bound"

    fire(page, "activated")
    assert page.evaluate("() => window.__activated") == 1
    fire(page, "themeChanged", {"colorScheme": "light", "themeParams": {"bg_color": "#ffffff"}})
    assert css_var(page, "--tg-theme-bg-color") == "#ffffff"


def test_a_reload_without_the_hash_signs_in_from_the_tabs_copy(launch):
    page, script = launch(signed_init_data({"id": 5153, "first_name": "Dana"}))
    expect(page.get_by_test_id("greeting")).to_contain_text("Dana")
    # What a client-side navigation or the error monitor's replay leaves: the address without the hash.
    page.evaluate("() => history.replaceState(null, '', '/')")
    page.reload(wait_until="domcontentloaded")
    expect(page.get_by_test_id("greeting")).to_contain_text("Dana")
    assert css_var(page, "--tg-theme-bg-color") == DARK_THEME["bg_color"]
