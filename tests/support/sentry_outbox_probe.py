"""One outbox row whose consumer keeps failing, in a process with Sentry on.

    python -m tests.support.sentry_outbox_probe

The test sets SENTRY_DSN (a fake ingest), DATABASE_URL, TELEGRAM_BOT_TOKEN, OPENAI_API_KEY and
PROBE_INIT_DATA. The row fails three times (each retry made due at once) with initData, the bot
token and the key in the error's message and in the consumer's local variables.
"""

from __future__ import annotations

import os
from datetime import timedelta

import sentry_sdk
from sqlmodel import Session

from tma_app.core import outbox
from tma_app.core.db import get_engine, session_scope, table_of
from tma_app.core.events import DomainEvent
from tma_app.core.logging import configure_logging, init_sentry
from tma_app.core.outbox import OutboxRow
from tma_app.core.outbox_worker import drain
from tma_app.core.time import utcnow

USER_ID = 4240001
OPENAI_KEY = "sk-probe-outbox-0123456789abcdef"


def main() -> None:
    configure_logging()
    assert init_sentry(), "SENTRY_DSN must be set"
    OutboxRow.metadata.create_all(get_engine(), tables=[table_of(OutboxRow)])
    init_data = os.environ["PROBE_INIT_DATA"]

    def handle(session: Session, event: DomainEvent) -> None:
        bot_token = os.environ["TELEGRAM_BOT_TOKEN"]
        openai_api_key = os.environ["OPENAI_API_KEY"]
        raise RuntimeError(f"consumer failed for {init_data} with {bot_token} and {openai_api_key}")

    outbox.register("probe", ("probe_failed",), handle)
    with session_scope() as session:
        outbox.publish(session, DomainEvent("probe_failed", USER_ID, {"note": "fails every time"}))
    for attempt in range(3):
        drain(now=utcnow() + timedelta(hours=attempt + 1))
    sentry_sdk.flush(timeout=10)


if __name__ == "__main__":
    main()
