"""The one typed settings object, read from the environment and `.env`.

Secrets are read here and nowhere else. A missing or malformed value stops the
app before anything starts, with one error that names every bad variable.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'tma_app.db'}"

# A fixed, obviously fake token so `make run` works with no configuration.
# Only accepted outside prod; initData signed with it is worthless elsewhere.
DEV_BOT_TOKEN = "1000000001:DEV-mode-token-never-valid-in-prod-xx"

_BOT_TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,}$")
# @BotFather's rules: a bot username is 5-32 of [A-Za-z0-9_] ending in "bot";
# a Mini App short name is 3-30 of the same characters.
_BOT_USERNAME_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{1,28}[Bb][Oo][Tt]$")
_MINIAPP_NAME_SHAPE = re.compile(r"^[A-Za-z0-9_]{3,30}$")


class SettingsError(RuntimeError):
    """Raised once, before start-up, listing every variable that is wrong."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=True,
    )

    APP_ENV: Literal["dev", "test", "prod"] = "dev"
    TELEGRAM_BOT_TOKEN: SecretStr | None = None
    # The t.me/<bot>/<app> path of referral links (the Mini App as registered with @BotFather).
    TELEGRAM_BOT_USERNAME: str = "tma_app_dev_bot"
    TELEGRAM_MINIAPP_NAME: str = "app"
    # Where Bot API calls go: Telegram's own server, or a local Bot API server (tests: the loopback fake).
    TELEGRAM_BOT_API_URL: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    # Telegram echoes it in X-Telegram-Bot-Api-Secret-Token on every webhook call (setWebhook's secret_token).
    TELEGRAM_WEBHOOK_SECRET: SecretStr | None = None
    # Telegram's WebApp script, loaded by every page. Benchmarks point it at a same-size stand-in on
    # another local origin, to count its cost without reaching telegram.org.
    TELEGRAM_WEB_APP_SCRIPT_URL: AnyHttpUrl = AnyHttpUrl("https://telegram.org/js/telegram-web-app.js?59")
    INIT_DATA_MAX_AGE_SECONDS: int = Field(default=86_400, ge=60, le=30 * 86_400)
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    # Each backend worker process keeps its own pool of up to POOL_SIZE + MAX_OVERFLOW PostgreSQL
    # connections; their sum over all workers must stay under the server's max_connections (docs/deploy.md).
    DATABASE_POOL_SIZE: int = Field(default=5, ge=1, le=100)
    DATABASE_MAX_OVERFLOW: int = Field(default=10, ge=0, le=100)
    REDIS_URL: str | None = None
    REDIS_KEY_PREFIX: str = Field(default="tma:", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    ADMIN_TELEGRAM_IDS: Annotated[frozenset[int], NoDecode] = frozenset()
    OPENAI_API_KEY: SecretStr | None = None
    OPENAI_BASE_URL: AnyHttpUrl | None = None
    # The assistant's model for every configuration, and per-configuration overrides
    # ("support=gpt-4.1,creative=gpt-4.1-mini"); without OPENAI_API_KEY the offline help answers.
    OPENAI_MODEL: str = Field(default="gpt-4o-mini", pattern=r"^[A-Za-z0-9_.:/-]{1,100}$")
    AI_MODELS: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    # Seconds for the provider to start answering (and between two chunks) before the attempt fails.
    AI_TIMEOUT_S: float = Field(default=20.0, gt=0, le=300)
    # Read the model's streams in one child process per worker (false: in the worker itself).
    AI_STREAM_PROCESS: bool = True
    # Budgets: per user in the user's local day, and for the whole app in a UTC day.
    AI_USER_DAILY_REQUESTS: int = Field(default=50, ge=0, le=100_000)
    AI_USER_DAILY_TOKENS: int = Field(default=30_000, ge=0, le=100_000_000)
    AI_GLOBAL_DAILY_TOKENS: int = Field(default=2_000_000, ge=0, le=10_000_000_000)
    # Hosts an answer may link to, besides the app's own (PUBLIC_URL); subdomains included.
    AI_LINK_HOSTS: Annotated[frozenset[str], NoDecode] = frozenset({"telegram.org", "t.me"})
    SENTRY_DSN: SecretStr | None = None
    # Share of HTTP requests, Reflex events and page loads traced (0 to 1).
    SENTRY_TRACES_SAMPLE_RATE: float = Field(default=0.1, ge=0.0, le=1.0)
    # Share of sessions whose replay (every text and input masked) is kept when an error happens.
    SENTRY_REPLAYS_ON_ERROR_SAMPLE_RATE: float = Field(default=1.0, ge=0.0, le=1.0)
    # The build id errors are reported under, in the backend and the page alike: set it at build
    # time (e.g. the git commit); unset, a checkout's own commit is used.
    RELEASE: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:@+-]{1,200}$")
    PUBLIC_URL: AnyHttpUrl | None = None
    # The payment provider's token from @BotFather (Payments): physical orders paid online in RUB.
    # Unset: orders are paid on pickup/delivery only. Stars (digital goods) need no provider.
    TELEGRAM_PAYMENT_PROVIDER_TOKEN: SecretStr | None = None
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The service worker of prod builds (docs/offline.md); "off" is the kill switch:
    # the next launch unregisters an installed one and deletes its caches. Always off in dev.
    SERVICE_WORKER: Literal["on", "off"] = "on"

    @field_validator("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "SENTRY_DSN", "REDIS_URL", "RELEASE",
                     "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_PAYMENT_PROVIDER_TOKEN", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("OPENAI_BASE_URL", "PUBLIC_URL", mode="before")
    @classmethod
    def _blank_url_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("TELEGRAM_BOT_API_URL", mode="before")
    @classmethod
    def _blank_bot_api_is_telegram(cls, value: object) -> object:
        return "https://api.telegram.org" if isinstance(value, str) and not value.strip() else value

    @field_validator("TELEGRAM_BOT_USERNAME", mode="before")
    @classmethod
    def _username_without_at(cls, value: object) -> object:
        # Usernames are usually written "@name"; the link needs the bare name.
        return value.strip().removeprefix("@") if isinstance(value, str) else value

    @field_validator("TELEGRAM_BOT_USERNAME")
    @classmethod
    def _bot_username_shape(cls, value: str) -> str:
        if not _BOT_USERNAME_SHAPE.fullmatch(value):
            raise ValueError("expected the bot's username: 5-32 letters, digits or _, ending in 'bot'")
        return value

    @field_validator("TELEGRAM_MINIAPP_NAME")
    @classmethod
    def _miniapp_name_shape(cls, value: str) -> str:
        if not _MINIAPP_NAME_SHAPE.fullmatch(value):
            raise ValueError("expected the Mini App's short name from @BotFather: 3-30 letters, digits or _")
        return value

    @field_validator("TELEGRAM_BOT_TOKEN")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _BOT_TOKEN_SHAPE.match(value.get_secret_value()):
            raise ValueError("expected '<bot id>:<secret>' as issued by @BotFather")
        return value

    @field_validator("TELEGRAM_WEBHOOK_SECRET")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for setWebhook's secret_token.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("expected 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("SENTRY_DSN")
    @classmethod
    def _dsn_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and _dsn_origin(value.get_secret_value()) is None:
            raise ValueError("expected a Sentry DSN: http(s)://<public key>@<host>/<project id>")
        return value

    @field_validator("ADMIN_TELEGRAM_IDS", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("expected comma-separated numeric Telegram user ids")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("AI_MODELS", mode="before")
    @classmethod
    def _model_overrides(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = [part.strip() for part in value.split(",") if part.strip()]
            parsed = {}
            for pair in pairs:
                name, _, model = pair.partition("=")
                if not re.fullmatch(r"[a-z_]{1,40}", name.strip()) or not re.fullmatch(r"[A-Za-z0-9_.:/-]{1,100}",
                                                                                       model.strip()):
                    raise ValueError(f"expected config=model pairs separated by commas, got {pair!r}")
                parsed[name.strip()] = model.strip()
            return parsed
        return value

    @field_validator("AI_LINK_HOSTS", mode="before")
    @classmethod
    def _comma_separated_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            hosts = [part.strip().lower() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"[a-z0-9.-]{1,253}", host) for host in hosts):
                raise ValueError("expected comma-separated host names like 'example.com,t.me'")
            return frozenset(hosts)
        return value

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("expected a sqlite:// or postgresql:// URL")
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("REDIS_URL")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("expected a redis://, rediss:// or unix:// URL")
        return value

    @model_validator(mode="after")
    def _prod_needs_a_real_token(self) -> Settings:
        if self.APP_ENV == "prod":
            if self.TELEGRAM_BOT_TOKEN is None:
                raise ValueError("TELEGRAM_BOT_TOKEN: required when APP_ENV=prod")
            if self.TELEGRAM_BOT_TOKEN.get_secret_value() == DEV_BOT_TOKEN:
                raise ValueError("TELEGRAM_BOT_TOKEN: the built-in dev token is refused when APP_ENV=prod")
            if self.PUBLIC_URL is None:
                raise ValueError("PUBLIC_URL: required when APP_ENV=prod (it is the CORS allow-list)")
        return self

    @property
    def bot_token(self) -> str:
        """The token that signs initData; the dev token outside prod when none is set."""
        if self.TELEGRAM_BOT_TOKEN is not None:
            return self.TELEGRAM_BOT_TOKEN.get_secret_value()
        return DEV_BOT_TOKEN

    @property
    def webhook_secret(self) -> str | None:
        return self.TELEGRAM_WEBHOOK_SECRET.get_secret_value() if self.TELEGRAM_WEBHOOK_SECRET else None

    @property
    def bot_configured(self) -> bool:
        """A real bot token is set: only then can the app call the Bot API (invoices, messages)."""
        return self.TELEGRAM_BOT_TOKEN is not None

    @property
    def payment_provider_token(self) -> str | None:
        """The provider token for RUB invoices, or None: orders are then paid on pickup/delivery."""
        token = self.TELEGRAM_PAYMENT_PROVIDER_TOKEN
        return token.get_secret_value() if token is not None else None

    @property
    def is_dev(self) -> bool:
        return self.APP_ENV == "dev"

    @property
    def service_worker_enabled(self) -> bool:
        """Builds register the service worker (never in dev, where hot reload must see every change)."""
        return self.SERVICE_WORKER == "on" and not self.is_dev

    @property
    def cors_origins(self) -> list[str]:
        """The only origins allowed to call the backend: the app's own, never '*'."""
        return self.cors_origins_for(dev_frontend_port=3000)

    def cors_origins_for(self, *, dev_frontend_port: int) -> list[str]:
        """`cors_origins` with the dev page where `reflex run --frontend-port` really serves it."""
        origins = []
        if self.PUBLIC_URL is not None:
            origins.append(f"{self.PUBLIC_URL.scheme}://{self.PUBLIC_URL.host}" + _port_suffix(self.PUBLIC_URL))
        if self.APP_ENV != "prod":
            port = dev_frontend_port
            origins += [f"http://localhost:{port}", f"http://127.0.0.1:{port}"]
        return list(dict.fromkeys(origins))

    @property
    def redis_enabled(self) -> bool:
        return self.REDIS_URL is not None

    @property
    def sentry_dsn(self) -> str | None:
        """The DSN errors are reported to; its public key is meant to be seen by the page too."""
        return self.SENTRY_DSN.get_secret_value() if self.SENTRY_DSN is not None else None

    @property
    def sentry_ingest_origin(self) -> str | None:
        """Where the page sends its reports (for the CSP), or None without a DSN."""
        return _dsn_origin(self.sentry_dsn) if self.sentry_dsn else None

    @property
    def release(self) -> str | None:
        """RELEASE, or else the commit this checkout is at (a deploy without .git sets RELEASE)."""
        return self.RELEASE or _checkout_commit(PROJECT_ROOT)


def _dsn_origin(dsn: str) -> str | None:
    parts = urlsplit(dsn)
    if parts.scheme not in ("http", "https") or not parts.username or not parts.hostname:
        return None
    if not parts.path.strip("/"):
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def _checkout_commit(root: Path) -> str | None:
    """The commit of a git checkout, read from .git without running git."""
    git = root / ".git"
    try:
        if git.is_file():  # a worktree: "gitdir: <path>"
            git = (root / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head or None
        ref = head.removeprefix("ref: ")
        ref_file = git / ref
        if not ref_file.exists():
            common = git / "commondir"
            base = (git / common.read_text().strip()).resolve() if common.exists() else git
            ref_file = base / ref
            if not ref_file.exists():
                packed = (base / "packed-refs").read_text().splitlines()
                return next((line.split()[0] for line in packed if line.endswith(" " + ref)), None)
        return ref_file.read_text().strip() or None
    except (OSError, IndexError):
        return None


def _port_suffix(url: AnyHttpUrl) -> str:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return f":{url.port}" if url.port and url.port != default else ""


def load_settings(**overrides: Any) -> Settings:
    """Build settings or raise one `SettingsError` naming each bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or _name_in_message(error["msg"])
            problems.append(f"  {name}: {_clean(error['msg'])}")
        raise SettingsError("Invalid configuration:\n" + "\n".join(problems)) from None


def _name_in_message(message: str) -> str:
    match = re.search(r"([A-Z][A-Z0-9_]+):", message)
    return match.group(1) if match else "settings"


def _clean(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return re.sub(r"^[A-Z][A-Z0-9_]+: ", "", message)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
