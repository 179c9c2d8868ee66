"""`make deploy-check`: the self-hosted topology of docs/deploy.md (tests/support/topology.py), with the
frontend exported and served by the proxy, for a browser."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import TEST_BOT_TOKEN
from tests.e2e.conftest import ADMIN_ID, browser  # noqa: F401 - browser is a fixture
from tests.support import services
from tests.support import topology as deployment
from tests.support.services import redis_url
from tests.support.topology import Topology


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A database of this run on the PostgreSQL server, dropped afterwards."""
    with services.run_database("tma_deploy") as url:
        yield url


@pytest.fixture(scope="session")
def redis_key_prefix() -> Iterator[str]:
    with services.redis_key_prefix(redis_url(), "tma-deploy") as prefix:
        yield prefix


@pytest.fixture(scope="session")
def topology(tmp_path_factory, database_url, redis_key_prefix) -> Iterator[Topology]:
    with deployment.topology(tmp_path_factory.mktemp("deploy"), database_url=database_url, redis_url=redis_url(),
                             redis_key_prefix=redis_key_prefix, admin_id=ADMIN_ID, bot_token=TEST_BOT_TOKEN) as topo:
        yield topo
