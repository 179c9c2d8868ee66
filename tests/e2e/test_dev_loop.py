"""`make run` in a fresh clone, used the way a developer does, for a few minutes.

The dev server must stay up through a minute of idle with a session open in Chromium, still
hot-reload an edit under tma_app/, stop cleanly on Ctrl-C, and leave git clean; a second
`make run` reinstalls nothing and changes nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.fake_telegram import answer_telegram_script_empty

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 420
IDLE_S = 60
STOP_TIMEOUT_S = 15
# Set by tests/conftest.py for the suite; a developer's `make run` has none of them.
SUITE_ENV = ("APP_ENV", "TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "REDIS_KEY_PREFIX", "SENTRY_DSN",
             "OPENAI_API_KEY", "PUBLIC_URL", "ADMIN_TELEGRAM_IDS", "CI")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """The tracked files as they are now, committed in a new repository, sharing this venv."""
    target = tmp_path / "clone"
    for name in _git(ROOT, "ls-files", "-z").split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "clone")
    (target / ".venv").symlink_to(sys.prefix)
    with (target / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write(".venv\n")
    return target


class DevServer:
    def __init__(self, clone: Path, log: Path) -> None:
        self.clone, self.log = clone, log
        self.frontend, self.backend = _free_port(), _free_port()
        env = {k: v for k, v in os.environ.items() if k not in SUITE_ENV and not k.startswith("REFLEX_")}
        # The dev allow-list names port 3000; this run is on a free port.
        env["PUBLIC_URL"] = f"http://localhost:{self.frontend}"
        with log.open("w") as out:
            self.process = subprocess.Popen(
                ["make", "run", f"RUN_ARGS=--frontend-port {self.frontend} --backend-port {self.backend}"],
                cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    @property
    def url(self) -> str:
        return f"http://localhost:{self.frontend}"

    def health(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.backend}/api/health", timeout=5) as response:
            return response.read().decode()

    def wait_for_health(self, predicate, what: str) -> None:
        deadline = time.monotonic() + 120
        while True:
            try:
                if predicate(self.health()):
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"{what}:\n{self.log.read_text()[-3000:]}"
            time.sleep(1)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"make run exited:\n{self.log.read_text()[-4000:]}"
            try:
                self.health()
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        pytest.fail(f"make run not up after {STARTUP_TIMEOUT_S}s:\n{self.log.read_text()[-4000:]}")

    def backend_processes(self) -> set[int]:
        """The `reflex run` processes of this run: the supervisor and its current worker."""
        pids = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                group = os.getpgid(int(entry.name))
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except (OSError, ProcessLookupError):
                continue
            if group == self.process.pid and b"reflex run" in command:
                pids.add(int(entry.name))
        return pids

    def stop(self) -> float:
        """Ctrl-C, as a developer stops it; returns how long it took."""
        started = time.monotonic()
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            pytest.fail(f"make run still running {STOP_TIMEOUT_S}s after Ctrl-C:\n{self.log.read_text()[-4000:]}")
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while self.backend_processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not self.backend_processes(), "backend processes left behind"
        return time.monotonic() - started


def test_make_run_holds_reloads_stops_and_changes_nothing(clone, browser, tmp_path):
    first = DevServer(clone, tmp_path / "first.log")
    try:
        first.wait_until_up()
        context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
        answer_telegram_script_empty(context)  # the dev mock stands in for Telegram
        page = context.new_page()
        page.goto(first.url + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("bottom-nav")).to_be_visible(timeout=60_000)
        page.goto(first.url + "/demos/restaurant", wait_until="domcontentloaded")
        expect(page.get_by_test_id("bottom-nav")).to_be_visible(timeout=60_000)

        workers = first.backend_processes()
        idle_until = time.monotonic() + IDLE_S
        while time.monotonic() < idle_until:
            assert first.backend_processes() == workers, (
                f"the backend restarted while idle:\n{first.log.read_text()[-3000:]}"
            )
            time.sleep(1)
        expect(page.get_by_test_id("bottom-nav")).to_be_visible()
        expect(page.get_by_test_id("reconnecting")).to_have_count(0)

        # An edit under tma_app/ is served without restarting `make run`.
        api = clone / "tma_app" / "health" / "api.py"
        api.write_text(
            api.read_text().replace('body = {"status": status,', 'body = {"edited": True, "status": status,'))
        first.wait_for_health(lambda body: '"edited"' in body, "the edit was not reloaded")
        assert first.backend_processes() != workers
        # The open page reconnects to the new backend and its session carries on.
        page.goto(first.url + "/", wait_until="domcontentloaded")
        expect(page.get_by_test_id("bottom-nav")).to_be_visible(timeout=60_000)
        context.close()
        _git(clone, "checkout", "--", "tma_app/health/api.py")
        first.wait_for_health(lambda body: '"edited"' not in body, "the revert was not reloaded")
    finally:
        stopped_in = first.stop()
    log = first.log.read_text()
    assert "refused to gracefully stop" not in log, log[-3000:]
    assert stopped_in < STOP_TIMEOUT_S
    assert _git(clone, "status", "--porcelain") == "", "the first make run changed tracked files"

    second = DevServer(clone, tmp_path / "second.log")
    try:
        second.wait_until_up()
    finally:
        second.stop()
    log = second.log.read_text()
    assert "pip install" not in log, "the second make run reinstalled the Python packages"
    assert "Initializing" not in log, "the second make run initialised the frontend again"
    assert _git(clone, "status", "--porcelain") == "", "the second make run changed tracked files"
