"""What a load step records besides the users' own samples: the backends' memory and CPU, PostgreSQL
connections, the Redis lock warnings in the backends' logs, the generator's own CPU and the machine's load.
Read from /proc, pg_stat_activity and the log files; nothing here talks to the app."""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.topology import established_to

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
# Reflex's Redis state manager: a lock held longer than the warning threshold, and a lock lost
# before the event finished (LockExpiredError: the event's changes are dropped).
LOCK_HELD = re.compile(r"was held too long")
LOCK_EXPIRED = re.compile(r"LockExpiredError")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * q // 100) - 1))] if ordered else float("nan")


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def tree(root: int) -> list[int]:
    return [root, *descendants(root)]


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
    return total


def connections_to(pids: list[int], port: int) -> int:
    """Established TCP connections these processes hold to `port` (e.g. Redis's), from /proc."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return established_to(port, inodes)


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


@dataclass
class LogCounter:
    """Counts matching lines appended to the backends' logs since the last `take`."""

    logs: list[Path]
    offsets: dict[Path, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.offsets = {log: log.stat().st_size if log.exists() else 0 for log in self.logs}

    def take(self) -> tuple[int, int]:
        held = expired = 0
        for log in self.logs:
            if not log.exists():
                continue
            with log.open("rb") as handle:
                handle.seek(self.offsets[log])
                chunk = handle.read().decode("utf-8", "replace")
                self.offsets[log] = handle.tell()
            held += len(LOCK_HELD.findall(chunk))
            expired += len(LOCK_EXPIRED.findall(chunk))
        return held, expired


@dataclass
class Sampler:
    """Samples PostgreSQL connections of the run's database, and the backends' connections to Redis, once a
    second while a step runs."""

    admin_url: str
    database: str
    redis_port: int
    backend_pids: Callable[[], list[int]]
    most: int = 0
    most_active: int = 0
    most_redis: int = 0
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.most = self.most_active = self.most_redis = 0
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _loop(self) -> None:
        while True:
            total, active = await asyncio.to_thread(self.connections)
            self.most, self.most_active = max(self.most, total), max(self.most_active, active)
            self.most_redis = max(self.most_redis, connections_to(self.backend_pids(), self.redis_port))
            await asyncio.sleep(1.0)

    def connections(self) -> tuple[int, int]:
        """Connections to the run's database, and how many of them were running a query."""
        import psycopg

        with psycopg.connect(self.admin_url, connect_timeout=3) as connection:
            row = connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()", (self.database,)).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)


@dataclass
class Usage:
    """CPU of a set of process trees and of this process over a span of wall time."""

    roots: list[int]
    wall: float = field(default_factory=time.perf_counter)
    backend_cpu: float = 0.0
    own_cpu: float = field(default_factory=own_cpu_seconds)

    def __post_init__(self) -> None:
        self.backend_cpu = cpu_seconds([p for root in self.roots for p in tree(root)])

    def cores(self) -> tuple[float, float]:
        """(backends, generator) cores used since this object was made."""
        wall = time.perf_counter() - self.wall
        backend = cpu_seconds([p for root in self.roots for p in tree(root)]) - self.backend_cpu
        return backend / wall, (own_cpu_seconds() - self.own_cpu) / wall
