"""The Dockerfile, compose file and docs/deploy.md say what `make deploy-check` runs.

Docker is not available where the suite runs, so the images are not built here; these checks keep
their commands, services and settings from drifting away from the tested topology.
"""

from __future__ import annotations

import re
from pathlib import Path

from tma_app.core.settings import Settings
from tma_app.health.api import routes as health_routes

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
COMPOSE = (ROOT / "deploy" / "compose.yaml").read_text()
DOCS = (ROOT / "docs" / "deploy.md").read_text()
# What deploy-check builds and runs: tests/support/topology.py (tests/deploy/conftest.py calls it).
DEPLOY_CHECK = (ROOT / "tests" / "support" / "topology.py").read_text()


def test_the_images_run_the_commands_deploy_check_runs():
    backend = '"reflex", "run", "--env", "prod", "--backend-only"'
    assert backend in DOCKERFILE
    assert '"run", "--env", "prod", "--backend-only"' in DEPLOY_CHECK
    assert "alembic upgrade head && python -m tma_app.seed" in DOCKERFILE
    assert '"-m", "alembic", "upgrade", "head"' in DEPLOY_CHECK and '"-m", "tma_app.seed"' in DEPLOY_CHECK
    assert "reflex export --frontend-only --no-zip" in DOCKERFILE
    assert '"export", "--frontend-only", "--no-zip"' in DEPLOY_CHECK
    assert "python -m deploy.nginx" in DOCKERFILE and '"-m", "deploy.nginx"' in DEPLOY_CHECK
    assert "apt-get install -y --no-install-recommends nginx" in DOCKERFILE  # Debian's, as tested


def test_the_proxy_upstreams_are_the_compose_backends():
    upstreams = re.findall(r"--backend (\S+):8000", DOCKERFILE)
    assert upstreams == ["backend-1", "backend-2"]
    for name in upstreams:
        assert re.search(rf"^  {name}:", COMPOSE, re.MULTILINE), f"compose has no service {name}"
    for service in ("postgres", "redis", "migrate", "proxy"):
        assert re.search(rf"^  {service}:", COMPOSE, re.MULTILINE)
    assert "condition: service_completed_successfully" in COMPOSE  # backends wait for the migrations


def test_the_healthchecks_use_routes_that_exist():
    paths = {route.path for route in health_routes}
    for path in re.findall(r"(/api/health[/\w]*)", DOCKERFILE + COMPOSE + DOCS):
        assert path in paths, path


def test_every_setting_is_passed_by_compose_and_documented():
    for name in Settings.model_fields:
        assert re.search(rf"^    {name}:", COMPOSE, re.MULTILINE), f"compose does not pass {name}"
        assert f"`{name}`" in DOCS, f"docs/deploy.md does not describe {name}"
