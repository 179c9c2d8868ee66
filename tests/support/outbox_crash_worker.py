"""Run the outbox worker in a process of its own and kill it mid-work.

    python -m tests.support.outbox_crash_worker <kill_after>

Applies gamification events in small batches and calls os._exit after the
`kill_after`-th event has been applied inside its still-open transaction: the
process dies between "applied" and "acknowledged". Exits 0 when the queue ran
dry first. DATABASE_URL points at the database.
"""

from __future__ import annotations

import os
import sys

from tma_app.core import outbox
from tma_app.core.outbox_worker import drain
from tma_app.gamification.subscribers import AWARDED_EVENTS, CONSUMER, apply_event


def main(kill_after: int) -> None:
    applied = 0

    def apply_then_maybe_die(session, event):
        nonlocal applied
        apply_event(session, event)
        session.flush()
        applied += 1
        if applied == kill_after:
            os._exit(137)

    outbox.register(CONSUMER, AWARDED_EVENTS, apply_then_maybe_die)
    drain(limit=7)


if __name__ == "__main__":
    main(int(sys.argv[1]))
