"""Seed demo data idempotently: `python -m tma_app.seed` (run by `make run`)."""

from __future__ import annotations

import logging

from tma_app.core.db import session_scope
from tma_app.core.logging import configure_logging
from tma_app.demo_catalog.service import seed_catalog
from tma_app.demos.ecommerce.seed import mark_available as open_ecommerce
from tma_app.demos.ecommerce.seed import seed_ecommerce
from tma_app.demos.fitness.seed import mark_available as open_fitness
from tma_app.demos.fitness.seed import seed_fitness
from tma_app.demos.restaurant.seed import mark_available as open_restaurant
from tma_app.demos.restaurant.seed import seed_restaurant

log = logging.getLogger("tma_app.seed")


def seed_all() -> dict[str, int]:
    with session_scope() as session:
        counts = {
            "demos": seed_catalog(session),
            "ecommerce_products": seed_ecommerce(session),
            "fitness_exercises": seed_fitness(session),
            "restaurant_dishes": seed_restaurant(session),
        }
        # Demos whose screens have shipped are opened in the catalog.
        open_restaurant(session)
        open_ecommerce(session)
        open_fitness(session)
        return counts


if __name__ == "__main__":
    configure_logging()
    log.info("seeded %s", seed_all())
