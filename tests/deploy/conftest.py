"""The self-hosted topology of docs/deploy.md on loopback (tests/support/topology.py), for
`make deploy-check`: nginx in front of backend a and backend b, sharing PostgreSQL (a database of
this run) and Redis (state, and a key prefix of this run).
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import TEST_BOT_TOKEN
from tests.e2e.conftest import ADMIN_ID, _free_port, browser, copy_app  # noqa: F401 - browser is a fixture
from tests.support.services import postgres_url, redis_url, unavailable
from tests.support.topology import NGINX, Topology, build

ROOT = Path(__file__).resolve().parents[2]
# Set by tests/conftest.py for the suite; a deployment has its own.
SUITE_ENV = ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "REDIS_KEY_PREFIX", "SENTRY_DSN",
             "OPENAI_API_KEY", "PUBLIC_URL", "ADMIN_TELEGRAM_IDS")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A database of this run on the PostgreSQL server, dropped afterwards."""
    admin_url = make_url(postgres_url())
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure to connect means "not here"
        unavailable("PostgreSQL", f"{admin_url.render_as_string(hide_password=True)}: {error.__class__.__name__}")
    name = f"tma_deploy_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_key_prefix() -> Iterator[str]:
    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        unavailable("Redis", f"{redis_url()}: {error.__class__.__name__}")
    prefix = f"tma-deploy-{uuid.uuid4().hex[:10]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(scope="session")
def topology(tmp_path_factory, database_url, redis_key_prefix) -> Iterator[Topology]:
    if not Path(NGINX).exists():
        unavailable("nginx", f"{NGINX} not installed (make deploy-check installs Debian's nginx)")
    work = tmp_path_factory.mktemp("deploy")
    app_dir = copy_app(work / "app")
    shutil.copytree(ROOT / "deploy", app_dir / "deploy", ignore=shutil.ignore_patterns("__pycache__"))
    proxy_port = _free_port()
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in SUITE_ENV and not k.startswith("REFLEX_")}
    env.update({
        "PATH": f"{venv_bin}:{env.get('PATH', '')}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "APP_ENV": "prod",
        "TELEGRAM_BOT_TOKEN": TEST_BOT_TOKEN,
        "PUBLIC_URL": f"http://127.0.0.1:{proxy_port}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "REDIS_KEY_PREFIX": redis_key_prefix,
        "ADMIN_TELEGRAM_IDS": str(ADMIN_ID),
        "GRANIAN_WORKERS": "1",
    })
    with build(app_dir, work, env, proxy_port, {"a": _free_port(), "b": _free_port()}) as topo:
        yield topo
