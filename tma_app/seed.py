"""Seed demo data idempotently: `python -m tma_app.seed` (run by `make run`)."""

from __future__ import annotations

import logging

from tma_app.core.db import session_scope
from tma_app.core.logging import configure_logging
from tma_app.demos.catalog import seed_catalog

log = logging.getLogger("tma_app.seed")


def seed_all() -> dict[str, int]:
    with session_scope() as session:
        return {"demos": seed_catalog(session)}


if __name__ == "__main__":
    configure_logging()
    log.info("seeded %s", seed_all())
