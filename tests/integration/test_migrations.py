"""Migrations and models agree on both engines, and the migrations run both ways."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.support.database import downgrade, upgrade
from tma_app.core.db import make_engine
from tma_app.tables import metadata

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("postgres_engine")


def _differences(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_autogenerate_finds_no_difference_after_upgrade(engine):
    upgrade(engine)
    assert _differences(engine) == []
    assert {"users", "demos", "alembic_version"} <= set(inspect(engine).get_table_names())


def test_downgrade_to_base_and_back(engine):
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert _differences(engine) == []
