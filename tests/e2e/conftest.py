"""The app built and served in prod mode, and Chromium driven by Playwright.

The server is built once per run on a free port, against a throwaway SQLite
database migrated and seeded exactly as `make run` does.
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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_BOT_TOKEN
from tests.support.app_database import rows
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram, TelegramPayments, answer_telegram_script_empty
from tests.support.services import unavailable
from tests.support.telegram import ADMIN_ID, PAYMENTS_ADMIN_ID

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT_S = 420

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The assistant of the shared prod server answers from a loopback OpenAI-compatible server, through
# the real SDK; a small daily budget lets a test spend it in a few questions.
AI_DAILY_REQUESTS = 5
# BotFather's test providers issue tokens of this shape; the fake Bot API accepts any.
PAYMENT_PROVIDER_TOKEN = "1744374395:TEST:e2e-provider"
# The webhook secret of every prod server under test (post updates with FakeBotApi.post_update).
E2E_WEBHOOK_SECRET = "e2e-webhook-secret"
# Where the bot's calls go when a test gives no fake Bot API: a closed loopback port, never Telegram.
NO_BOT_API = "http://127.0.0.1:9"


def _server_env(database_url: str, port: int, ai_base_url: str | None = None,
                bot_api_url: str | None = None) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": f"{venv_bin}:{os.environ.get('PATH', '')}",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "APP_ENV": "prod",
        "TELEGRAM_BOT_TOKEN": TEST_BOT_TOKEN,
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "ADMIN_TELEGRAM_IDS": f"{ADMIN_ID},{PAYMENTS_ADMIN_ID}",
        "AI_USER_DAILY_REQUESTS": str(AI_DAILY_REQUESTS),
        # Without a server given, the assistant is the offline help (no key).
        "OPENAI_API_KEY": "sk-e2e-loopback" if ai_base_url else "",
        "OPENAI_BASE_URL": ai_base_url or "",
        "TELEGRAM_BOT_API_URL": bot_api_url or NO_BOT_API,
        "TELEGRAM_WEBHOOK_SECRET": E2E_WEBHOOK_SECRET,
        "TELEGRAM_PAYMENT_PROVIDER_TOKEN": PAYMENT_PROVIDER_TOKEN if bot_api_url else "",
    }
    return env


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prod server exited ({process.returncode}):\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"prod server not up after {STARTUP_TIMEOUT_S}s:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def prod_database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"


APP_FILES = ("rxconfig.py", "alembic.ini", "tma_app", "assets", "alembic", "reflex.lock")


def copy_app(target: Path) -> Path:
    """A copy of the app to build from, so a test never shares .web/ with `make run` or another test."""
    target.mkdir(parents=True, exist_ok=True)
    for name in APP_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def start_prod_server(app_dir: Path, env: dict[str, str], port: int, log_path: Path,
                      host: str = "127.0.0.1") -> subprocess.Popen:
    """Migrate and seed, then `reflex run --env prod` on one port (all addresses), in its own process group."""
    for step in (["-m", "alembic", "upgrade", "head"], ["-m", "tma_app.seed"]):
        subprocess.run([sys.executable, *step], cwd=app_dir, env=env, check=True, capture_output=True,
                       timeout=120)
    reflex = str(Path(sys.executable).parent / "reflex")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--loglevel", "info"],
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://{host}:{port}"
    try:
        _wait_until_up(f"{base_url}/api/health", process, log_path)
        _wait_until_up(f"{base_url}/", process, log_path)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return process


@pytest.fixture(scope="session")
def prod_app_dir(tmp_path_factory) -> Path:
    return copy_app(tmp_path_factory.mktemp("e2e-app"))


@pytest.fixture(scope="session")
def fake_openai() -> Iterator[FakeOpenAI]:
    """The loopback OpenAI-compatible server the shared prod server's assistant talks to."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="session")
def fake_bot_api() -> Iterator[FakeBotApi]:
    """The loopback Bot API the shared prod server's bot calls (its calls recorded, errors scripted)."""
    with FakeBotApi(token=TEST_BOT_TOKEN) as server:
        yield server


@pytest.fixture(scope="session")
def prod_server(tmp_path_factory, prod_database_url, prod_app_dir, fake_openai, fake_bot_api) -> Iterator[str]:
    """`reflex run --env prod` on a free port; yields its base URL."""
    port = _free_port()
    env = _server_env(prod_database_url, port, ai_base_url=fake_openai.base_url, bot_api_url=fake_bot_api.base_url)
    log_path = tmp_path_factory.mktemp("e2e-logs") / "server.log"
    process = start_prod_server(prod_app_dir, env, port, log_path)
    base_url = f"http://127.0.0.1:{port}"
    try:
        yield base_url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        unavailable("Chromium", f"{CHROMIUM} not installed (make test installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_app(browser, prod_server) -> Iterator[Callable]:
    """Open the app in a fresh phone-sized tab, optionally inside a fake Telegram."""
    contexts = []

    def _open(fake: FakeTelegram | None, path: str = "/", init_script: str | None = None):
        context = browser.new_context(viewport={"width": 390, "height": 760}, locale="en-US")
        contexts.append(context)
        answer_telegram_script_empty(context)
        if init_script is not None:
            context.add_init_script(script=init_script)
        if fake is not None:
            fake.install(context)
        page = context.new_page()
        page.goto(prod_server + path, wait_until="domcontentloaded")
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def telegram_payments(prod_server, prod_database_url, fake_bot_api):
    """Telegram's side of payments against the shared prod server (see fake_telegram.TelegramPayments)."""
    def invoice_of(url: str) -> dict:
        found = rows(prod_database_url, "SELECT payload, amount, currency, user_id FROM payments "
                                        "WHERE invoice_url = :url", url=url)
        assert found, f"no payment has the invoice link {url}"
        payload, amount, currency, user_id = found[0]
        return {"payload": payload, "amount": amount, "currency": currency, "user_id": user_id}

    return TelegramPayments(fake_bot_api, prod_server + "/api/telegram/webhook", E2E_WEBHOOK_SECRET, invoice_of)
