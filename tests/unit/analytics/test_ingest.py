"""Ingestion: each bad event gets its reason, good ones are stored once, client clocks are corrected."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from tma_app.analytics.ingest import IDENTITY_REASON, BatchError, InvalidEvent, ingest_body, parse_batch
from tma_app.analytics.models import AnalyticsEvent
from tma_app.analytics.tracking import event_uuid, track
from tma_app.core.db import session_scope

NOW = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)
NOW_MS = NOW.timestamp() * 1000


def event(**fields):
    base = {"id": str(uuid.uuid4()), "ts": NOW_MS - 5_000, "category": "navigation", "action": "page_view",
            "route": "/"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not DROP}


DROP = object()


def body(*events, sent_at=NOW_MS, **extra) -> bytes:
    return json.dumps({"sent_at": sent_at, "events": list(events), **extra}).encode()


def stored(*ids: str) -> dict[str, AnalyticsEvent]:
    with session_scope() as session:
        rows = session.exec(select(AnalyticsEvent).where(col(AnalyticsEvent.event_id).in_([uuid.UUID(i) for i in ids])))
        return {str(row.event_id): row for row in rows}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("not an object", "an event must be a JSON object"),
        (event(id="42"), "id must be a UUID (crypto.randomUUID())"),
        (event(id=DROP), "id must be a UUID (crypto.randomUUID())"),
        (event(ts="yesterday"), "ts must be the client's time in epoch milliseconds"),
        (event(ts=True), "ts must be the client's time in epoch milliseconds"),
        (event(ts=-1), "ts must be the client's time in epoch milliseconds"),
        (event(category=DROP), "category is missing"),
        (event(category="Navigation"), "category must be a lowercase name"),
        (event(action=7), "action must be a lowercase name"),
        (event(category="shopping"), "unknown category 'shopping' (known: assistant, demo, engagement, error, "
                                     "experiment, gamification, navigation, performance)"),
        (event(category="demo", action="finish", label="fitness"),
         "unknown action 'finish' in category 'demo' (known: complete, interact, start)"),
        (event(category="demo", action="start"), "demo/start needs a label"),
        (event(label=""), "label must be a non-empty string"),
        (event(label="x" * 65), "label is longer than 64 characters"),
        (event(value="fast"), "value must be a finite number"),
        (event(route="demos"), "route must be a path starting with /"),
        (event(route="/" + "a" * 200), "route is longer than 200 characters"),
        (event(route=DROP), "navigation/page_view needs a route"),
        (event(props=[1, 2]), "props must be an object"),
        (event(props={f"k{i}": i for i in range(17)}), "props has 17 keys; at most 16"),
        (event(props={"bad key": 1}), "props key 'bad key' must be letters, digits and _ (at most 40)"),
        (event(props={"nested": {"a": 1}}), "props.nested must be a string, number, boolean or null"),
        (event(props={"text": "x" * 257}), "props.text is longer than 256 characters"),
        (event(props={"user_id": 1}), IDENTITY_REASON),
        (event(user_id=1), IDENTITY_REASON),
        (event(colour="red"), "unknown field 'colour'"),
        (event(category="experiment", action="assign", label="homepage_cta"), "experiment/assign needs props.variant"),
        (event(ts=NOW_MS - 31 * 86_400_000), "older than 30 days after clock correction"),
    ],
)
def test_each_bad_event_is_rejected_with_its_reason_and_the_rest_are_kept(migrated_engine, bad, reason):
    good = event()
    report = ingest_body(body(good, bad), 5001, now=NOW)
    assert (report.accepted, report.duplicate, report.rejected) == (1, 0, 1)
    rejected = report.outcomes[1]
    assert (rejected.index, rejected.status, rejected.reason) == (1, "rejected", reason)
    assert list(stored(good["id"])) == [good["id"]]


@pytest.mark.parametrize(
    ("raw", "status", "code", "fragment"),
    [
        (b"{not json", 400, "MALFORMED_JSON", "not valid JSON"),
        (b'{"sent_at": NaN, "events": []}', 400, "MALFORMED_JSON", "NaN is not JSON"),
        (b"\xff\xfe", 400, "MALFORMED_JSON", "not valid JSON"),
        (b"[1, 2]", 400, "INVALID_BATCH", "JSON object"),
        (json.dumps({"sent_at": NOW_MS, "events": {}}).encode(), 400, "INVALID_BATCH", "'events' must be a list"),
        (json.dumps({"sent_at": NOW_MS, "events": []}).encode(), 400, "INVALID_BATCH", "'events' is empty"),
        (json.dumps({"events": [event()]}).encode(), 400, "INVALID_BATCH", "'sent_at'"),
        (json.dumps({"sent_at": "now", "events": [event()]}).encode(), 400, "INVALID_BATCH", "'sent_at'"),
        (json.dumps({"sent_at": NOW_MS, "anonymous_id": "me", "events": [event()]}).encode(), 400, "INVALID_BATCH",
         "'anonymous_id' must be a UUID"),
        (json.dumps({"sent_at": NOW_MS, "user_id": 1, "events": [event()]}).encode(), 400, "INVALID_BATCH",
         "only from the X-Telegram-Init-Data header"),
        (json.dumps({"sent_at": NOW_MS, "extra": 1, "events": [event()]}).encode(), 400, "INVALID_BATCH",
         "unknown field 'extra'"),
        (json.dumps({"sent_at": NOW_MS, "events": [event() for _ in range(101)]}).encode(), 413, "TOO_MANY_EVENTS",
         "at most 100"),
        (b" " * 65_537, 413, "PAYLOAD_TOO_LARGE", "65536 bytes"),
    ],
)
def test_a_bad_batch_is_refused_whole_with_status_code_and_reason(raw, status, code, fragment):
    with pytest.raises(BatchError) as caught:
        parse_batch(raw)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert fragment in caught.value.message


def test_a_retried_batch_is_stored_once_and_reported_as_duplicates(migrated_engine):
    events = [event() for _ in range(3)]
    first = ingest_body(body(*events), 5002, now=NOW)
    again = ingest_body(body(*events, events[0]), 5002, now=NOW)
    assert (first.accepted, first.duplicate) == (3, 0)
    assert (again.accepted, again.duplicate, again.rejected) == (0, 4, 0)
    assert len(stored(*(e["id"] for e in events))) == 3


def test_the_same_id_twice_in_one_batch_is_one_event(migrated_engine):
    twin = event()
    report = ingest_body(body(twin, dict(twin, id=twin["id"].upper())), 5003, now=NOW)
    assert [o.status for o in report.outcomes] == ["accepted", "duplicate"]


def test_client_clock_skew_is_corrected_from_the_send_time(migrated_engine):
    # The phone's clock is 2 hours behind: it stamped the event 10 s before it sent the batch.
    behind = NOW_MS - 2 * 3_600_000
    skewed = event(ts=behind - 10_000)
    ahead = event(ts=NOW_MS + 3_600_000 + 60_000)  # a clock 1 h ahead, stamped 1 min "after" sending
    ingest_body(body(skewed, sent_at=behind), 5004, now=NOW)
    ingest_body(body(ahead, sent_at=NOW_MS + 3_600_000), 5004, now=NOW)
    rows = stored(skewed["id"], ahead["id"])
    assert rows[skewed["id"]].occurred_at == NOW - timedelta(seconds=10)
    assert rows[skewed["id"]].clock_offset_ms == 2 * 3_600_000
    assert rows[ahead["id"]].occurred_at == NOW, "never in the future: clamped to the receive time"
    assert rows[ahead["id"]].clock_offset_ms == -3_600_000


def test_identity_and_fields_are_stored_as_given_by_the_server(migrated_engine):
    anonymous = str(uuid.uuid4())
    demo = event(category="demo", action="interact", label="fitness", value=3, props={"action": "log_set", "ok": True})
    ingest_body(body(demo, anonymous_id=anonymous), 5005, now=NOW)
    row = stored(demo["id"])[demo["id"]]
    assert (row.user_id, str(row.anonymous_id), row.source) == (5005, anonymous, "client")
    assert (row.category, row.action, row.label, row.value, row.route) == ("demo", "interact", "fitness", 3.0, "/")
    assert row.props == {"action": "log_set", "ok": True}


def test_server_side_track_uses_the_same_rules_and_is_exactly_once(migrated_engine):
    key = f"domain-event-{uuid.uuid4().hex}:level:3"
    assert track(5006, "gamification", "level_up", value=3, event_id=key) == "accepted"
    assert track(5006, "gamification", "level_up", value=3, event_id=key) == "duplicate"
    row = stored(str(event_uuid(key)))[str(event_uuid(key))]
    assert (row.user_id, row.source, row.value) == (5006, "server", 3.0)
    with pytest.raises(InvalidEvent, match="unknown action 'levelup'"):
        track(5006, "gamification", "levelup")
    with pytest.raises(InvalidEvent, match="demo/complete needs a label"):
        track(5006, "demo", "complete", order_id=1)


def test_event_uuid_keeps_uuids_and_names_the_rest_stably():
    fixed = uuid.uuid4()
    assert event_uuid(fixed) == fixed and event_uuid(str(fixed)) == fixed and event_uuid(fixed.hex) == fixed
    assert event_uuid("abc:level:2") == event_uuid("abc:level:2") != event_uuid("abc:level:3")
    assert event_uuid() != event_uuid()
