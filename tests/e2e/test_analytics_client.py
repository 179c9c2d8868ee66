"""The analytics client in Chromium inside the fake Telegram: a persistent queue, exactly-once delivery,
urgent sends on Telegram's `deactivated`, page views on client-side navigation, Web Vitals."""

from __future__ import annotations

import contextlib
import json

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.app_database import rows
from tests.support.fake_telegram import FakeTelegram, fire, signed_in
from tests.support.waiting import eventually

pytestmark = pytest.mark.e2e

EVENTS = "**/api/{analytics/events,vitals}"
QUEUED_IDS = "() => Object.keys(localStorage).filter(k => k.startsWith('tma-ae:')).map(k => k.slice(7))"


def telegram(user_id: int) -> FakeTelegram:
    return signed_in(user_id, version="8.0")


def stored_ids(database_url: str, user_id: int) -> list[str]:
    # What the browser sent (server-side events, e.g. experiment exposures, are not counted); SQLite keeps
    # UUIDs as 32 hex digits.
    found = rows(database_url, "SELECT event_id FROM analytics_events WHERE user_id = :u AND source = 'client'",
                 u=user_id)
    return [str(row[0]) for row in found]


def hex_id(event_id: str) -> str:
    return event_id.replace("-", "").lower()


def responses_of(page) -> list:
    """Every answer of the events and vitals routes this page sees (read after the fact: the sync API
    cannot wait for a body inside an event handler)."""
    seen: list = []
    page.on("response", lambda r: seen.append(r) if r.url.endswith(("/api/analytics/events", "/api/vitals")) else None)
    return seen


def results(responses) -> list[dict]:
    """The per-event results of every 2xx answer."""
    return [result for r in responses if r.request.method == "POST" and r.ok for result in r.json()["results"]]


def go_offline(page) -> None:
    """Make the events route unreachable for the whole context."""
    page.context.route(EVENTS, lambda route: route.abort("internetdisconnected"))


def client_loaded(page) -> None:
    """The client arrives after the first screen (assets/analytics/loader.js: load, then idle)."""
    page.wait_for_function("() => !!window.tmaAnalytics")


def queue_while_offline(page, label: str) -> set[str]:
    """Queue a tap while the API is unreachable; returns the ids waiting in localStorage."""
    go_offline(page)
    expect(page.get_by_test_id("greeting")).to_be_visible()
    client_loaded(page)
    with page.expect_event("requestfailed", lambda request: label in (request.post_data or "")):
        page.evaluate("(label) => window.tmaAnalytics.track('engagement', 'click', {label})", label)
    return set(page.evaluate(QUEUED_IDS))  # it tried, and the network failed


def test_events_queued_while_offline_survive_a_crash_and_arrive_exactly_once(open_app, prod_database_url):
    user = 890101
    page = open_app(telegram(user))
    offline = queue_while_offline(page, "offline-tap")
    assert len(offline) >= 2 and stored_ids(prod_database_url, user) == []
    url, context = page.url, page.context

    # The renderer dies: no pagehide, no last-moment send. The next launch finds the queue.
    crashed: list = []
    page.on("crash", lambda crashed_page: crashed.append(crashed_page))
    with contextlib.suppress(PlaywrightError):  # a crashed renderer never answers the command
        context.new_cdp_session(page).send("Page.crash", timeout=3000)
    assert crashed, "the renderer crashed"
    page = context.new_page()
    responses = responses_of(page)
    page.goto(url, wait_until="domcontentloaded")
    expect(page.get_by_test_id("greeting")).to_be_visible()
    client_loaded(page)
    assert offline <= set(page.evaluate(QUEUED_IDS)), "the queue survived the crash"
    assert stored_ids(prod_database_url, user) == []

    context.unroute(EVENTS)  # the API is reachable again
    page.evaluate("() => window.tmaAnalytics.flush()")
    page.wait_for_function("(ids) => ids.every(id => !localStorage.getItem('tma-ae:' + id))", arg=sorted(offline),
                           timeout=30_000)
    stored = stored_ids(prod_database_url, user)
    assert all(stored.count(hex_id(event_id)) == 1 for event_id in offline)
    accepted = [r["id"] for r in results(responses) if r["status"] == "accepted"]
    duplicates = [r["id"] for r in results(responses) if r["status"] == "duplicate"]
    assert sorted(i for i in accepted if i in offline) == sorted(offline), "each accepted once"
    assert not offline & set(duplicates), "nothing sent again after the server took it"
    routes = rows(prod_database_url, "SELECT route FROM analytics_events WHERE user_id = :u AND action = 'page_view'",
                  u=user)
    assert [r[0] for r in routes] == ["/", "/"], "one page view per launch"


def test_events_queued_while_offline_arrive_exactly_once_across_a_reload(open_app, prod_database_url):
    user = 890104
    page = open_app(telegram(user))
    offline = queue_while_offline(page, "reload-tap")
    # The page leaving sends what is queued with a keepalive request. Playwright's routing does not
    # see a request that outlives its page, so it may reach the server now, with the answer lost
    # with the page: the events then stay queued and are sent again after the reload.
    page.reload()
    expect(page.get_by_test_id("greeting")).to_be_visible()
    client_loaded(page)
    assert offline <= set(page.evaluate(QUEUED_IDS)) | {i for i in offline if hex_id(i) in
                                                       stored_ids(prod_database_url, user)}
    page.context.unroute(EVENTS)
    page.evaluate("() => window.tmaAnalytics.flush()")
    page.wait_for_function("(ids) => ids.every(id => !localStorage.getItem('tma-ae:' + id))", arg=sorted(offline),
                           timeout=30_000)
    stored = stored_ids(prod_database_url, user)
    assert all(stored.count(hex_id(event_id)) == 1 for event_id in offline)
    assert len(stored) == len(set(stored))


def test_deactivated_sends_at_once_with_the_init_data_header(open_app, prod_database_url):
    user = 890102
    page = open_app(telegram(user))
    expect(page.get_by_test_id("greeting")).to_be_visible()
    page.wait_for_function("() => window.tmaAnalytics && window.tmaAnalytics.queued() >= 1")
    with page.expect_request(lambda r: r.url.endswith("/api/analytics/events"), timeout=900) as caught:
        fire(page, "deactivated")  # sooner than the 1 s batching delay
    request = caught.value
    assert request.headers["x-telegram-init-data"] == page.evaluate("() => window.Telegram.WebApp.initData")
    body = json.loads(request.post_data)
    assert {"page_view", "app_deactivated"} <= {e["action"] for e in body["events"]}
    assert isinstance(body["sent_at"], (int, float)) and all("user_id" not in e for e in body["events"])
    page.wait_for_function("() => window.tmaAnalytics.queued() === 0", timeout=10_000)
    actions = rows(prod_database_url, "SELECT action FROM analytics_events WHERE user_id = :u", u=user)
    assert {"page_view", "app_deactivated"} <= {a[0] for a in actions}


def test_client_side_navigation_is_a_page_view_and_vitals_carry_their_tags(open_app, prod_database_url):
    user = 890103
    page = open_app(telegram(user))
    expect(page.get_by_test_id("greeting")).to_be_visible()
    vitals_sent: list[str] = []
    page.on("request", lambda r: vitals_sent.append(r.post_data or "") if r.url.endswith("/api/vitals") else None)
    page.get_by_test_id("demo-card").first.click()  # the first tap also starts loading the client
    page.wait_for_url("**/demos/**")
    demo_route = "/" + page.url.split("/", 3)[3].split("?")[0]
    # web-vitals settles LCP at the first trusted input it sees, and the tap above came before it loaded:
    # once it runs (its FCP, reported at once, was sent), a key press is that input.
    eventually(lambda: any("FCP" in body for body in vitals_sent), what="the FCP vital sent", page=page)
    page.keyboard.press("Shift")
    # What a phone does when the user switches apps: the page becomes hidden (CLS and INP are final then).
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    page.wait_for_function("() => window.tmaAnalytics && window.tmaAnalytics.queued() === 0", timeout=20_000)
    views = rows(prod_database_url, "SELECT route FROM analytics_events WHERE user_id = :u AND action = 'page_view' "
                 "ORDER BY occurred_at", u=user)
    assert [v[0] for v in views] == ["/", demo_route]
    vitals = rows(prod_database_url, "SELECT label, route, value, props FROM analytics_events "
                  "WHERE user_id = :u AND action = 'web_vitals'", u=user)
    by_metric = {label: (route, value, json.loads(props)) for label, route, value, props in vitals}
    assert {"FCP", "TTFB", "LCP", "CLS"} <= by_metric.keys()
    route, value, props = by_metric["LCP"]
    assert route == "/", "vitals belong to the route the page was loaded on"
    assert value > 0 and props["rating"] in {"good", "needs-improvement", "poor"}
    assert (props["platform"], props["webapp_version"], props["view_mode"]) == ("ios", "8.0", "expanded")
    assert props["metric_id"].startswith("v5-")
