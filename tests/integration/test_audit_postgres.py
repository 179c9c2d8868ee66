"""The audit log on PostgreSQL: survives a failed first write, holds no secrets."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.conftest import TEST_BOT_TOKEN
from tests.support.database import upgrade
from tests.support.telegram import signed_init_data
from tma_app.core.db import get_engine, session_scope
from tma_app.security.audit import AuditEntry, AuditWriter, clean_metadata, insert_batch
from tma_app.security.models import AuditLog
from tma_app.session.service import ClientInfo, open_session

pytestmark = pytest.mark.integration


@pytest.fixture
def audited_postgres(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    return get_engine()


def test_first_write_lost_connection_is_retried(audited_postgres):
    attempts = []

    def first_write_hits_a_dead_connection(entries):
        attempts.append(1)
        if len(attempts) == 1:
            # A real failure from the server: this session is killed mid-transaction.
            with audited_postgres.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        insert_batch(entries)

    writer = AuditWriter(first_write_hits_a_dead_connection, backoff_s=(0.05,))
    writer.record(AuditEntry(action="pg.retry", resource="thing", telegram_id=2**52 - 2,
                             metadata=clean_metadata({"k": "v"})))
    assert writer.flush(10)
    assert len(attempts) == 2
    with session_scope() as session:
        rows = session.exec(select(AuditLog).where(AuditLog.action == "pg.retry")).all()
    assert len(rows) == 1 and rows[0].telegram_id == 2**52 - 2 and rows[0].details == {"k": "v"}


def test_audit_entries_hold_no_secrets(audited_postgres):
    from tma_app.security import audit

    raw = signed_init_data({"id": 31}, start_param="ref_secretish")
    open_session(raw, ClientInfo("203.0.113.9", "Mozilla/5.0 Telegram", "http"))
    audit.record("pg.scan", "user", telegram_id=31, metadata={"initData": raw, "token": TEST_BOT_TOKEN,
                                                               "note": "bot " + TEST_BOT_TOKEN})
    assert audit.flush(10)
    with audited_postgres.connect() as connection:
        dump = " ".join(str(row) for row in connection.execute(text("SELECT * FROM audit_logs")))
    assert "session.open" in dump and "203.0.113.9" in dump
    for secret in (TEST_BOT_TOKEN, raw, "hash=", "auth_date", TEST_BOT_TOKEN.split(":")[1]):
        assert secret not in dump
