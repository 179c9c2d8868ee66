"""Liveness and readiness: traffic only to a backend whose database is migrated (or newer)."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.database import downgrade, upgrade
from tma_app.health import api as health_api
from tma_app.health.readiness import is_ready, schema_status


def _get(path: str):
    with TestClient(Starlette(routes=health_api.routes)) as client:
        return client.get(path)


def test_schema_status_follows_the_migrations(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'ready.db'}")
    assert schema_status(engine) == "empty"
    upgrade(engine)
    assert schema_status(engine) == "current"
    downgrade(engine, "-1")
    assert schema_status(engine) == "behind"
    upgrade(engine)
    # A newer release migrated first (rolling upgrade), or this one was rolled back: still ready.
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'from_a_newer_release'"))
    assert schema_status(engine) == "newer"
    engine.dispose()


def test_unreachable_database_is_not_ready():
    assert schema_status(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")) == "unreachable"


def test_ready_needs_a_usable_schema_and_redis_when_configured():
    assert is_ready("current", "ok") and is_ready("newer", "not_configured")
    assert not is_ready("behind", "ok") and not is_ready("empty", "ok") and not is_ready("current", "down")


def test_probes_answer_over_http(migrated_engine):
    assert _get("/api/health/live").json() == {"status": "alive"}
    response = _get("/api/health/ready")
    assert response.status_code == 200 and response.json()["schema"] == "current"


def test_an_unmigrated_database_is_alive_but_not_ready(fresh_settings, tmp_path):
    from tma_app.core import db, settings

    fresh_settings.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unmigrated.db'}")
    settings.get_settings.cache_clear()
    db.get_engine.cache_clear()
    response = _get("/api/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "not_ready", "schema": "empty", "redis": "not_configured"}
    assert _get("/api/health/live").status_code == 200
