"""A redis-server of the test's own (Debian's binary), which the test may stop and start again.

    server = DisposableRedis(work_dir)   # a free loopback port, no persistence
    server.start(); ...; server.stop()   # stop() is SIGKILL: whatever it held is gone
    server.start()                       # the same port again, empty, as a restarted cache is

Nothing is saved to disk (`--save '' --appendonly no`), so a restart loses every key: the
worst case for the app, whose Reflex states and rate-limit windows live there.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import redis

from tests.support.services import unavailable

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_TIMEOUT_S = 10


class DisposableRedis:
    def __init__(self, work: Path, port: int) -> None:
        self.work, self.port = work, port
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if not Path(REDIS_SERVER).exists():
            unavailable("redis-server", f"{REDIS_SERVER} not installed (Debian's redis-server package)")
        log = (self.work / f"redis-{self.port}.log").open("a")
        self._process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.work)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        deadline = time.monotonic() + START_TIMEOUT_S
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.RedisError:
                    if self._process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"redis-server on port {self.port} did not start") from None
                    time.sleep(0.05)  # the poll interval of a deadline wait
        finally:
            client.close()

    def config(self, name: str) -> str:
        """One setting of the running server (CONFIG GET)."""
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1, decode_responses=True)
        try:
            return str(client.config_get(name).get(name, ""))
        finally:
            client.close()

    def stop(self) -> None:
        """SIGKILL, as a crashed or evicted cache node goes: no shutdown, no save."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=10)
        self._process = None
