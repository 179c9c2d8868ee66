"""The Mini App shell in Chromium, inside a fake Telegram, against the prod build."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.app_database import rows
from tests.support.fake_telegram import FakeTelegram, calls, fire
from tests.support.telegram import signed_init_data
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def in_telegram(**user) -> FakeTelegram:
    return FakeTelegram(init_data=signed_init_data(user or None))


def css_var(page, name: str) -> str:
    return page.evaluate("(n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim()", name)


def test_boots_calls_ready_and_expand_and_greets_the_user(open_app):
    page = open_app(in_telegram(id=31337, first_name="Alice"))
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alice!")
    assert len(calls(page, "ready")) == 1
    assert len(calls(page, "expand")) == 1
    cards = page.get_by_test_id("demo-card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("Restaurant")
    expect(cards.first).to_have_attribute("href", "/demos/restaurant")
    expect(cards.nth(1)).to_have_attribute("href", "/demos/fitness")
    expect(cards.nth(2)).to_have_attribute("href", "/demos/ecommerce")
    for card in cards.all():
        linked = card.evaluate("e => e.tagName") == "A"
        assert linked != ("Not built yet" in card.inner_text()), "only shipped demos link anywhere"
    expect(page.get_by_test_id("bottom-nav")).to_contain_text("Home")


def _real_content_marks(page) -> list[float]:
    return page.evaluate("() => performance.getEntriesByName('tma:real-content', 'mark').map((m) => m.startTime)")


def test_the_page_marks_real_content_once_the_greeting_and_catalog_are_painted(open_app):
    page = open_app(in_telegram(id=31338, first_name="Alice"))
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Alice!")
    expect(page.get_by_test_id("demo-card")).to_have_count(3)
    marks = eventually(lambda: _real_content_marks(page), what="the real-content mark", page=page)
    first_paint = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    assert len(marks) == 1 and marks[0] >= first_paint


def test_ready_is_called_before_the_app_hydrates(open_app):
    page = open_app(in_telegram())
    expect(page.get_by_test_id("greeting")).to_be_visible()
    order = [c["path"] for c in calls(page)]
    assert order.index("ready") < order.index("expand")
    assert order.index("ready") < order.index("onEvent"), "ready() comes first, before any wiring"


def test_the_verified_user_is_stored(open_app, prod_database_url):
    page = open_app(in_telegram(id=2**52 - 3, first_name="Stored", username="stored_user"))
    expect(page.get_by_test_id("greeting")).to_have_text("Hi, Stored!")
    stored = rows(prod_database_url, "SELECT first_name, username FROM users WHERE id = :id", id=2**52 - 3)
    assert stored == [("Stored", "stored_user")]


def test_reopening_verifies_again(open_app):
    first = open_app(in_telegram(id=777, first_name="Before"))
    expect(first.get_by_test_id("greeting")).to_have_text("Hi, Before!")
    second = open_app(in_telegram(id=777, first_name="After"))
    expect(second.get_by_test_id("greeting")).to_have_text("Hi, After!")


@pytest.mark.parametrize(
    "init_data",
    [
        pytest.param(signed_init_data({"first_name": "Alice"}).replace("Alice", "Mallory"), id="tampered"),
        pytest.param(signed_init_data(auth_date=int(time.time()) - 3 * 86_400), id="expired"),
        pytest.param(signed_init_data(token="1234:some-other-bots-token-abcdefghijk"), id="other-bot"),
        pytest.param("", id="missing"),
    ],
)
def test_untrusted_launch_shows_open_from_telegram_and_no_user_data(open_app, init_data):
    page = open_app(FakeTelegram(init_data=init_data))
    expect(page.get_by_test_id("open-from-telegram")).to_be_visible()
    expect(page.get_by_test_id("open-from-telegram")).to_contain_text("Open this app from Telegram")
    body = page.inner_text("body")
    assert "Mallory" not in body and "Alice" not in body
    assert page.get_by_test_id("greeting").count() == 0
    assert page.get_by_test_id("demo-card").count() == 0
    assert _real_content_marks(page) == [], "no real content for a launch that was refused"


def test_outside_telegram_the_prod_build_shows_open_from_telegram(open_app):
    page = open_app(None)
    expect(page.get_by_test_id("open-from-telegram")).to_be_visible()
    assert page.evaluate("() => window.Telegram === undefined || !window.Telegram.WebApp")


def test_theme_params_are_applied_and_follow_theme_changes(open_app):
    fake = in_telegram()
    fake.theme_params.update({"bg_color": "#102030", "text_color": "#fefefe", "button_color": "#ff8800"})
    page = open_app(fake)
    expect(page.get_by_test_id("greeting")).to_be_visible()
    assert css_var(page, "--tg-theme-bg-color") == "#102030"
    body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert body == "rgb(16, 32, 48)"
    greeting = page.get_by_test_id("greeting").evaluate("e => getComputedStyle(e).color")
    assert greeting == "rgb(254, 254, 254)"
    active_nav = page.locator("[aria-current=page]").evaluate("e => getComputedStyle(e).color")
    assert active_nav == "rgb(255, 136, 0)"
    assert calls(page, "setHeaderColor")[0]["args"] == ["bg_color"]

    fire(page, "themeChanged", {"colorScheme": "dark", "themeParams": {"bg_color": "#000000"}})
    expect(page.locator("body")).to_have_css("background-color", "rgb(0, 0, 0)")
    assert css_var(page, "--tg-color-scheme") == "dark"


def test_viewport_and_safe_areas_become_css_variables(open_app):
    fake = in_telegram()
    fake.safe_area_inset = {"top": 44, "bottom": 34, "left": 0, "right": 0}
    fake.content_safe_area_inset = {"top": 46, "bottom": 0, "left": 0, "right": 0}
    page = open_app(fake)
    expect(page.get_by_test_id("greeting")).to_be_visible()
    assert css_var(page, "--tg-viewport-height") == "700px"
    assert css_var(page, "--tg-viewport-stable-height") == "680px"
    assert css_var(page, "--tg-safe-area-inset-top") == "44px"
    assert css_var(page, "--tg-content-safe-area-inset-top") == "46px"
    # Content clears both top insets; the bottom bar sits above the bottom inset.
    main_padding = page.locator("main").evaluate("e => getComputedStyle(e).paddingTop")
    assert main_padding == "90px"
    nav_padding = page.get_by_test_id("bottom-nav").evaluate("e => getComputedStyle(e).paddingBottom")
    assert nav_padding == "34px"
    fire(page, "viewportChanged", {"height": 500, "isStateStable": False})
    assert css_var(page, "--tg-viewport-height") == "500px"


def test_russian_strings_for_russian_users(open_app):
    page = open_app(in_telegram(first_name="Алиса", language_code="ru"))
    expect(page.get_by_test_id("greeting")).to_have_text("Привет, Алиса!")
    expect(page.get_by_test_id("demo-card").first).to_contain_text("Ресторан")
    expect(page.get_by_test_id("demo-card").nth(1)).to_contain_text("Фитнес")
    expect(page.get_by_test_id("demo-card").nth(1)).to_contain_text("Открыть")
    expect(page.get_by_test_id("bottom-nav")).to_contain_text("Главная")


def test_prod_build_refuses_dev_only_routes_and_ships_no_mock(prod_server, prod_app_dir):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(prod_server + "/api/dev/telegram-mock.js", timeout=5)
    assert error.value.code == 404
    html = urllib.request.urlopen(prod_server + "/", timeout=5).read().decode()
    assert "telegram-mock" not in html and "__TMA_MOCK_CONFIG__" not in html
    built = prod_app_dir / ".web" / "build" / "client"
    assert built.is_dir()
    for path in built.rglob("*"):
        if path.suffix in {".js", ".html", ".css"}:
            content = path.read_text(errors="ignore")
            assert "__TMA_MOCK_CONFIG__" not in content and "telegram-mock" not in content, path
