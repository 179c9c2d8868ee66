"""The device's time zone: never read on the way to the first screen, read once when the page is idle.

The first Intl call of a page starts ICU (15-45 ms of one task here, more on a phone), so the bridge
reads the zone a while after load and keeps it; screens send the kept zone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.app_database import rows
from tests.support.fake_telegram import FakeTelegram, answer_telegram_script_empty
from tests.support.telegram import signed_init_data
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

USER_ID = 7_310_001
# Counts every Intl constructor call from the first script on, with the time it happened.
COUNT_INTL = """
window.__intlCalls = [];
for (const name of ["DateTimeFormat", "NumberFormat", "PluralRules", "RelativeTimeFormat", "Collator"]) {
  const original = Intl[name];
  const counted = function (...args) {
    window.__intlCalls.push([name, performance.now()]);
    return new.target ? new original(...args) : original(...args);
  };
  counted.prototype = original.prototype;
  Intl[name] = counted;
}
"""


def stored_zone(database_url: str) -> str | None:
    found = rows(database_url, "SELECT timezone FROM gamification_streaks WHERE user_id = :u", u=USER_ID)
    return found[0][0] if found else None


def test_the_zone_is_read_after_the_first_screen_sent_once_and_kept_for_the_next_launch(
        browser, prod_server, prod_database_url):
    context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US", timezone_id="Asia/Tokyo")
    try:
        answer_telegram_script_empty(context)
        context.add_init_script(script=COUNT_INTL)
        FakeTelegram(init_data=signed_init_data({"id": USER_ID, "first_name": "Kenji"}), version="9.1").install(context)
        page = context.new_page()
        page.goto(prod_server + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("greeting")).to_have_text("Hi, Kenji!")
        expect(page.get_by_test_id("demo-card")).to_have_count(3)
        page.wait_for_timeout(1000)
        assert page.evaluate("window.__intlCalls") == [], "nothing on the way to the first screen starts ICU"
        assert page.evaluate("window.tmaBridge.timeZone()") == "", "a first launch has no zone yet"

        eventually(lambda: stored_zone(prod_database_url), lambda zone: zone == "Asia/Tokyo", timeout_s=15,
                   page=page, what="the zone read at an idle moment, stored for the user")
        assert page.evaluate("window.tmaBridge.timeZone()") == "Asia/Tokyo"

        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_test_id("demo-card")).to_have_count(3)
        page.wait_for_timeout(7000)
        assert page.evaluate("window.__intlCalls") == [], "a kept zone whose offsets still match is not read again"
        assert page.evaluate("window.tmaBridge.timeZone()") == "Asia/Tokyo"
    finally:
        context.close()
