"""The self-hosted topology of docs/deploy.md, on loopback: built by `make deploy-check` and `make fault-check`.

    nginx (Debian's, its own process) :proxy
      /            the static `reflex export` of the frontend
      /_event      websocket, upgraded  ──┐
      /api/...     HTTP API             ──┴─> backend a, backend b (`reflex run --env prod --backend-only`)
                                                  sharing PostgreSQL (a database of this run) and
                                                  Redis (state, and a key prefix of this run)

Built the way an operator builds it: export the frontend, render the proxy's site config with
`python -m deploy.nginx`, start the backends, run the migrations as their own step. A caller that
only speaks the websocket protocol may skip the export (the proxy then serves an empty root), and
may put its own links in front (`public_port`: the address users are given) or between the backends
and their services (`database_url`, `redis_url`). bench/load/ builds the same topology with
`build` (any number of backends, its own environment) from a copy made by `app_copy_with_deploy`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.conftest import _free_port, copy_app
from tests.support.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT_S = 240
# Set by tests/conftest.py for the suite; a deployment has its own.
SUITE_ENV = ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "REDIS_KEY_PREFIX", "SENTRY_DSN",
             "OPENAI_API_KEY", "PUBLIC_URL", "ADMIN_TELEGRAM_IDS")


class TopologyError(RuntimeError):
    """A part of the topology did not start, answer or stop as it should."""


def get(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def established_to(port: int, inodes: set[str] | None = None) -> int:
    """Open TCP connections to `port` on this machine (the proxy's websockets to a backend); with `inodes`,
    only the sockets among them (one set of processes' own connections)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "01" and int(fields[2].rsplit(":", 1)[1], 16) == port and (
                    inodes is None or fields[9] in inodes):
                count += 1
    return count


@dataclass
class Backend:
    name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Topology:
    app_dir: Path
    work: Path
    env: dict[str, str]
    proxy_port: int
    backends: dict[str, Backend]
    nginx: subprocess.Popen | None = None
    facts: dict[str, object] = field(default_factory=dict)
    public_port: int = 0  # where users connect: the proxy itself unless a link stands in front of it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.public_port or self.proxy_port}"

    def run_step(self, *command: str, timeout: float = 600) -> str:
        result = subprocess.run(list(command), cwd=self.app_dir, env=self.env, capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            raise TopologyError(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def start_backend(self, name: str) -> Backend:
        backend = self.backends[name]
        reflex = str(Path(sys.executable).parent / "reflex")
        with backend.log.open("a") as log:
            backend.process = subprocess.Popen(
                [reflex, "run", "--env", "prod", "--backend-only", "--backend-host", "127.0.0.1",
                 "--backend-port", str(backend.port), "--loglevel", "info"],
                cwd=self.app_dir, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.wait_for(f"{backend.url}/api/health/live", backend)
        return backend

    def wait_for(self, url: str, backend: Backend | None = None, status: int = 200,
                 timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if backend is not None and not backend.running:
                raise TopologyError(f"backend {backend.name} exited:\n{backend.log.read_text()[-4000:]}")
            try:
                if get(url)[0] == status:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                log = backend.log.read_text()[-4000:] if backend else ""
                raise TopologyError(f"{url} did not answer {status} within {timeout:.0f}s\n{log}")
            time.sleep(0.5)

    def stop_backend(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> float:
        """SIGTERM to the main process, as an orchestrator stops it; SIGKILL to all of it, as a crashed
        host or container loses it. Returns the seconds until every process of it is gone."""
        backend = self.backends[name]
        if backend.process is None:
            raise TopologyError(f"backend {name} was never started")
        started = time.monotonic()
        if sig == signal.SIGKILL:
            os.killpg(backend.process.pid, sig)
        else:
            backend.process.send_signal(sig)
        backend.process.wait(timeout=timeout)
        while group_alive(backend.process.pid) and time.monotonic() - started < timeout:
            time.sleep(0.05)
        if group_alive(backend.process.pid):
            raise TopologyError(f"workers of backend {name} outlived it")
        return time.monotonic() - started

    def backend_holding_sockets(self) -> str:
        holding = [name for name, backend in self.backends.items() if backend.running and established_to(backend.port)]
        if len(holding) != 1:
            raise TopologyError(f"expected one backend holding the page's websocket, got {holding}")
        return holding[0]

    def crashed_backends(self) -> list[str]:
        """Backends whose process exited without the caller stopping it."""
        return [name for name, backend in self.backends.items()
                if backend.process is not None and backend.process.poll() is not None]


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


def nginx_main_config(work: Path, site: Path, worker_connections: int = 512) -> str:
    temp = work / "nginx-temp"
    temp.mkdir(exist_ok=True)
    # Running as root, nginx's workers would otherwise switch to nobody, who cannot read the
    # caller's private temporary directories.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""\
daemon off;
{user}worker_processes 1;
pid {work / 'nginx.pid'};
error_log {work / 'nginx-error.log'} info;
events {{ worker_connections {worker_connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work / 'nginx-access.log'};
    client_body_temp_path {temp / 'body'};
    proxy_temp_path {temp / 'proxy'};
    fastcgi_temp_path {temp / 'fastcgi'};
    uwsgi_temp_path {temp / 'uwsgi'};
    scgi_temp_path {temp / 'scgi'};
    include {site};
}}
"""


@contextmanager
def build(app_dir: Path, work: Path, env: dict[str, str], proxy_port: int, ports: dict[str, int], *,
          export: bool = True, worker_connections: int = 512) -> Iterator[Topology]:
    """Export (unless `export` is false: the proxy then serves an empty root), start the backends named in
    `ports` on the empty database, migrate and seed as their own step, wait until every backend is ready,
    then start the proxy. Everything started is stopped on the way out.

    `env` is the deployment's environment (APP_ENV=prod, PUBLIC_URL, DATABASE_URL, REDIS_URL, ...), with
    the venv's bin on PATH; `app_dir` holds a copy of the app (and `deploy/`) it may build in.
    """
    if not Path(NGINX).exists():
        raise TopologyError(f"{NGINX} not installed (Debian's nginx package)")
    venv_bin = Path(sys.executable).parent
    backends = {name: Backend(name, port, work / f"backend-{name}.log") for name, port in ports.items()}
    topo = Topology(app_dir=app_dir, work=work, env=env, proxy_port=proxy_port, backends=backends)
    try:
        # 1. Build: the static frontend, and the proxy configuration for it.
        started = time.monotonic()
        static_root = app_dir / ".web" / "build" / "client"
        if export:
            topo.run_step(str(venv_bin / "reflex"), "export", "--frontend-only", "--no-zip")
            if not (static_root / "index.html").exists():
                raise TopologyError("reflex export wrote no index.html")
        else:
            static_root.mkdir(parents=True, exist_ok=True)
        topo.facts["export_s"] = time.monotonic() - started
        site = work / "site.conf"
        upstreams = [arg for b in backends.values() for arg in ("--backend", f"127.0.0.1:{b.port}")]
        site.write_text(topo.run_step(sys.executable, "-m", "deploy.nginx", "--listen", f"127.0.0.1:{proxy_port}",
                                      "--root", str(static_root), *upstreams))
        main_config = work / "nginx.conf"
        main_config.write_text(nginx_main_config(work, site, worker_connections))
        subprocess.run([NGINX, "-t", "-c", str(main_config), "-e", str(work / "nginx-error.log")], check=True,
                       capture_output=True, timeout=30)

        # 2. Backends on the empty database: alive, not ready.
        first = next(iter(backends.values()))
        for name in backends:
            topo.start_backend(name)
        topo.facts["live_before_migrations"] = get(f"{first.url}/api/health/live")[0]
        topo.facts["ready_before_migrations"] = get(f"{first.url}/api/health/ready")

        # 3. Migrations, their own step (then the demo catalog), after which all become ready.
        topo.run_step(sys.executable, "-m", "alembic", "upgrade", "head")
        topo.run_step(sys.executable, "-m", "tma_app.seed")
        for backend in backends.values():
            topo.wait_for(f"{backend.url}/api/health/ready", backend, timeout=30)

        # 4. The proxy in front.
        with (work / "nginx.out").open("w") as out:
            topo.nginx = subprocess.Popen([NGINX, "-c", str(main_config), "-e", str(work / "nginx-error.log")],
                                          stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        topo.wait_for(f"{topo.url}/api/health/ready", timeout=30)
        yield topo
    finally:
        stop(topo)


def stop(topo: Topology) -> None:
    if topo.nginx is not None and topo.nginx.poll() is None:
        topo.nginx.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            topo.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(topo.nginx.pid, signal.SIGKILL)
    for backend in topo.backends.values():
        if backend.process is not None and group_alive(backend.process.pid):
            os.killpg(backend.process.pid, signal.SIGKILL)


@contextmanager
def topology(work: Path, *, database_url: str, redis_url: str, redis_key_prefix: str, admin_id: int,
             bot_token: str, export: bool = True, public_port: int = 0,
             extra_env: dict[str, str] | None = None) -> Iterator[Topology]:
    """Build and start the topology in `work`; everything it started is stopped when the block ends.

    The backends reach PostgreSQL and Redis at `database_url` and `redis_url` (a caller's link or
    disposable server may stand there); users reach the proxy at `public_port` when given.
    """
    if not Path(NGINX).exists():
        unavailable("nginx", f"{NGINX} not installed (make deploy-check installs Debian's nginx)")
    app_dir = copy_app(work / "app")
    shutil.copytree(ROOT / "deploy", app_dir / "deploy", ignore=shutil.ignore_patterns("__pycache__"))
    proxy_port = _free_port()
    public = public_port or proxy_port
    venv_bin = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in SUITE_ENV and not k.startswith("REFLEX_")}
    env.update({
        "PATH": f"{venv_bin}:{env.get('PATH', '')}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "APP_ENV": "prod",
        "TELEGRAM_BOT_TOKEN": bot_token,
        "PUBLIC_URL": f"http://127.0.0.1:{public}",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_KEY_PREFIX": redis_key_prefix,
        "ADMIN_TELEGRAM_IDS": str(admin_id),
        "GRANIAN_WORKERS": "1",
        **(extra_env or {}),
    })
    ports = {name: _free_port() for name in ("a", "b")}
    with build(app_dir, work, env, proxy_port, ports, export=export) as topo:
        topo.public_port = public_port
        yield topo


def app_copy_with_deploy(app_dir: Path, root: Path, app_files: Sequence[str]) -> Path:
    """A copy of the app's files (and `deploy/`, which renders the proxy) to build and run in."""
    app_dir.mkdir(parents=True, exist_ok=True)
    for name in (*app_files, "deploy"):
        source = root / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, app_dir / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                            dirs_exist_ok=True)
        else:
            shutil.copy2(source, app_dir / name)
    return app_dir
