"""GET /api/health against real services, and when they fail."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.support.database import upgrade
from tma_app.health import api as health_api

pytestmark = pytest.mark.integration


def _get_health():
    with TestClient(Starlette(routes=health_api.routes)) as client:
        return client.get("/api/health")


def test_healthy_on_postgres_and_redis(app_on_services, postgres_engine):
    upgrade(postgres_engine)
    response = _get_health()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_redis_down_is_degraded_not_dead(app_on_services):
    app_on_services.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    response = _get_health()
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "down"}


def test_database_down_is_503_with_a_body(app_on_services):
    app_on_services.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    response = _get_health()
    assert response.status_code == 503
    assert response.json()["database"] == "down" and response.json()["status"] == "down"
