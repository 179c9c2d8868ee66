import json
import threading

from sqlalchemy.exc import OperationalError
from sqlmodel import select

from tests.conftest import TEST_BOT_TOKEN
from tests.support.telegram import signed_init_data
from tma_app.core.db import session_scope
from tma_app.security import audit
from tma_app.security.audit import AuditEntry, AuditWriter, clean_metadata, insert_batch
from tma_app.security.models import AuditLog


def test_metadata_never_keeps_secrets():
    raw = signed_init_data()
    cleaned = clean_metadata(
        {
            "init_data": raw,
            "initData": raw,
            "X-Telegram-Init-Data": raw,
            "bot_token": TEST_BOT_TOKEN,
            "note": f"token was {TEST_BOT_TOKEN}",
            "nested": {"password": "hunter2", "ok": [1, "two", {"api_key": "k"}]},
            "long": "x" * 5000,
        }
    )
    dumped = json.dumps(cleaned)
    assert TEST_BOT_TOKEN not in dumped and "hunter2" not in dumped and raw not in dumped
    assert cleaned["nested"] == {"ok": [1, "two", {}]}
    assert len(cleaned["long"]) == 500


def test_a_failed_write_is_retried_until_it_lands(migrated_engine):
    calls = []
    first_failed = threading.Event()

    def flaky(entries):
        calls.append(len(entries))
        if len(calls) == 1:
            first_failed.set()
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        insert_batch(entries)

    writer = AuditWriter(flaky, backoff_s=(0.01,))
    writer.record(AuditEntry(action="test.retry", resource="thing", resource_id="r-1", telegram_id=5))
    assert writer.flush(timeout=5)
    assert first_failed.is_set() and len(calls) == 2
    with session_scope() as session:
        rows = session.exec(select(AuditLog).where(AuditLog.action == "test.retry")).all()
    assert len(rows) == 1 and rows[0].resource_id == "r-1" and rows[0].telegram_id == 5


def test_record_returns_at_once_and_the_entry_is_written(migrated_engine):
    audit.record(
        "test.record",
        "user",
        telegram_id=2**52 - 9,
        resource_id=77,
        metadata={"init_data": "secret", "channel": "http"},
        ip_address="10.0.0.1",
        user_agent="Telegram-iOS",
    )
    assert audit.flush(5)
    with session_scope() as session:
        row = session.exec(select(AuditLog).where(AuditLog.action == "test.record")).one()
        latest = audit.recent(session, 1)
    assert row.details == {"channel": "http"} and row.resource_id == "77" and row.ip_address == "10.0.0.1"
    assert latest[0].id >= row.id
