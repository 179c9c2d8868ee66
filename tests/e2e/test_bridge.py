"""The Telegram bridge in Chromium with the fake WebApp: viewport, haptics, native buttons."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support.fake_telegram import FakeTelegram, calls, fire
from tests.support.telegram import signed_init_data

pytestmark = pytest.mark.e2e


def telegram(**user) -> FakeTelegram:
    return FakeTelegram(init_data=signed_init_data(user or None), version="9.1")


def css_var(page, name):
    return page.evaluate("(n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim()", name)


def box(locator):
    return locator.bounding_box()


def wait_for(page, predicate_js, arg=None):
    page.wait_for_function(predicate_js, arg=arg, timeout=5000)


def open_home(open_app, fake=None):
    page = open_app(fake or telegram())
    expect(page.get_by_test_id("greeting")).to_be_visible()
    return page


def open_settings(open_app, fake=None):
    page = open_home(open_app, fake)
    fire(page, "settingsButtonClicked")
    expect(page.get_by_test_id("language-auto")).to_be_visible()
    return page


def test_insets_and_viewport_move_the_layout(open_app):
    page = open_home(open_app)
    greeting, nav = page.get_by_test_id("greeting"), page.get_by_test_id("bottom-nav")
    top_before, nav_before = box(greeting)["y"], box(nav)["height"]

    fire(page, "safeAreaChanged", {"inset": {"top": 40, "bottom": 30}})
    fire(page, "contentSafeAreaChanged", {"inset": {"top": 20}})
    wait_for(page, "() => getComputedStyle(document.documentElement)"
                   ".getPropertyValue('--tg-safe-area-inset-top').trim() === '40px'")
    assert css_var(page, "--tg-content-safe-area-inset-top") == "20px"
    assert box(greeting)["y"] == pytest.approx(top_before + 60, abs=1), "content clears both top insets"
    assert box(nav)["height"] == pytest.approx(nav_before + 30, abs=1), "the bottom bar sits above the inset"

    fire(page, "viewportChanged", {"height": 480, "isStateStable": True})
    assert css_var(page, "--tg-viewport-height") == "480px"
    assert css_var(page, "--tg-viewport-stable-height") == "480px"

    fire(page, "themeChanged",
         {"colorScheme": "dark", "themeParams": {"bg_color": "#101010", "bottom_bar_bg_color": "#202020"}})
    expect(nav).to_have_css("background-color", "rgb(32, 32, 32)")
    assert css_var(page, "--tg-color-scheme") == "dark"


def test_fullscreen_is_mirrored_into_python_state_once_settled(open_app):
    page = open_settings(open_app)
    toggle = page.get_by_test_id("fullscreen-toggle")
    expect(toggle).to_have_text("Full screen")
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(str(payload))))
    toggle.click()
    wait_for(page, "() => window.__tgCalls.some(c => c.path === 'requestFullscreen')")
    expect(toggle).to_have_text("Exit full screen")
    # A burst of viewport events is one update for Python, not one per event.
    for height in range(500, 700, 5):
        fire(page, "viewportChanged", {"height": height, "isStateStable": False})
    wait_for(page, "() => getComputedStyle(document.documentElement).getPropertyValue('--tg-viewport-height').trim() "
                   "=== '695px'")


def test_taps_play_exactly_the_expected_haptics_in_order(open_app):
    page = open_settings(open_app, telegram(id=5151))
    page.get_by_test_id("language-ru").click()
    page.get_by_test_id("language-en").click()
    page.get_by_test_id("allow-messages").click()
    fire(page, "mainButtonClicked")  # save: the server answers with a success haptic
    wait_for(page, "() => window.__tgCalls.some(c => c.path === 'HapticFeedback.notificationOccurred')")
    haptics = [(c["path"].split(".")[1], c["args"]) for c in calls(page) if c["path"].startswith("HapticFeedback.")]
    assert haptics == [
        ("selectionChanged", []),
        ("selectionChanged", []),
        ("impactOccurred", ["light"]),
        ("notificationOccurred", ["success"]),
    ]


def test_main_button_saves_and_leaving_the_screen_hides_it(open_app):
    page = open_settings(open_app, telegram(id=6161, language_code="en"))
    main_button = "() => window.Telegram.WebApp.MainButton"
    assert not page.evaluate(main_button + ".isVisible"), "nothing to save yet"
    page.get_by_test_id("language-ru").click()
    wait_for(page, "() => window.Telegram.WebApp.MainButton.isVisible")
    assert page.evaluate(main_button + ".text") == "Save"
    assert page.evaluate("() => window.Telegram.WebApp.isClosingConfirmationEnabled"), "unsaved input"

    fire(page, "mainButtonClicked")
    expect(page.get_by_role("heading", name="Настройки")).to_be_visible()
    wait_for(page, "() => !window.Telegram.WebApp.MainButton.isVisible")
    assert not page.evaluate("() => window.Telegram.WebApp.isClosingConfirmationEnabled")

    page.get_by_test_id("language-en").click()
    wait_for(page, "() => window.Telegram.WebApp.MainButton.isVisible")
    fire(page, "backButtonClicked")
    expect(page.get_by_test_id("greeting")).to_be_visible()
    wait_for(page, "() => !window.Telegram.WebApp.MainButton.isVisible")
    assert not page.evaluate("() => window.Telegram.WebApp.isClosingConfirmationEnabled")


def test_the_choice_persists_across_reopening(open_app):
    page = open_settings(open_app, telegram(id=7171, first_name="Ivan", language_code="en"))
    page.get_by_test_id("language-ru").click()
    fire(page, "mainButtonClicked")
    expect(page.get_by_role("heading", name="Настройки")).to_be_visible()
    again = open_app(telegram(id=7171, first_name="Ivan", language_code="en"))
    expect(again.get_by_test_id("greeting")).to_have_text("Привет, Ivan!")


def test_back_button_on_inner_pages_follows_history_and_hides_at_home(open_app):
    page = open_home(open_app)
    back = "() => window.Telegram.WebApp.BackButton.isVisible"
    assert not page.evaluate(back)
    assert page.evaluate("() => window.Telegram.WebApp.SettingsButton.isVisible")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("language-auto")).to_be_visible()
    wait_for(page, back)
    fire(page, "backButtonClicked")
    expect(page.get_by_test_id("greeting")).to_be_visible()
    wait_for(page, "() => !window.Telegram.WebApp.BackButton.isVisible")


def test_back_without_in_app_history_goes_to_the_fallback(open_app):
    page = open_app(telegram(), "/settings")
    expect(page.get_by_test_id("language-auto")).to_be_visible()
    wait_for(page, "() => window.Telegram.WebApp.BackButton.isVisible")
    fire(page, "backButtonClicked")
    expect(page.get_by_test_id("greeting")).to_be_visible()


def test_old_clients_get_no_gated_calls_and_nothing_throws(open_app):
    fake = telegram()
    fake.version = "6.0"
    errors = []
    page = open_app(fake)
    page.on("pageerror", lambda error: errors.append(str(error)))
    expect(page.get_by_test_id("greeting")).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    page.get_by_test_id("language-ru").click()
    # The app's answer to the tap (something to save) is what would make the gated calls.
    wait_for(page, "() => window.Telegram.WebApp.MainButton.isVisible")
    called = {c["path"] for c in calls(page)}
    assert {"ready", "expand"} <= called
    gated = {"setHeaderColor", "setBottomBarColor", "SettingsButton.show", "BackButton.show",
             "HapticFeedback.selectionChanged", "SecondaryButton.setParams", "enableClosingConfirmation"}
    assert not called & gated, called & gated
    assert page.get_by_test_id("fullscreen-toggle").count() == 0, "fullscreen needs 8.0"
    assert errors == []


def test_without_any_telegram_object_the_app_still_renders(open_app):
    errors = []
    page = open_app(None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    expect(page.get_by_test_id("open-from-telegram")).to_be_visible()
    assert errors == []


def test_cloud_storage_limits_stop_the_call_before_it_reaches_telegram(open_app):
    page = open_home(open_app)
    too_long = "k" * 129
    command = [{"seq": 10_000, "call": "storage", "args": ["cloud", "set", too_long, "v"], "id": "t1"},
               {"seq": 10_001, "call": "storage", "args": ["cloud", "set", "fine_key", "x" * 4097], "id": "t2"},
               {"seq": 10_002, "call": "storage", "args": ["cloud", "set", "fine_key", "ok"], "id": "t3"}]
    page.evaluate(
        "(json) => { const el = document.querySelector('[data-tma-commands]');"
        " el.setAttribute('data-tma-commands', json); }",
        json.dumps(command),
    )
    wait_for(page, "() => window.__tgCalls.some(c => c.path === 'CloudStorage.setItem')")
    sets = calls(page, "CloudStorage.setItem")
    assert [c["args"][0] for c in sets] == ["fine_key"] and sets[0]["args"][1] == "ok"
    expect(page.get_by_test_id("notice")).to_contain_text("at most 4096 characters")


def test_python_learns_the_client_facts_without_any_viewport_event(open_app):
    page = open_app(telegram(), "/settings")
    expect(page.get_by_test_id("fullscreen-toggle")).to_be_visible()
