"""The ingest routes over HTTP, through the app's real middleware: identity, CSRF, limits, caps."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from sqlmodel import select

from tests.support.telegram import signed_init_data
from tma_app.analytics.models import AnalyticsEvent
from tma_app.core.db import session_scope

EVENTS = "/api/analytics/events"
VITALS = "/api/vitals"


def header(user_id: int) -> dict[str, str]:
    return {"X-Telegram-Init-Data": signed_init_data({"id": user_id})}


def now_ms() -> float:
    return time.time() * 1000


def page_view(**fields):
    return {"id": str(uuid.uuid4()), "ts": now_ms(), "category": "navigation", "action": "page_view",
            "route": "/", **fields}


def batch(*events, **extra) -> dict:
    return {"sent_at": now_ms(), "events": list(events), **extra}


def rows_for(user_id: int) -> list[AnalyticsEvent]:
    with session_scope() as session:
        return list(session.exec(select(AnalyticsEvent).where(AnalyticsEvent.user_id == user_id)))


def test_a_batch_is_accepted_with_counts_and_per_event_results(api_client):
    good, bad = page_view(), page_view(category="nope")
    response = api_client.post(EVENTS, json=batch(good, bad), headers=header(7101))
    assert response.status_code == 202
    body = response.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (1, 0, 1)
    assert body["results"][0] == {"index": 0, "id": good["id"], "status": "accepted"}
    assert body["results"][1]["reason"].startswith("unknown category 'nope'")
    assert response.headers["X-RateLimit-Tier"] == "analytics" and response.headers["X-RateLimit-Limit"] == "30"
    assert [str(r.event_id) for r in rows_for(7101)] == [good["id"]]


def test_the_user_comes_from_the_header_never_from_the_body(api_client):
    response = api_client.post(EVENTS, json=batch(page_view(user_id=1)), headers=header(7102))
    assert response.json()["results"][0]["reason"].startswith("user ids come only from the X-Telegram-Init-Data")
    response = api_client.post(EVENTS, json=batch(page_view()), headers=header(7102))
    assert response.json()["accepted"] == 1
    assert [r.user_id for r in rows_for(7102)] == [7102]
    assert rows_for(1) == []


@pytest.mark.parametrize("path", [EVENTS, VITALS])
def test_writes_need_a_verified_launch(api_client, path):
    missing = api_client.post(path, json=batch(page_view()))
    forged = api_client.post(path, json=batch(page_view()),
                         headers={"X-Telegram-Init-Data": signed_init_data({"id": 7103}).replace("7103", "7104")})
    for response in (missing, forged):
        assert response.status_code == 401 and response.json()["code"] == "UNAUTHORIZED"


def test_a_declared_oversized_body_is_refused_before_it_is_read(api_client):
    response = api_client.post(EVENTS, content=b"{" * 10, headers={**header(7105), "Content-Length": "70000"})
    assert response.status_code == 413
    assert response.json() == {"code": "PAYLOAD_TOO_LARGE", "message": "the body is over 65536 bytes"}


def test_an_oversized_body_without_a_length_is_cut_off(api_client):
    def chunks():
        for _ in range(20):
            yield b" " * 4096

    response = api_client.post(EVENTS, content=chunks(), headers=header(7106))
    assert response.status_code == 413 and response.json()["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{oops", 400, "MALFORMED_JSON"),
        (b'"events"', 400, "INVALID_BATCH"),
        (json.dumps({"sent_at": "soon", "events": [page_view()]}).encode(), 400, "INVALID_BATCH"),
        (json.dumps({"sent_at": 1, "events": [page_view() for _ in range(101)]}).encode(), 413, "TOO_MANY_EVENTS"),
        (json.dumps({"sent_at": 1, "metrics": []}).encode(), 400, "INVALID_BATCH"),
    ],
)
def test_bad_bodies_get_a_4xx_with_a_reason_never_a_500(api_client, content, status, code):
    response = api_client.post(EVENTS, content=content, headers={**header(7107), "Content-Type": "application/json"})
    assert response.status_code == status
    assert response.json()["code"] == code and response.json()["message"]


def test_the_analytics_tier_limits_a_user_to_30_batches_a_minute(api_client):
    user = 7108
    answers = []
    for _ in range(31):
        answers.append(api_client.post(EVENTS, json=batch(page_view()), headers=header(user)))
        time.sleep(0.11)  # slower than the anomaly rule's 100 ms, so the tier alone decides
    assert [a.status_code for a in answers[:30]] == [202] * 30
    assert answers[30].status_code == 429 and answers[30].json()["code"] == "RATE_LIMITED"
    assert len(rows_for(user)) == 30


def vital(**fields):
    report = {"id": str(uuid.uuid4()), "ts": now_ms(), "name": "LCP", "value": 2710.5, "route": "/demos/fitness",
              "metric_id": "v5-1-2", "delta": 2710.5, "rating": "good", "navigation_type": "navigate",
              "platform": "ios", "webapp_version": "8.0", "view_mode": "fullscreen",
              "attribution": {"target": "img.hero", "timeToFirstByte": 120.5}}
    report.update(fields)
    return report


def test_web_vitals_are_stored_as_performance_events_with_their_tags(api_client):
    lcp, fid = vital(), vital(name="FID", value=12, metric_id="v5-1-3", attribution=None)
    response = api_client.post(VITALS, json={"sent_at": now_ms(), "metrics": [lcp, fid]}, headers=header(7109))
    assert response.status_code == 202 and response.json()["accepted"] == 2
    rows = {r.label: r for r in rows_for(7109)}
    assert (rows["LCP"].category, rows["LCP"].action, rows["LCP"].value) == ("performance", "web_vitals", 2710.5)
    assert rows["LCP"].route == "/demos/fitness"
    assert rows["LCP"].props == {
        "rating": "needs-improvement",  # the server's rating (2710 ms > 2500), not the client's claim
        "delta": 2710.5, "metric_id": "v5-1-2", "navigation_type": "navigate", "platform": "ios",
        "webapp_version": "8.0", "view_mode": "fullscreen", "attr_target": "img.hero",
        "attr_timeToFirstByte": 120.5,
    }
    assert rows["FID"].props["rating"] == "good", "FID is still accepted from old clients"


@pytest.mark.parametrize(
    ("report", "reason"),
    [
        (vital(name="TTI"),
         "unknown metric 'TTI' (collected: LCP, INP, CLS, FCP, TTFB; accepted for compatibility: FID)"),
        (vital(value=-1), "value must be a finite number >= 0"),
        (vital(value="1s"), "value must be a finite number >= 0"),
        (vital(view_mode="tiny"), "view_mode must be one of fullscreen, expanded, compact"),
        (vital(platform=7), "platform must be a string of at most 32 characters"),
        (vital(delta="x"), "delta must be a number"),
        (vital(attribution={f"k{i}": i for i in range(9)}), "attribution must be an object of at most 8 fields"),
        (vital(attribution={"node": {"tag": "img"}}), "props.attr_node must be a string, number, boolean or null"),
        (vital(user_id=5), "user ids come only from the X-Telegram-Init-Data header, never from the body"),
        (vital(colour=1), "unknown field 'colour'"),
        (vital(route=None), "performance/web_vitals needs a route"),
        (vital(id="v5-1-2"), "id must be a UUID (crypto.randomUUID())"),
    ],
)
def test_each_bad_vitals_report_gets_its_reason(api_client, report, reason):
    response = api_client.post(VITALS, json={"sent_at": now_ms(), "metrics": [report]}, headers=header(7110))
    assert response.status_code == 202
    assert response.json()["results"][0]["status"] == "rejected"
    assert response.json()["results"][0]["reason"] == reason
