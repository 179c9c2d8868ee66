"""`make fault-check`: the deploy topology (tests/support/topology.py) with links the tests can break.

    users (tests/support/crowd.py) ─> front link ─> nginx ─> backend a, backend b ─┬─> PostgreSQL link ─> PostgreSQL
                                      (latency)                                     │   (frozen: a paused server)
                                                                                    └─> a redis-server of this run
                                                                                        (killed and started again)

One topology for the whole session (building it is most of the suite's time); each test brings
its own crowd of simulated users and leaves both backends running, checked for crashes.
No static export: the users speak the websocket protocol, so the proxy serves an empty root.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import TEST_BOT_TOKEN
from tests.e2e.conftest import ADMIN_ID, _free_port
from tests.support import services
from tests.support import topology as deployment
from tests.support.crowd import Crowd, UserLog
from tests.support.invariants import assert_invariants
from tests.support.loopback_link import LoopbackLink
from tests.support.redis_server import DisposableRedis
from tests.support.topology import Topology


@dataclass
class Faults:
    """What the tests break, and the topology they break it in."""

    topology: Topology
    redis: DisposableRedis
    database_link: LoopbackLink  # between the backends and PostgreSQL
    front: LoopbackLink  # between the users and the proxy
    database_url: str  # PostgreSQL itself, for the test's own reads
    killed: list[str] = field(default_factory=list)  # backends this test killed on purpose

    @property
    def url(self) -> str:
        return self.topology.url

    def check_invariants(self, crowd: Crowd, accepted_analytics: Iterable[str] = (),
                         extra_users: Iterable[UserLog] = ()) -> None:
        """After the fault: the outbox drained, then every invariant, with what the crowd (and any user
        the test drove itself) was told."""
        users = [*crowd.logs, *extra_users]
        assert_invariants(self.database_url, orders={log.user_id: log.accepted.values() for log in users},
                          accepted_analytics=accepted_analytics)


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with services.run_database("tma_faults") as url:
        yield url


@pytest.fixture(scope="session")
def faults(tmp_path_factory, database_url) -> Iterator[Faults]:
    work = tmp_path_factory.mktemp("faults")
    redis = DisposableRedis(work, _free_port())
    redis.start()
    direct = make_url(database_url)
    database_link = LoopbackLink(_free_port(), direct.port or 5432)
    database_link.up()
    through_link = direct.set(host="127.0.0.1", port=database_link.port).render_as_string(hide_password=False)
    public_port = _free_port()
    try:
        with services.redis_key_prefix(redis.url, "tma-faults") as prefix, \
                deployment.topology(work, database_url=through_link, redis_url=redis.url, redis_key_prefix=prefix,
                                    admin_id=ADMIN_ID, bot_token=TEST_BOT_TOKEN, export=False,
                                    public_port=public_port) as topo:
            front = LoopbackLink(public_port, topo.proxy_port)
            front.up()
            try:
                yield Faults(topo, redis, database_link, front, database_url)
            finally:
                front.down()
    finally:
        database_link.thaw()
        database_link.down()
        redis.stop()


@pytest.fixture
def topology_intact(faults) -> Iterator[Faults]:
    """Both backends running before the test; after it, none died that the test did not kill."""
    topo = faults.topology
    for name, backend in topo.backends.items():
        if not backend.running:
            topo.start_backend(name)
            topo.wait_for(f"{backend.url}/api/health/ready", backend, timeout=60)
    killed = faults.killed = []
    yield faults
    crashed = [name for name in topo.crashed_backends() if name not in killed]
    logs = {name: topo.backends[name].log.read_text()[-3000:] for name in crashed}
    assert not crashed, f"backends died on their own: {crashed}\n{logs}"
    for name, backend in topo.backends.items():
        if backend.running and name not in killed:
            assert backend.process is not None and backend.process.poll() is None


def kill_backend(faults: Faults, name: str) -> None:
    faults.killed.append(name)
    faults.topology.stop_backend(name, signal.SIGKILL)
